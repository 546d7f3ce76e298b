import { beforeEach, describe, expect, it } from 'vitest';
import type { WebshopPlatform } from '../../src/connectors/systems.js';
import type { CatalogueCustomer } from '../../src/sandbox/catalogue.js';
import type { TransferRow } from '../../src/store/history.js';
import { runMain } from '../cli/run-cli.js';
import { rackbeatOrdersOf } from './helpers/order-checks.js';
import { runOrders, worldConfig, type FlowRun } from './world/run-orders.js';
import { PLATFORMS, useFlowWorld, type FlowWorld } from './world/world.js';
import { writesOf } from './world/writes.js';

/**
 * Issue 19: leg 3 of the order flow, Rackbeat → webshop, over HTTP against the simulators with a real
 * SQLite store, for both webshops. What the shop shows is read from its simulator's own state.
 */
const BUYER: CatalogueCustomer = {
  email: 'ship.me@example.dk',
  name: 'Ship Me',
  address: 'Havnegade 1',
  city: 'Aarhus',
  postcode: '8000',
  country: 'DK',
  existsInBackOffice: false,
};

/** What the shop shows of an order's fulfilment, the same for both platforms. */
interface ShopSide {
  /** Units fulfilled per SKU (Shopify: its fulfillments; WooCommerce: the whole order once completed). */
  fulfilled: Record<string, number>;
  /** Fulfilments (Shopify) or notes (WooCommerce) the shop got. */
  writes: number;
  /** The tracking numbers they carry. */
  tracking: string[];
  complete: boolean;
}

function shopSide(world: FlowWorld, number: string): ShopSide {
  const shop = world.shop;
  if (shop.platform === 'shopify') {
    const order = [...shop.state.orders.values()].find((candidate) => String(candidate.number) === number)!;
    const fulfillments = shop.state.fulfillments.fulfillments(order).filter((fulfillment) => fulfillment.createdAt >= order.createdAt);
    const fulfilled: Record<string, number> = {};
    for (const fulfillment of fulfillments) {
      for (const [lineId, units] of fulfillment.lines) {
        const sku = order.lines.find((line) => line.id === lineId)!.sku ?? '(no SKU)';
        fulfilled[sku] = (fulfilled[sku] ?? 0) + units;
      }
    }
    return {
      fulfilled,
      writes: fulfillments.length,
      tracking: fulfillments.flatMap((fulfillment) => (fulfillment.tracking?.number ? [fulfillment.tracking.number] : [])),
      complete: order.fulfillmentStatus === 'FULFILLED',
    };
  }
  const order = [...shop.state.orders.values()].find((candidate) => candidate.number === number)!;
  const notes = shop.state.notes.get(order.id) ?? [];
  const complete = order.status === 'completed';
  return {
    fulfilled: complete ? Object.fromEntries(shop.state.renderOrder(order).line_items.map((line) => [line.sku, line.quantity])) : {},
    writes: notes.length,
    tracking: notes.flatMap((note) => [...note.note.matchAll(/Tracking: (?:\S+ )?(\S+)/g)].map((match) => match[1] as string)),
    complete,
  };
}

