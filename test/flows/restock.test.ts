import { beforeEach, describe, expect, it } from 'vitest';
import type { WebshopPlatform } from '../../src/connectors/systems.js';
import { runMain } from '../cli/run-cli.js';
import { rackbeatOrdersOf } from './helpers/order-checks.js';
import { runOrders, worldConfig, type FlowRun } from './world/run-orders.js';
import { PLATFORMS, useFlowWorld, type FlowWorld } from './world/world.js';
import { writeCounts } from './world/writes.js';

/**
 * Issue 20, `orders.refunds.restock`: units a refund says came back (a Shopify return; every refunded
 * WooCommerce unit), up to what Rackbeat shipped, go back into Rackbeat's stock by one booked
 * inventory adjustment per refund and SKU, exactly once. Read from the Rackbeat simulator's own state.
 */
const RESTOCK = { document: 'invoice', refunds: { restock: true, restockLocation: 1 } };
/** How Shopify says the goods came back; WooCommerce has no such word and ignores it. */
const RETURN = 'RETURN' as const;

describe.each(PLATFORMS)('restock with %s', (platform: WebshopPlatform) => {
  const startWorld = useFlowWorld();
  let world: FlowWorld;

  beforeEach(async () => {
    world = await startWorld({ platform, seededOrders: 0 });
  });

  const run = async (orders: Record<string, unknown>): Promise<FlowRun> => runOrders({ config: await worldConfig(world, orders), command: 'orders' });
  const rackbeat = () => world.rackbeat.state;
  const stockOf = (sku: string) => rackbeat().products.get(sku)!.stockQuantity;
  const adjustments = () => [...rackbeat().adjustments.all.values()];
  /** An order placed, transferred and shipped whole by the warehouse (unless `ship` says which units); its SKU and units. */
  const shippedOrder = async (orders: Record<string, unknown>, ship?: (lineId: number) => Array<{ lineId: number; quantity: number }>) => {
    const [number] = world.placeOrders(1);
    expect((await run(orders)).exitCode).toBe(0);
    const order = rackbeatOrdersOf(world, number!)[0]!;
    const line = order.lines[0]!;
    rackbeat().shipOrderByHand(order.number, ship ? { lines: ship(line.id) } : {});
    return { number: number!, sku: line.sku, units: line.quantity };
  };

  it('puts the returned units back into Rackbeat once, booked, and a rerun does nothing', async () => {
    const { number, sku } = await shippedOrder(RESTOCK);
    const shipped = stockOf(sku);
    await world.shop.refund(number, { lines: [{ sku, quantity: 1, restockType: RETURN }] });

    expect((await run(RESTOCK)).exitCode).toBe(0);
    expect(stockOf(sku)).toBe(shipped + 1);
    expect(adjustments()).toHaveLength(1);
    const [adjustment] = adjustments();
    expect(adjustment).toMatchObject({ productNumber: sku, locationNumber: 1, quantity: 1 });
    expect(adjustment!.bookedAt).not.toBeNull();
    expect(adjustment!.description).toMatch(new RegExp(`^${platform}-refund:\\d+ sku:${sku.replace(/[#/]/g, '\\$&')}$`));

    const before = writeCounts(world);
    expect((await run(RESTOCK)).exitCode).toBe(0);
    expect(writeCounts(world)).toEqual(before);
    expect(stockOf(sku)).toBe(shipped + 1);
  });

  it('leaves Rackbeat\'s stock alone with restock off', async () => {
    const orders = { document: 'invoice' };
    const { number, sku } = await shippedOrder(orders);
    const shipped = stockOf(sku);
    await world.shop.refund(number, { lines: [{ sku, quantity: 1, restockType: RETURN }] });
    expect((await run(orders)).exitCode).toBe(0);
    expect(stockOf(sku)).toBe(shipped);
    expect(adjustments()).toEqual([]);
  });

  it('restocks only what Rackbeat shipped, at the configured location, and nothing of an order not shipped', async () => {
    const orders = { document: 'invoice', refunds: { restock: true, restockLocation: 2 } };
    // Two units ordered (the world's first order), one shipped; both refunded as returned.
    const { number, sku, units } = await shippedOrder(orders, (lineId) => [{ lineId, quantity: 1 }]);
    expect(units).toBe(2);
    const product = rackbeat().products.get(sku)!;
    const outlet = rackbeat().locations.get(2)!;
    const [total, atOutlet] = [stockOf(sku), rackbeat().locations.at(product, outlet).stock];
    await world.shop.refund(number, { lines: [{ sku, quantity: 2, restockType: RETURN }] });
    // An order never shipped, refunded as returned: its units never left Rackbeat.
    const [unshipped] = world.placeOrders(1);
    expect((await run(orders)).exitCode).toBe(0);
    const other = world.shop.lines(unshipped!)[0]!;
    const otherStock = stockOf(other.sku);
    await world.shop.refund(unshipped!, { lines: [{ sku: other.sku, quantity: 1, restockType: RETURN }] });

    expect((await run(orders)).exitCode).toBe(0);
    expect(stockOf(sku)).toBe(total + 1);
    expect(rackbeat().locations.at(product, outlet).stock).toBe(atOutlet + 1);
    expect(stockOf(other.sku)).toBe(otherStock);
    expect(adjustments().map((adjustment) => [adjustment.productNumber, adjustment.quantity])).toEqual([[sku, 1]]);
  });

  it('stops the run naming the key and the locations there are when the location does not exist', async () => {
    const orders = { document: 'invoice', refunds: { restock: true, restockLocation: 9 } };
    const { number, sku } = await shippedOrder(orders);
    await world.shop.refund(number, { lines: [{ sku, quantity: 1, restockType: RETURN }] });
    const result = await run(orders);
    expect(result.exitCode).toBe(2);
    expect(result.message).toContain('orders.refunds.restockLocation');
    expect(result.message).toContain('1 (Main), 2 (Outlet)');
    expect(adjustments()).toEqual([]);
  });

  it('doctor checks orders.refunds.restockLocation in Rackbeat', async () => {
    const doctor = async (restockLocation: number) => {
      world.writeConfig({ ...RESTOCK, refunds: { restock: true, restockLocation } });
      const result = await runMain(['-c', world.configPath, '--json', 'doctor'], { cwd: world.dir });
      return (JSON.parse(result.stdout) as { checks: Array<{ name: string; status: string; detail: string }> }).checks.filter((check) => check.name.startsWith('orders.refunds'));
    };
    expect(await doctor(2)).toEqual([{ name: 'orders.refunds.restockLocation 2', status: 'ok', detail: 'Rackbeat location exists' }]);
    expect(await doctor(9)).toMatchObject([{ name: 'orders.refunds.restockLocation 9', status: 'failed', detail: 'Rackbeat has no location 9; it has 1 (Main), 2 (Outlet)' }]);
  });

  if (platform === 'shopify') {
    it('does not restock a line the customer kept (NO_RESTOCK), only the one returned', async () => {
      const { number, sku } = await shippedOrder(RESTOCK);
      const shipped = stockOf(sku);
      await world.shop.refund(number, { lines: [{ sku, quantity: 1, restockType: 'NO_RESTOCK' }] });
      expect((await run(RESTOCK)).exitCode).toBe(0);
      expect(stockOf(sku)).toBe(shipped);
      expect(adjustments()).toEqual([]);

      await world.shop.refund(number, { lines: [{ sku, quantity: 1, restockType: RETURN }] });
      expect((await run(RESTOCK)).exitCode).toBe(0);
      expect(stockOf(sku)).toBe(shipped + 1);
    });
  }
});
