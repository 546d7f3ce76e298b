import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { crashAndRecover, runChild, type CrashSubject } from '../helpers/crash-kit.js';
import { rackbeatOrdersOf } from './helpers/order-checks.js';
import { ordersCrashSubject } from './helpers/orders-child.js';
import { useFlowWorld, type FlowWorld } from './world/world.js';

/**
 * The restock crash suite (issue 20, `orders.refunds.restock`): `iex-sync orders` as a child process,
 * killed (SIGKILL) at the fault points of the adjustments and their booking, the one between two
 * SKUs of a refund included. After every kill no refund has two adjustments for a SKU and no stock
 * went up twice; after reruns each refund put each returned unit back exactly once, booked; and a
 * lost store (the SQLite file deleted) puts nothing back again.
 */
const TIMEOUT_MS = 150_000;
const RESTOCK = { invoice: { when: 'booked', book: true }, refunds: { restock: true, restockLocation: 1 } };
const FAULTS = [
  'after-intent:rackbeat-restock@1',
  'after-create:rackbeat-restock-line@1',
  'after-state-change:rackbeat-restock@1',
  'before-commit:rackbeat-restock@1',
  'after-intent:rackbeat-restock-book@1',
  'after-state-change:rackbeat-restock-book@1',
  'before-commit:rackbeat-restock-book@1',
];
/** Two SKUs an order: a kill between the two adjustments of one refund is one of the points. */
const SKUS = ['CAP-001', 'MUG#BLK'];

describe('restock crash suite: kill -9 at every restock fault point, then rerun; then a lost store', () => {
  const startWorld = useFlowWorld();

  const adjustmentsBy = (world: FlowWorld) => {
    const byReference = new Map<string, number>();
    for (const adjustment of world.rackbeat.state.adjustments.all.values()) {
      const reference = adjustment.description ?? '';
      byReference.set(reference, (byReference.get(reference) ?? 0) + 1);
    }
    return byReference;
  };
  const stockOf = (world: FlowWorld, sku: string) => world.rackbeat.state.products.get(sku)!.stockQuantity;

  it('each refund restocks each SKU exactly once, whatever the kill, and a lost store restocks nothing again', async () => {
    const world = await startWorld({ latencyMs: 1, seededOrders: 0 });
    world.writeConfig(RESTOCK);
    const numbers = FAULTS.map((_, index) =>
      world.shop.place({
        customer: { email: `return+${index}@example.test`, name: `Returner ${index}`, address: `Returvej ${index}`, city: 'Vejle', postcode: '7100', country: 'DK', existsInBackOffice: false },
        items: SKUS.map((sku) => ({ sku, quantity: 1 })),
        paid: true,
      }),
    );
    const orders = ordersCrashSubject(world);
    expect((await runChild(orders.args)).code).toBe(0);
    for (const number of numbers) world.rackbeat.state.shipOrderByHand(rackbeatOrdersOf(world, number)[0]!.number);
    // What Rackbeat has once everything shipped; each refund puts one unit of each SKU back.
    const shipped = new Map(SKUS.map((sku) => [sku, stockOf(world, sku)]));
    let refunds = 0;
    const expectStockAtMost = (context: string) => {
      for (const sku of SKUS) expect(stockOf(world, sku), `${sku} ${context}`).toBeLessThanOrEqual(shipped.get(sku)! + refunds);
    };
    const subject: CrashSubject = {
      ...orders,
      expectNoDoubles(context) {
        orders.expectNoDoubles(context);
        expect([...adjustmentsBy(world)].filter(([, count]) => count > 1).map(([reference]) => reference), context).toEqual([]);
        expectStockAtMost(context);
      },
      expectExactlyOnce() {
        orders.expectExactlyOnce();
        const made = adjustmentsBy(world);
        expect(made.size).toBe(refunds * SKUS.length);
        expect([...world.rackbeat.state.adjustments.all.values()].filter((adjustment) => adjustment.bookedAt === null)).toEqual([]);
        for (const sku of SKUS) expect(stockOf(world, sku), sku).toBe(shipped.get(sku)! + refunds);
      },
    };
    let next = 0;
    await crashAndRecover(subject, FAULTS, {
      // Each kill gets a refund of its own: one unit of each SKU of an order, returned.
      before: async () => {
        await world.shop.refund(numbers[next++]!, { lines: SKUS.map((sku) => ({ sku, quantity: 1, restockType: 'RETURN' as const })) });
        refunds += 1;
      },
    });

    // The store is lost: every refund is read again from the cut-over and found restocked in Rackbeat.
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${world.storePath}${suffix}`, { force: true });
    const before = world.rackbeat.state.adjustments.all.size;
    expect((await runChild(orders.args)).code).toBe(0);
    expect(world.rackbeat.state.adjustments.all.size).toBe(before);
    for (const sku of SKUS) expect(stockOf(world, sku), sku).toBe(shipped.get(sku)! + refunds);
  }, TIMEOUT_MS);
});