describe.each(PLATFORMS)('fulfilment back to %s', (platform: WebshopPlatform) => {
  const startWorld = useFlowWorld();
  let world: FlowWorld;

  beforeEach(async () => {
    world = await startWorld({ platform, seededOrders: 3, orders: { fulfilment: { enabled: true } } });
  });

  const run = async (orders: Record<string, unknown> = {}): Promise<FlowRun> => runOrders({ config: await worldConfig(world, orders), command: 'orders' });
  const history = async (source: string): Promise<TransferRow[]> => {
    const result = await runMain(['-c', world.configPath, '--json', 'history', '--source', source], { cwd: world.dir });
    expect(result.code).toBe(0);
    return (JSON.parse(result.stdout) as TransferRow[]).filter((row) => row.stage === 'fulfilled');
  };
  /** A paid order of two lines (2 caps, 1 mug), transferred to Rackbeat by a run; its Rackbeat order. */
  const transferred = async () => {
    const number = world.shop.place({ customer: BUYER, items: [{ sku: 'CAP-001', quantity: 2 }, { sku: 'MUG#BLK', quantity: 1 }], paid: true });
    expect((await run()).exitCode).toBe(0);
    const [rackbeat] = rackbeatOrdersOf(world, number);
    return { number, rackbeat: rackbeat! };
  };
  const shopWrites = () => writesOf(world.shop.simulator).length;

  it('fulfils a fully shipped order with its tracking, once: a rerun writes nothing', async () => {
    const { number, rackbeat } = await transferred();
    expect(shopSide(world, number)).toMatchObject({ writes: 0, complete: false });
    world.rackbeat.state.shipOrderByHand(rackbeat.number, { trackingNumber: '1Z999AA10123456784' });

    const shipped = await run();
    expect(shipped.exitCode).toBe(0);
    expect(shipped.legs.find((leg) => leg.leg === 'rackbeat-webshop')?.counts.ok).toBe(1);
    expect(shopSide(world, number)).toEqual({ fulfilled: { 'CAP-001': 2, 'MUG#BLK': 1 }, writes: 1, tracking: ['1Z999AA10123456784'], complete: true });
    const rows = await history(number);
    expect(rows.map((row) => [row.status, row.targetSystem, row.message])).toEqual([
      ['ok', platform, expect.stringMatching(/^fulfilled 3 units shipped so far \(all shipped\), tracking 1Z999AA10123456784$/)],
    ]);

    const before = shopWrites();
    expect((await run()).exitCode).toBe(0);
    expect(shopWrites()).toBe(before);
    expect(await history(number)).toHaveLength(1);
  });

  it('fulfils a partial shipment without tracking (and says so), then the rest when it ships', async () => {
    const { number, rackbeat } = await transferred();
    const cap = rackbeat.lines.find((line) => line.sku === 'CAP-001')!;
    world.rackbeat.state.shipOrderByHand(rackbeat.number, { lines: [{ lineId: cap.id, quantity: 1 }] });

    expect((await run()).exitCode).toBe(0);
    const partly = shopSide(world, number);
    expect(partly).toMatchObject({ writes: 1, tracking: [], complete: false });
    if (platform === 'shopify') expect(partly.fulfilled).toEqual({ 'CAP-001': 1 });
    expect((await history(number)).map((row) => row.message)).toEqual(['fulfilled 1 units shipped so far (partly shipped), without tracking (the Rackbeat shipment has none)']);

    world.rackbeat.state.shipOrderByHand(rackbeat.number, { trackingNumber: 'PN-555' });
    expect((await run()).exitCode).toBe(0);
    expect(shopSide(world, number)).toMatchObject({ fulfilled: { 'CAP-001': 2, 'MUG#BLK': 1 }, writes: 2, tracking: ['PN-555'], complete: true });
    expect(await history(number)).toHaveLength(2);
  });

  it('adopts an order fulfilled by hand in the shop: nothing written', async () => {
    const { number, rackbeat } = await transferred();
    const shop = world.shop;
    if (shop.platform === 'shopify') shop.state.fulfilByHand([...shop.state.orders.values()].find((order) => String(order.number) === number)!.id);
    else shop.state.modifyOrder([...shop.state.orders.values()].find((order) => order.number === number)!.id, { status: 'completed' });
    world.rackbeat.state.shipOrderByHand(rackbeat.number, { trackingNumber: '1Z1' });
    const before = shopWrites();

    expect((await run()).exitCode).toBe(0);
    expect(shopWrites()).toBe(before);
    expect((await history(number)).map((row) => [row.status, row.message])).toEqual([['ok', 'already fulfilled in the shop (adopted: nothing written)']]);
  });

  it('does not fulfil an order cancelled or refunded in the shop meanwhile: skipped with the reason, once', async () => {
    const { number, rackbeat } = await transferred();
    world.shop.cancel(number);
    world.rackbeat.state.shipOrderByHand(rackbeat.number, { trackingNumber: '1Z2' });
    const before = shopWrites();

    await run();
    expect(shopWrites()).toBe(before);
    expect(shopSide(world, number)).toMatchObject({ writes: 0 });
    const reason = platform === 'shopify' ? `not fulfilled: order ${number} was refunded in Shopify` : `not fulfilled: order ${number} is refunded in WooCommerce`;
    expect((await history(number)).map((row) => [row.status, row.message])).toEqual([['skipped', reason]]);

    await run();
    expect(shopWrites()).toBe(before);
    expect(await history(number)).toHaveLength(1);
  });

  it('a dry run says what it would fulfil and writes nothing', async () => {
    const { number, rackbeat } = await transferred();
    world.rackbeat.state.shipOrderByHand(rackbeat.number, { trackingNumber: '1Z4' });
    const before = shopWrites();
    const dry = await runOrders({ config: await worldConfig(world), command: 'orders --dry-run', dryRun: true });
    expect(dry.legs.find((leg) => leg.leg === 'rackbeat-webshop')?.counts.dryRun).toBe(1);
    expect(shopWrites()).toBe(before);
    expect((await history(number)).map((row) => row.status)).toEqual(['dry-run']);
    expect((await run()).exitCode).toBe(0);
    expect(shopSide(world, number)).toMatchObject({ writes: 1, tracking: ['1Z4'], complete: true });
  });

  it('doctor reads an order\'s fulfilment state from the shop when orders.fulfilment is on', async () => {
    world.shop.place({ customer: BUYER, items: [{ sku: 'CAP-001', quantity: 1 }], paid: true });
    const result = await runMain(['-c', world.configPath, '--json', 'doctor'], { cwd: world.dir });
    const checks = (JSON.parse(result.stdout) as { checks: Array<{ name: string; status: string; detail: string }> }).checks;
    expect(checks.filter((check) => check.name === 'orders.fulfilment')).toEqual([
      { name: 'orders.fulfilment', status: 'ok', detail: expect.stringMatching(new RegExp(`^on; ${platform === 'shopify' ? 'Shopify' : 'WooCommerce'} answers order \\d+'s fulfilment state`)) },
    ]);
  });

  it('leaves the shop alone while orders.fulfilment.enabled is false', async () => {
    const { number, rackbeat } = await transferred();
    world.rackbeat.state.shipOrderByHand(rackbeat.number, { trackingNumber: '1Z3' });
    const before = shopWrites();
    const off = await run({ fulfilment: { enabled: false } });
    expect(off.legs.map((leg) => leg.leg)).not.toContain('rackbeat-webshop');
    expect(shopWrites()).toBe(before);
    expect(await history(number)).toEqual([]);
  });
});

