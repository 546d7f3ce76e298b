import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../src/connectors/http/types.js';
import type { BatchUpdateStep, Leg, LegSource, Located } from '../../src/engine/leg.js';
import { runFlow, type FlowResult } from '../../src/engine/run-flow.js';
import { DEFAULT_ENGINE_SETTINGS, type EngineSettings } from '../../src/engine/settings.js';
import { openStore, type Store } from '../../src/store/database.js';
import { iterateTransfers } from '../../src/store/history.js';
import { findLink } from '../../src/store/links.js';
import { countTransfers } from '../../src/store/transfers.js';
import { useTmpDir } from '../helpers/tmp-dir.js';
import { useFakeRemote, type FakeDoc, type FakeRemote } from './fake-remote.js';
import { fakeClient, listSource, makeOrders, type FakeOrder } from './fixtures/fake-leg.js';

/**
 * The batched update step (stock levels): changed records are gathered across the source's pages
 * and written `batchSize` at a time; what did not change is neither located nor written nor
 * logged; one refused write fails its record alone; a skip is logged once.
 */
const settings: EngineSettings = { ...DEFAULT_ENGINE_SETTINGS, startFrom: new Date('2025-01-01T00:00:00Z'), retryBaseMs: 60_000 };

interface Counters {
  locateCalls: number;
  located: number;
  batches: number[];
  /** The target is down: the next batch is refused as a whole (a systemic error, after the intents). */
  outage?: boolean;
}

/** Each order's `LEVEL-<number>` document gets `{ level: amount }`; orders whose number is in `absent` are skipped as not there. */
function batchedLeg(source: LegSource<FakeOrder>, client: HttpClient, counters: Counters, absent: Set<string>): Leg<FakeOrder> {
  const step: BatchUpdateStep<FakeOrder, { level: number }> = {
    kind: 'batch-update',
    name: 'level',
    about: 'stock',
    targetSystem: 'rackbeat',
    batchSize: 15,
    recheckSkippedMs: 3_600_000,
    payload: (order) => ({ level: order.amount }),
    async locateMany(orders) {
      counters.locateCalls += 1;
      counters.located += orders.length;
      const found = new Map<string, Located>();
      for (const order of orders) {
        if (absent.has(order.number)) {
          found.set(order.id, { skip: 'not in the target' });
          continue;
        }
        const { data } = await client.request<FakeDoc[]>({ method: 'GET', path: '/docs', query: { reference: `LEVEL-${order.number}` } });
        if (data[0]) found.set(order.id, { doc: { id: data[0].id, number: data[0].number } });
      }
      return found;
    },
    async applyMany(items) {
      if (counters.outage) throw Object.assign(new Error('the target is down'), { systemic: true });
      counters.batches.push(items.length);
      return Promise.all(
        items.map(async ({ doc, payload }) => {
          try {
            await client.request({ method: 'PUT', path: `/docs/${doc.id}`, body: { payload } });
            return { ok: true as const, doc };
          } catch (error) {
            return { ok: false as const, error };
          }
        }),
      );
    },
    describe: (payload) => `level ${payload.level}`,
  };
  return { flow: 'stock', name: 'levels', about: 'stock', source, steps: [step as BatchUpdateStep<FakeOrder>] };
}

