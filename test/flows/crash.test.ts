import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FaultRule } from '../../src/sandbox/harness/types.js';
import { crashAndRecover, rerunUntilDone, type ChildRun } from '../helpers/crash-kit.js';
import { documentsFor } from './helpers/exactly-once.js';
import { countLines, ordersCrashSubject, runOrdersChild } from './helpers/orders-child.js';
import { PLATFORMS, useFlowWorld, type FlowWorldOptions } from './world/world.js';

/**
 * The order flow's crash suite (issue 9): `iex-sync orders` runs as a child process against the
 * WooCommerce (for a lost store, Shopify too), Rackbeat and e-conomic simulators living in the test
 * process, and kills itself (SIGKILL) at an engine fault point; after every kill nothing exists
 * twice in any simulator; after reruns until done, every eligible order is exactly one booked
 * Rackbeat order and one e-conomic document, no customer is doubled, and the links agree
 * (helpers/exactly-once.ts). The kills and reruns are the shared crash kit's (test/helpers/crash-kit.ts).
 *
 * Every fault point of every step the flow has is hit once, at its 1st or 3rd passage (the 3rd
 * lands mid-run, with other records in flight); the two steps of a test take opposite passages, so
 * each kind of point is hit at both across the suite. The full matrix (every point at both, 42
 * kills) took over 150 s on a loaded 2-core machine; this subset (22 kills) halves that. The checkpoint points are hit at their 1st passage (one shop page per run, so
 * no 2nd comes). `after-update` (leg 2 with `orders.updateDrafts`) is hit at its 1st and 3rd passage
 * after orders change in Rackbeat.
 * Four new orders (three new customers, one of them ordering twice) are placed before every kill,
 * so each kill has fresh work on both legs; the recovery of the previous kill runs alongside.
 * Each rerun comes after e-conomic's Idempotency-Key window: the key must not be what saves us.
 */
/** Each test spawns up to ~12 children of 1-3 s; a loaded 2-core machine needs the room. */
const TIMEOUT_MS = 150_000;
/** Seeded orders of every status and a paid one from before the cut-over, which must stay put; answers take a moment. */
const CRASH_WORLD: FlowWorldOptions = { orderBeforeCutOver: true, latencyMs: 1 };