describe('fulfilment: each platform\'s own cases', () => {
  const startWorld = useFlowWorld();

  /** A world of `platform` with fulfilment on and one new order of one cap, not transferred yet. */
  const oneOrder = async (platform: WebshopPlatform) => {
    const world = await startWorld({ platform, seededOrders: 0, orders: { fulfilment: { enabled: true } } });
    const number = world.shop.place({ customer: BUYER, items: [{ sku: 'CAP-001', quantity: 1 }], paid: true });
    const ship = (trackingNumber?: string) => world.rackbeat.state.shipOrderByHand(rackbeatOrdersOf(world, number)[0]!.number, { trackingNumber });
    return { world, number, ship };
  };

  it('Shopify, a fulfillment order on hold waits: the order fails with a hint until the hold is released, then it is fulfilled once', async () => {
    const { world, number, ship } = await oneOrder('shopify');
    const shop = world.shop;
    if (shop.platform !== 'shopify') throw new Error('a Shopify world');
    const config = await worldConfig(world);
    const order = [...shop.state.orders.values()].find((candidate) => String(candidate.number) === number)!;
    order.fulfillmentStatus = 'ON_HOLD';
    expect((await runOrders({ config, command: 'orders' })).exitCode).toBe(0);
    ship();

    const held = await runOrders({ config, command: 'orders' });
    expect(held.exitCode).toBe(1);
    const failed = held.legs.find((leg) => leg.leg === 'rackbeat-webshop')!.records.find((record) => record.outcome === 'failed');
    expect(failed).toMatchObject({
      message: expect.stringContaining(`not fulfilled yet: order ${number}'s fulfillment order is on hold in Shopify`),
      hint: `release the fulfillment order in Shopify; it is tried again on a later run, or now with iex-sync orders --order ${number}`,
    });
    expect(shop.state.fulfillments.fulfillments(order)).toEqual([]);

    for (const fulfillmentOrder of shop.state.fulfillments.of(order)) fulfillmentOrder.status = 'OPEN';
    // Parked with backoff; the hint's way to try it now.
    const released = await runMain(['-c', world.configPath, 'orders', '--order', number], { cwd: world.dir });
    expect(released.code, released.stderr).toBe(0);
    expect(shop.state.fulfillments.fulfillments(order)).toHaveLength(1);
    expect((await runOrders({ config, command: 'orders' })).exitCode).toBe(0);
    expect(shop.state.fulfillments.fulfillments(order)).toHaveLength(1);
  });

  it('doctor fails the fulfilment check, with the way on, when WooCommerce refuses to show an order\'s notes', async () => {
    const { world } = await oneOrder('woocommerce');
    world.shop.simulator.addFault({ kind: 'server-error', match: 'GET /wp-json/wc/v3/orders/:id/notes', status: 403 });
    const result = await runMain(['-c', world.configPath, '--json', 'doctor'], { cwd: world.dir });
    expect(result.code).toBe(3);
    const checks = (JSON.parse(result.stdout) as { checks: Array<{ name: string; status: string; fix?: string }> }).checks;
    expect(checks.find((check) => check.name === 'orders.fulfilment')).toMatchObject({ status: 'failed', fix: 'give the REST API key read/write access, or set orders.fulfilment.enabled: false' });
  });

  it('WooCommerce refusing the status orders.fulfilment.wooStatus names stops the run (exit 2); fixed, the next run sets it and adds no second note', async () => {
    const { world, number, ship } = await oneOrder('woocommerce');
    const shop = world.shop;
    if (shop.platform !== 'woocommerce') throw new Error('a WooCommerce world');
    expect((await runOrders({ config: await worldConfig(world), command: 'orders' })).exitCode).toBe(0);
    ship('1Z5');

    const wrong = await runOrders({ config: await worldConfig(world, { fulfilment: { enabled: true, wooStatus: 'shipped' } }), command: 'orders' });
    expect(wrong.exitCode).toBe(2);
    expect(wrong.message).toContain('WooCommerce refused the order status "shipped" that orders.fulfilment.wooStatus names');
    expect(wrong.hint).toContain('set orders.fulfilment.wooStatus');
    const order = [...shop.state.orders.values()].find((candidate) => candidate.number === number)!;
    expect(shop.state.notes.get(order.id)).toHaveLength(1);

    expect((await runOrders({ config: await worldConfig(world), command: 'orders' })).exitCode).toBe(0);
    expect(order.status).toBe('completed');
    expect(shop.state.notes.get(order.id)).toHaveLength(1);
  });
});
