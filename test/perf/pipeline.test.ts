import { afterEach, describe, expect, it } from 'vitest';
import { HandOver } from '../../src/engine/hand-over.js';
import { useTmpDir } from '../helpers/tmp-dir.js';
import type { FlowRun } from '../../src/services/run-flow.js';
import { newBuyer, startCountingWorld, type CountingWorld, type TimedCall } from './orders-world.js';

/**
 * Issue 15, "The bound, not the cap": leg 2 starts on an order as soon as leg 1 has booked it, so
 * e-conomic works while Rackbeat is busy; the checkpoints and links stay what the protocol says.
 */
const tmp = useTmpDir('iex-sync-pipeline-');
const closing: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closing.splice(0).map((close) => close()));
});

async function world(latencyMs: number): Promise<CountingWorld> {
  const started = await startCountingWorld(tmp(), { latencyMs });
  closing.push(() => started.close());
  return started;
}

/** A run of `orders` shop orders of four new buyers at this latency, which must succeed: its calls. */
async function runOf(orders: number, latencyMs: number): Promise<{ w: CountingWorld; result: FlowRun; calls: TimedCall[] }> {
  const w = await world(latencyMs);
  for (let index = 0; index < orders; index += 1) w.place(newBuyer(index % 4));
  const { result, calls } = await w.run();
  expect(result.exitCode).toBe(0);
  return { w, result, calls };
}

const sentAt = (call: TimedCall): number => call.answeredAt - call.durationMs;

describe('leg 2 runs alongside leg 1', () => {
  const ORDERS = 100;

  it('makes e-conomic documents while Rackbeat orders are still being made, each once, and moves both checkpoints past them', async () => {
    const w = await world(20);
    for (let index = 0; index < ORDERS; index += 1) w.place(newBuyer(index % 4));
    const { result, calls } = await w.run();
    expect(result.exitCode).toBe(0);
    expect(result.legs.map((leg) => leg.counts.ok)).toEqual([ORDERS, ORDERS, 0]);

    const rackbeatCreates = w.rackbeat.simulator.writeLog.filter((entry) => entry.method === 'POST' && entry.path === '/orders/drafts');
    const economicCreates = w.economic.simulator.writeLog.filter((entry) => entry.method === 'POST' && entry.path === '/orders/drafts');
    expect(rackbeatCreates).toHaveLength(ORDERS);
    expect(economicCreates).toHaveLength(ORDERS);
    // The first document went to e-conomic before the last order was made in Rackbeat.
    expect(Date.parse(economicCreates[0]!.at)).toBeLessThan(Date.parse(rackbeatCreates.at(-1)!.at));
    // Handed over as Rackbeat answered the booking: no order read again.
    expect(calls.filter((call) => call.system === 'rackbeat' && /^\/orders\/\d+$/.test(call.path))).toEqual([]);

    // Leg 2's own listing afterwards moved its checkpoint past every order leg 1 booked.
    const newest = Math.max(...[...w.rackbeat.state.orders.values()].map((order) => order.updatedAt));
    expect(result.legs[1]!.checkpoint).toBe(new Date(newest).toISOString());
    const references = [...w.economic.state.orderDrafts.values()].map((draft) => (draft.references as { other: string }).other);
    expect(new Set(references).size).toBe(ORDERS);

    const again = await w.run();
    expect(again.result.exitCode).toBe(0);
    expect(again.result.legs.map((leg) => leg.counts.ok)).toEqual([0, 0, 0]);
    expect(w.economic.simulator.writeLog.filter((entry) => entry.method === 'POST')).toHaveLength(economicCreates.length + 4);
  });
});