describe('order flow crash suite: kill -9 at every fault point, then rerun', () => {
  const startWorld = useFlowWorld();

  /** Kills one run at each fault in turn, with new orders before each, on one store; then reruns and checks. */
  async function crashAt(faults: readonly string[]): Promise<void> {
    const world = await startWorld(CRASH_WORLD);
    await crashAndRecover(ordersCrashSubject(world), faults, {
      before: () => world.placeOrders(4),
      after: () => world.outliveIdempotencyWindow(),
    });
  }

  it('leg 1 creates: the Rackbeat customer (find-or-create by e-mail) and order', async () => {
    await crashAt([
      'after-intent:rackbeat-customer@1',
      'after-create:rackbeat-customer@3',
      'before-commit:rackbeat-customer@1',
      'after-commit:rackbeat-customer@3',
      'after-intent:rackbeat-order@3',
      'after-create:rackbeat-order@1',
      'before-commit:rackbeat-order@3',
      'after-commit:rackbeat-order@1',
    ]);
  }, TIMEOUT_MS);

  it('leg 1 booking (a state change) and its checkpoint', async () => {
    await crashAt([
      'after-intent:rackbeat-book@1',
      'after-state-change:rackbeat-book@3',
      'before-commit:rackbeat-book@1',
      'after-commit:rackbeat-book@3',
      'after-checkpoint:webshop-rackbeat@1',
    ]);
  }, TIMEOUT_MS);

  it('leg 2: the e-conomic customer, the document and the checkpoint', async () => {
    await crashAt([
      'after-intent:economic-customer@3',
      'after-create:economic-customer@1',
      'before-commit:economic-customer@3',
      'after-commit:economic-customer@1',
      'after-intent:economic-document@1',
      'after-create:economic-document@3',
      'before-commit:economic-document@1',
      'after-commit:economic-document@3',
      'after-checkpoint:rackbeat-economic@1',
    ]);
  }, TIMEOUT_MS);

  it.each(PLATFORMS)('store deleted between runs (%s): after a kill, the store is gone; the next runs adopt what exists and double nothing', async (platform) => {
    const world = await startWorld({ ...CRASH_WORLD, platform });
    const subject = ordersCrashSubject(world);
    world.placeOrders(4);
    await rerunUntilDone(subject);
    await crashAndRecover(subject, ['after-create:rackbeat-order@3', 'after-create:economic-document@1', 'after-commit:rackbeat-book@3'], {
      before: () => world.placeOrders(4),
      after: () => {
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${world.storePath}${suffix}`, { force: true });
        world.outliveIdempotencyWindow();
      },
    });
  }, TIMEOUT_MS);

  it('leg 2 update: a changed Rackbeat order updates its e-conomic draft (orders.updateDrafts)', async () => {
    const world = await startWorld({ ...CRASH_WORLD, orders: { updateDrafts: true } });
    const subject = ordersCrashSubject(world);
    world.placeOrders(4);
    await rerunUntilDone(subject);
    const orders = [...world.rackbeat.state.orders.values()];
    await crashAndRecover(subject, ['after-update:economic-document@1', 'after-update:economic-document@3'], {
      // Someone adds one more of the first line to every order in Rackbeat.
      before: () => {
        for (const order of orders) {
          for (const line of order.lines.slice(0, 1)) line.quantity += 1;
          world.rackbeat.state.touchOrder(order.number);
        }
      },
    });
    for (const order of orders) {
      const [[, document] = []] = documentsFor(world, order);
      const lines = (document?.lines ?? []) as Array<{ product?: { productNumber?: string }; quantity?: number }>;
      const [changed] = order.lines;
      const sent = lines.find((line) => line.product?.productNumber === changed?.sku);
      expect(sent?.quantity, `Rackbeat order ${order.number}`).toBe(changed?.quantity);
    }
  }, TIMEOUT_MS);
});

describe('order flow under lost responses, 429 bursts and 5xx', () => {
  const startWorld = useFlowWorld();

  type Faults = Partial<Record<'woo' | 'rackbeat' | 'economic', FaultRule[]>>;

  /**
   * One verbose run over eight new orders with the faults armed (it may end 0 or 1, never doubling),
   * then reruns until done. Returns the faulted run, whose stderr lists every call and its answer.
   */
  async function runUnder(faults: Faults): Promise<ChildRun> {
    const world = await startWorld(CRASH_WORLD);
    const subject = ordersCrashSubject(world);
    world.placeOrders(8);
    for (const rule of faults.woo ?? []) world.shop.simulator.addFault(rule);
    for (const rule of faults.rackbeat ?? []) world.rackbeat.simulator.addFault(rule);
    for (const rule of faults.economic ?? []) world.economic.simulator.addFault(rule);
    const faulted = await runOrdersChild(world, { verbose: true });
    expect([0, 1], faulted.stderr).toContain(faulted.code);
    subject.expectNoDoubles('after the run with faults');
    for (const simulator of world.simulators) simulator.clearFaults();
    await rerunUntilDone(subject);
    subject.expectExactlyOnce();
    return faulted;
  }

  it('commit-then-drop: creates and bookings applied, their answers lost', async () => {
    const drop = (match: string, times: number): FaultRule => ({ kind: 'commit-then-drop', match, times });
    const faulted = await runUnder({
      rackbeat: [drop('POST /customers', 2), drop('POST /orders/drafts', 3), drop('POST /orders/:number/book', 2)],
      economic: [drop('POST /customers', 2), drop('POST /orders/drafts', 3)],
    });
    expect(countLines(faulted, /^rackbeat POST \S+ → no answer /)).toBe(7);
    expect(countLines(faulted, /^economic POST \S+ → no answer /)).toBe(5);
  }, TIMEOUT_MS);

  it('429 bursts on reads and creates, honoured by Retry-After', async () => {
    const burst = (match: string, times: number): FaultRule => ({ kind: 'rate-limit', match, times, retryAfterSeconds: 1 });
    const faulted = await runUnder({
      woo: [burst('GET *', 2)],
      rackbeat: [burst('POST /orders/drafts', 3), burst('GET *', 3), burst('POST /orders/:number/book', 2)],
      economic: [burst('POST /orders/drafts', 3), burst('GET *', 3)],
    });
    expect(countLines(faulted, / → 429 /)).toBe(16);
    expect(faulted.code).toBe(0); // A 429 is retried, POSTs too: nothing is left for the next run.
  }, TIMEOUT_MS);

  it('5xx: creates refused unapplied (outcome unknown), reads failing until retried', async () => {
    const fail = (match: string, times: number, status = 503): FaultRule => ({ kind: 'server-error', match, times, status });
    const faulted = await runUnder({
      woo: [fail('GET *', 2, 500)],
      rackbeat: [fail('POST /customers', 1), fail('POST /orders/drafts', 2, 502), fail('GET /orders', 2, 500)],
      economic: [fail('POST /customers', 1, 500), fail('POST /orders/drafts', 2), fail('GET *', 2, 500)],
    });
    expect(countLines(faulted, / → 5\d\d /)).toBe(12);
  }, TIMEOUT_MS);
});