describe('batched update step', () => {
  const tmp = useTmpDir();
  const startRemote = useFakeRemote();
  const stores: Store[] = [];
  afterEach(() => {
    for (const store of stores.splice(0)) store.close();
  });

  async function setup(count: number, absent: string[] = []) {
    const remote: FakeRemote = await startRemote({ latencyMs: 0 });
    let now = Date.parse('2025-02-01T00:00:00Z');
    const store = openStore(join(tmp(), 'iex-sync.db'), { clock: () => new Date(now) });
    stores.push(store);
    const orders = makeOrders(count);
    const docs = orders.filter((order) => !absent.includes(order.number)).map((order) => remote.seed(`LEVEL-${order.number}`, { level: 0 }));
    const counters: Counters = { locateCalls: 0, located: 0, batches: [] };
    const missing = new Set(absent);
    const leg = batchedLeg(listSource(orders, 20), fakeClient(remote.url), counters, missing);
    // Every run reads every record (as the stock leg does): the content hash alone says what changed.
    const run = (extra: { dryRun?: boolean } = {}): Promise<FlowResult> =>
      runFlow({ store, flow: 'stock', command: 'test', legs: [leg] as Array<Leg<never>>, settings: { ...settings, lookbackMs: Number.MAX_SAFE_INTEGER }, redact: (p) => p, ...extra });
    const rows = () => countTransfers(store, { leg: 'levels' });
    return { remote, store, orders, docs, counters, run, rows, absent: missing, advance: (ms: number) => (now += ms) };
  }

  it('gathers changes across pages into full batches, and a run without changes locates, writes and logs nothing', async () => {
    const t = await setup(45);
    expect((await t.run()).exitCode).toBe(0);
    // 45 records in pages of 20, written 15 at a time: 3 full batches, not two a page.
    expect(t.counters.batches).toEqual([15, 15, 15]);
    expect(t.docs.map((doc) => doc.payload)).toEqual(t.orders.map((order) => ({ level: order.amount })));
    const rows = t.rows();
    expect(rows).toBe(45);

    const quiet = await t.run();
    expect(quiet.legs[0]!.counts.unchanged).toBe(45);
    expect(t.counters.batches).toHaveLength(3);
    expect(t.counters.locateCalls).toBeGreaterThan(0);
    const located = t.counters.located;
    expect(t.rows()).toBe(rows);

    // Three changes on three different pages: one write of three, to the documents the links name (no look-up).
    for (const index of [2, 21, 44]) t.orders[index]!.amount = 5_000 + index;
    const changed = await t.run();
    expect(t.counters.batches.slice(3)).toEqual([3]);
    expect(t.counters.located).toBe(located);
    expect(changed.legs[0]!.records.filter((record) => record.outcome === 'ok').map((record) => record.message)).toEqual(['level 5002', 'level 5021', 'level 5044']);
    expect(t.docs[21]!.payload).toEqual({ level: 5_021 });
    expect([...iterateTransfers(t.store, { source: '22' })].map((row) => row.message)).toEqual(['level 5021', 'level 2200']);
    expect(t.rows()).toBe(rows + 3);
  });

  it('fails the one write the target refuses, counts the rest, and looks its document up again on the retry', async () => {
    const t = await setup(12);
    t.remote.set({ rejectUpdates: new Set(['LEVEL-1005']) });
    const first = await t.run();
    expect(first.exitCode).toBe(1);
    expect(first.legs[0]!.counts).toMatchObject({ ok: 11, failed: 1 });
    expect(findLink(t.store, { leg: 'levels', step: 'level', sourceInstance: 'https://shop.test', sourceId: '5' })?.status).toBe('failed');

    t.remote.set({ rejectUpdates: new Set() });
    t.advance(120_000);
    const located = t.counters.located;
    const retry = await t.run();
    expect(retry.exitCode).toBe(0);
    expect(retry.legs[0]!.counts).toMatchObject({ ok: 1, failed: 0 });
    expect(t.counters.located).toBe(located + 1);
    expect(t.docs[4]!.payload).toEqual({ level: 500 });
  });

  it('logs a skip once, and looks again only when the record changes or the skip is an hour old', async () => {
    const t = await setup(5, ['1003']);
    const first = await t.run();
    expect(first.legs[0]!.counts).toMatchObject({ ok: 4, skipped: 1 });
    expect(countTransfers(t.store, { leg: 'levels', status: 'skipped' })).toBe(1);

    const located = t.counters.located;
    await t.run();
    expect(t.counters.located).toBe(located);
    expect(countTransfers(t.store, { leg: 'levels', status: 'skipped' })).toBe(1);

    t.orders[2]!.amount = 999;
    await t.run();
    expect(t.counters.located).toBe(located + 1);
    expect(countTransfers(t.store, { leg: 'levels', status: 'skipped' })).toBe(1);

    // Unchanged, but an hour on: looked for again (still not there: nothing said), then not for another hour.
    t.advance(3_600_000);
    await t.run();
    expect(t.counters.located).toBe(located + 2);
    await t.run();
    expect(t.counters.located).toBe(located + 2);
    expect(countTransfers(t.store, { leg: 'levels', status: 'skipped' })).toBe(1);

    // It has appeared in the target since: the next look writes it.
    t.absent.delete('1003');
    const doc = t.remote.seed('LEVEL-1003', { level: 0 });
    t.advance(3_600_000);
    const found = await t.run();
    expect(found.legs[0]!.counts.ok).toBe(1);
    expect(doc.payload).toEqual({ level: 999 });
  });

  it('a target down mid-run stops it with the intents left pending; the next run writes them', async () => {
    const t = await setup(6);
    t.counters.outage = true;
    const down = await t.run();
    expect(down.exitCode).toBe(3);
    const key = { leg: 'levels', step: 'level', sourceInstance: 'https://shop.test', sourceId: '4' };
    expect(findLink(t.store, key)?.status).toBe('pending');

    t.counters.outage = false;
    const back = await t.run();
    expect(back.exitCode).toBe(0);
    expect(findLink(t.store, key)?.status).toBe('ok');
    expect(t.docs.map((doc) => doc.payload)).toEqual(t.orders.map((order) => ({ level: order.amount })));
  });

  it('dry-run logs what it would write and writes nothing', async () => {
    const t = await setup(3);
    const result = await t.run({ dryRun: true });
    expect(result.legs[0]!.counts.dryRun).toBe(3);
    expect(t.counters.batches).toEqual([]);
    expect(t.remote.calls('PUT /docs/:id')).toBe(0);
    expect(countTransfers(t.store, { leg: 'levels', status: 'dry-run' })).toBe(3);
  });
});