describe('a page\'s batched look-up', () => {
  it('does not hold its records back: the first customers are looked up while Rackbeat\'s orders are read for the page', async () => {
    const { w, calls } = await runOf(30, 50);
    // Leg 1's look-up of the page by heading reads Rackbeat's orders (not only the booked ones leg 2 lists).
    const index = calls.find((call) => call.system === 'rackbeat' && call.path.startsWith('/orders?updated_at_from='))!;
    const customers = calls.filter((call) => call.system === 'rackbeat' && call.path.startsWith('/customers?search='));
    expect(customers).toHaveLength(4);
    expect(Math.min(...customers.map(sentAt))).toBeLessThan(index.answeredAt);
    // Each order still made once, after its look-up.
    expect(w.rackbeat.simulator.writeLog.filter((entry) => entry.method === 'POST' && entry.path === '/orders/drafts')).toHaveLength(30);
  });
});

describe('leg 2 works a handed-over batch at once', () => {
  it('keeps more e-conomic creates in flight than the engine\'s 8 records, as its client allows at this latency', async () => {
    const { calls } = await runOf(120, 50);
    const creates = calls.filter((call) => call.system === 'economic' && call.method === 'POST' && call.path === '/orders/drafts');
    expect(creates).toHaveLength(120);
    // In flight at the moment each create was sent: those sent before it and answered after.
    const most = Math.max(...creates.map((call) => creates.filter((other) => sentAt(other) <= sentAt(call) && other.answeredAt > sentAt(call)).length));
    expect(most).toBeGreaterThan(8);
  });

  it('begins its closing listing once the last batch is claimed, not after that batch is looked up', async () => {
    const { calls } = await runOf(50, 50);
    // Leg 2's listings of booked orders: its first at the start, then the closing one from its checkpoint.
    const listings = calls.filter((call) => call.system === 'rackbeat' && call.path.startsWith('/orders?is_booked=true'));
    const closing = listings.slice(1).map(sentAt);
    const lookUps = calls.filter((call) => call.system === 'economic' && call.path.includes('filter=references.other'));
    expect(closing.length).toBeGreaterThan(0);
    expect(Math.min(...closing)).toBeLessThan(Math.max(...lookUps.map((call) => call.answeredAt)));
    // Each order was looked up once, in its batch (three places a batch of up to 20), none again by the closing listing.
    expect(lookUps).toHaveLength(3 * Math.ceil(50 / 20));
  });
});

describe('a leg waiting for the legs before it', () => {
  it('reads its listing while they run, so the run does not end with it (the cancellations leg lists the shop again)', async () => {
    const { result, calls } = await runOf(250, 5);
    expect(result.legs.map((leg) => leg.leg)).toEqual(['webshop-rackbeat', 'rackbeat-economic', 'webshop-cancellations']);
    // At least three pages of 100 for leg 1, as many for the cancellations leg: all read before leg 1 made its last Rackbeat order.
    const lists = calls.flatMap((call, index) => (call.system === 'woocommerce' && call.path.includes('/orders?') ? [index] : []));
    const lastCreate = calls.findLastIndex((call) => call.system === 'rackbeat' && call.method === 'POST' && call.path === '/orders/drafts');
    expect(lists.length).toBeGreaterThanOrEqual(6);
    expect(lists.filter((index) => index > lastCreate)).toEqual([]);
    // Its checkpoint still moved to where its listing saw everything.
    expect(result.legs[2]!.checkpoint).toBeDefined();
  });
});

describe('HandOver', () => {
  it('hands a full batch at once, a lone one after the linger, and the rest when closed', async () => {
    const handOver = new HandOver('rackbeat-order', 3, 30);
    const batches: string[][] = [];
    const received = (async () => {
      for await (const batch of handOver.batches()) batches.push(batch);
    })();
    for (const id of ['1', '2', '3', '4']) handOver.push(id);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(batches).toEqual([['1', '2', '3']]);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(batches).toEqual([['1', '2', '3'], ['4']]);
    handOver.push('5');
    handOver.close();
    handOver.push('6');
    await received;
    expect(batches).toEqual([['1', '2', '3'], ['4'], ['5']]);
  });
});
