import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StartedEconomicSimulator } from '../../src/sandbox/economic/simulator.js';
import type { SimRecord } from '../../src/sandbox/economic/state.js';
import { runMain } from '../cli/run-cli.js';
import { useFlowWorld, type FlowWorld } from './world/world.js';
import { writesOf } from './world/writes.js';

/**
 * A lost store after a bookkeeper moved the documents on (protocol step 5, look first): orders are
 * transferred, then some e-conomic orders are sent (an archived copy comes with each) or some
 * draft invoices are booked (the draft is gone, the booked invoice has another number). The store
 * is deleted and e-conomic's Idempotency-Key window outlived, so only the look-up stands between
 * the next run and a second document. It must adopt every document where it now is.
 */
const TIMEOUT_MS = 60_000;
const startWorld = useFlowWorld();

type Collection = 'orderDrafts' | 'sentOrders' | 'archivedOrders' | 'draftInvoices' | 'bookedInvoices';
const COLLECTIONS: readonly Collection[] = ['orderDrafts', 'sentOrders', 'archivedOrders', 'draftInvoices', 'bookedInvoices'];

/** Every e-conomic document carrying this reference, by collection (an archived order is a copy of a sent one). */
function documentsWith(economic: StartedEconomicSimulator, reference: string): Partial<Record<Collection, SimRecord[]>> {
  const found: Partial<Record<Collection, SimRecord[]>> = {};
  for (const collection of COLLECTIONS) {
    const matches = [...economic.state[collection].values()].filter((doc) => (doc.references as { other?: string } | undefined)?.other === reference);
    if (matches.length > 0) found[collection] = matches;
  }
  return found;
}

const references = (economic: StartedEconomicSimulator, collection: Collection): string[] =>
  [...economic.state[collection].values()].map((doc) => (doc.references as { other: string }).other);

const cli = (world: FlowWorld, args: string[]) => runMain(['-c', world.configPath, ...args], { cwd: dirname(world.configPath) });

const economicWrites = (world: FlowWorld) => writesOf(world.economic.simulator).length;

/** `count` new shop orders transferred by a first run; their e-conomic references. */
async function transferred(world: FlowWorld, count: number, collection: Collection): Promise<string[]> {
  world.placeOrders(count);
  const first = await cli(world, ['orders']);
  expect(first.code, first.stderr).toBe(0);
  const all = references(world.economic, collection);
  expect(all).toHaveLength(count);
  return all;
}

/**
 * Deletes the store (with its -wal and -shm) and outlives e-conomic's idempotency window, then
 * runs again: it must exit 0, say it adopted `adopted`, and write nothing to e-conomic. Returns
 * e-conomic's write count.
 */
async function rerunOnLostStore(world: FlowWorld, adopted: string): Promise<number> {
  const before = economicWrites(world);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${world.storePath}${suffix}`, { force: true });
  world.outliveIdempotencyWindow();
  const rerun = await cli(world, ['orders']);
  expect(rerun.code, rerun.stderr).toBe(0);
  expect(rerun.stderr).toContain(`adopted ${adopted} that were already there`);
  expect(economicWrites(world)).toBe(before);
  return before;
}

describe('a lost store after the bookkeeper moved the e-conomic documents on', () => {
  it('orders: adopts sent, archived-only and draft orders where they are, creating none', async () => {
    const world = await startWorld({ seededOrders: 0, orders: { document: 'order', updateDrafts: true } });
    const all = await transferred(world, 6, 'orderDrafts');

    // The bookkeeper sends four; one of them is then upgraded to an invoice (only its archived copy stays).
    const drafts = [...world.economic.state.orderDrafts.keys()];
    for (const number of drafts.slice(0, 4)) expect(world.economic.state.sendOrder(number)).toHaveProperty('record');
    world.economic.state.sentOrders.delete(drafts[3] as number);
    const before = await rerunOnLostStore(world, '6 Rackbeat orders and 6 e-conomic order drafts');
    for (const reference of all) {
      const where = documentsWith(world.economic, reference);
      const live = (where.orderDrafts?.length ?? 0) + (where.sentOrders?.length ?? 0);
      expect(live + (live === 0 ? (where.archivedOrders?.length ?? 0) : 0), reference).toBe(1);
    }
    expect(world.economic.state.orderDrafts.size).toBe(2);
    expect(world.economic.state.sentOrders.size).toBe(3);
    expect(world.economic.state.archivedOrders.size).toBe(4);

    // orders.updateDrafts: a changed Rackbeat order whose e-conomic order was sent is never touched.
    const sentOrder = [...world.economic.state.sentOrders.values()][0] as SimRecord;
    const rackbeatNumber = Number(/^rackbeat:(\d+)/.exec((sentOrder.references as { other: string }).other)?.[1]);
    const order = world.rackbeat.state.orders.get(rackbeatNumber);
    if (!order) throw new Error(`no Rackbeat order ${rackbeatNumber}`);
    (order.lines[0] as { quantity: number }).quantity += 1;
    world.rackbeat.state.touchOrder(rackbeatNumber);
    const changed = await cli(world, ['orders']);
    expect(changed.code, changed.stderr).toBe(1);
    expect(changed.stderr).toContain(`(Rackbeat ${rackbeatNumber}): changed in rackbeat after it was transferred (lines)`);
    expect(changed.stderr).toContain('nothing was changed there');
    expect(economicWrites(world), changed.stderr).toBe(before);
    expect(world.economic.state.sentOrders.get(sentOrder.orderNumber as number)).toEqual(sentOrder);
  }, TIMEOUT_MS);

  it('invoices: adopts booked invoices by their booked number and the drafts left, checks their totals, creates none', async () => {
    const world = await startWorld({ seededOrders: 0, orders: { document: 'invoice' } });
    const all = await transferred(world, 5, 'draftInvoices');

    // Booked with numbers of the agreement's own series, far from the draft numbers.
    const drafts = [...world.economic.state.draftInvoices.keys()];
    drafts.slice(0, 3).forEach((number, index) => expect(world.economic.state.bookInvoice(number, 20260101 + index)).toHaveProperty('record'));
    await rerunOnLostStore(world, '5 Rackbeat orders and 5 e-conomic draft invoices');
    for (const reference of all) {
      const where = documentsWith(world.economic, reference);
      expect(Object.values(where).flat(), reference).toHaveLength(1);
    }
    expect(world.economic.state.bookedInvoices.size).toBe(3);
    expect(world.economic.state.draftInvoices.size).toBe(2);

    // The links say where each is: a booked invoice by its booked number, not the draft number it had.
    const history = JSON.parse((await cli(world, ['--json', 'history'])).stdout) as Array<{ stage: string; targetId: string | null; targetNumber: string | null }>;
    const adoptedBooked = history.filter((row) => row.stage === 'adopted' && row.targetId?.startsWith('booked:'));
    expect(adoptedBooked.map((row) => [row.targetId, row.targetNumber]).sort()).toEqual([
      ['booked:20260101', '20260101'],
      ['booked:20260102', '20260102'],
      ['booked:20260103', '20260103'],
    ]);
  }, TIMEOUT_MS);
});
