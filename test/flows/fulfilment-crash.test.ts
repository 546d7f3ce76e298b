import { describe, expect, it } from 'vitest';
import type { SimOrder as RackbeatSimOrder } from '../../src/sandbox/rackbeat/records.js';
import { crashAndRecover, runChild, type CrashSubject } from '../helpers/crash-kit.js';
import { doubledDocuments, expectExactlyOnce } from './helpers/exactly-once.js';
import { shopOrderHeading } from './helpers/order-checks.js';
import { ordersCrashSubject } from './helpers/orders-child.js';
import { PLATFORMS, useFlowWorld, type FlowWorld } from './world/world.js';

/**
 * Leg 3's crash suite (issue 19): `iex-sync orders` with orders.fulfilment as a child process,
 * killed (SIGKILL) at the fault points of the fulfilment step (after its intent, after the shop was
 * written, before and after the commit) and the leg's checkpoint, with shipments arriving before
 * every kill. After every kill no shipment is fulfilled twice in the shop; after reruns every
 * shipped order of the shop is fulfilled, each shipment exactly once, and the order flow's own
 * promise (exactly-once.ts) holds too.
 */
const TIMEOUT_MS = 150_000;
const FAULTS = [
  'after-intent:webshop-fulfilment@1',
  'after-update:webshop-fulfilment@3',
  'before-commit:webshop-fulfilment@1',
  'after-commit:webshop-fulfilment@3',
  'after-update:webshop-fulfilment@1',
  'after-checkpoint:rackbeat-webshop@1',
];

/** The shop's side of one Rackbeat order: its fulfilments (Shopify) or shipment notes (WooCommerce) by the shipment they name, and whether it is done. */
function shopSideOf(world: FlowWorld, order: RackbeatSimOrder): { perShipment: Map<string, number>; units: number; complete: boolean } {
  const number = order.heading.slice(order.heading.indexOf('#') + 1);
  const perShipment = new Map<string, number>();
  const count = (key: string) => perShipment.set(key, (perShipment.get(key) ?? 0) + 1);
  const shop = world.shop;
  if (shop.platform === 'shopify') {
    const shopOrder = [...shop.state.orders.values()].find((candidate) => String(candidate.number) === number)!;
    // Ours carry the shipment's tracking number (TRK-<shipment id>); a seeded fulfilment has none.
    const ours = shop.state.fulfillments.fulfillments(shopOrder).filter((fulfillment) => fulfillment.tracking?.number?.startsWith('TRK-'));
    for (const fulfillment of ours) count(fulfillment.tracking!.number!);
    const units = ours.reduce((sum, fulfillment) => sum + [...fulfillment.lines.values()].reduce((a, b) => a + b, 0), 0);
    return { perShipment, units, complete: shopOrder.fulfillmentStatus === 'FULFILLED' };
  }
  const shopOrder = [...shop.state.orders.values()].find((candidate) => candidate.number === number)!;
  for (const note of shop.state.notes.get(shopOrder.id) ?? []) {
    const reference = /^Reference: (.+)$/m.exec(note.note)?.[1];
    if (reference) count(reference);
  }
  return { perShipment, units: 0, complete: shopOrder.status === 'completed' };
}

/** Rackbeat orders that came from the shop (leg 1's heading) and have shipped. */
function shippedFromShop(world: FlowWorld): RackbeatSimOrder[] {
  const prefix = shopOrderHeading(world, '');
  return [...world.rackbeat.state.orders.values()].filter((order) => order.heading.startsWith(prefix) && order.shippedAt !== null);
}

function fulfilmentDoubles(world: FlowWorld): string[] {
  return shippedFromShop(world).flatMap((order) =>
    [...shopSideOf(world, order).perShipment].filter(([, times]) => times > 1).map(([shipment, times]) => `${order.heading}: ${shipment} fulfilled ${times} times`),
  );
}

describe.each(PLATFORMS)('fulfilment crash suite (%s): kill -9 at every fault point of leg 3, then rerun', (platform) => {
  const startWorld = useFlowWorld();

  it('each shipment is exactly one fulfilment', async () => {
    const world = await startWorld({ platform, latencyMs: 1, orders: { fulfilment: { enabled: true } } });
    const orders = ordersCrashSubject(world);
    const subject: CrashSubject = {
      ...orders,
      expectNoDoubles: (context) => expect([...doubledDocuments(world), ...fulfilmentDoubles(world)], context).toEqual([]),
      expectExactlyOnce: () => {
        expectExactlyOnce(world);
        const shipped = shippedFromShop(world);
        expect(shipped.length).toBeGreaterThan(10);
        expect(fulfilmentDoubles(world)).toEqual([]);
        for (const order of shipped) {
          const side = shopSideOf(world, order);
          expect(side.complete, `${order.heading} fulfilled in the shop`).toBe(true);
          if (platform === 'shopify' && side.perShipment.size > 0) {
            expect(side.units, `${order.heading}: units fulfilled`).toBe(order.lines.filter((line) => !['SHIPPING', 'DISCOUNT', 'FEE'].includes(line.sku)).reduce((sum, line) => sum + line.quantity, 0));
          }
        }
      },
    };
    // Shopify's seeded and placed orders include fulfillment orders on hold or scheduled, which wait
    // (a failure retried later) until a person releases them (fulfilment.test.ts): released here.
    const releaseHolds = (): void => {
      if (world.shop.platform !== 'shopify') return;
      const state = world.shop.state;
      for (const order of state.orders.values()) {
        for (const fulfillmentOrder of state.fulfillments.of(order)) if (fulfillmentOrder.status === 'ON_HOLD' || fulfillmentOrder.status === 'SCHEDULED') fulfillmentOrder.status = 'OPEN';
      }
    };
    world.placeOrders(4);
    releaseHolds();
    expect([0, 1]).toContain((await runChild(orders.args)).code);
    /** Every booked Rackbeat order of the shop not shipped yet ships now, its tracking number named after the shipment. */
    const shipAll = (): void => {
      const rackbeat = world.rackbeat.state;
      for (const order of rackbeat.orders.values()) {
        if (order.bookedAt === null || order.shippedAt !== null || !order.heading.startsWith(shopOrderHeading(world, ''))) continue;
        rackbeat.shipOrderByHand(order.number, { trackingNumber: `TRK-${rackbeat.shipments.size + 1}` });
      }
    };
    await crashAndRecover(subject, FAULTS, {
      before: () => {
        shipAll();
        world.placeOrders(2);
        releaseHolds();
      },
    });
  }, TIMEOUT_MS);
});
