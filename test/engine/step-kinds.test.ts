import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Leg, StateChangeStep, TargetDoc, UpdateStep } from '../../src/engine/leg.js';
import { runFlow, type FlowResult } from '../../src/engine/run-flow.js';
import { DEFAULT_ENGINE_SETTINGS, type EngineSettings } from '../../src/engine/settings.js';
import { getCheckpoint } from '../../src/store/checkpoints.js';
import { openStore, type Store } from '../../src/store/database.js';
import { findLink } from '../../src/store/links.js';
import { acquireRunLock, LockHeldError } from '../../src/store/lock.js';
import { countTransfers } from '../../src/store/transfers.js';
import { useTmpDir } from '../helpers/tmp-dir.js';
import { useFakeRemote, type FakeRemote } from './fake-remote.js';
import { convertLeg, fakeClient, fakeLeg, levelLeg, listSource, makeOrders, type FakeOrder } from './fixtures/fake-leg.js';

/**
 * The protocol for the step kinds the next flows stand on (issue 13): the update step (stock
 * levels, product fields), a state change that yields a new document (an order draft upgraded to
 * an invoice), and steps acting on a document another leg made, found through the links. Each rule
 * has a test that fails when the rule is taken out of the engine.
 */
const settings: EngineSettings = { ...DEFAULT_ENGINE_SETTINGS, startFrom: new Date('2025-01-01T00:00:00Z'), retryBaseMs: 60_000 };

describe('step kinds', () => {
  const tmp = useTmpDir();
  const startRemote = useFakeRemote();
  const stores: Store[] = [];
  afterEach(() => {
    for (const store of stores.splice(0)) store.close();
  });

  async function setup(count: number) {
    const remote: FakeRemote = await startRemote({ latencyMs: 0 });
    let now = Date.parse('2025-02-01T00:00:00Z');
    const path = join(tmp(), 'iex-sync.db');
    const store = openStore(path, { clock: () => new Date(now) });
    stores.push(store);
    const orders = makeOrders(count);
    const client = fakeClient(remote.url);
    const source = listSource(orders);
    const run = (legs: Array<Leg<FakeOrder>>, extra: { dryRun?: boolean; only?: string[] } = {}): Promise<FlowResult> =>
      runFlow({ store, flow: legs[0]!.flow, command: 'test', legs: legs as Array<Leg<never>>, settings, redact: (payload) => payload, ...extra });
    const change = (index: number, amount: number) => {
      const order = orders[index]!;
      order.amount = amount;
      order.modifiedAt = new Date(order.modifiedAt.getTime() + 3_600_000);
    };
    return { remote, store, path, orders, client, source, run, change, advance: (ms: number) => (now += ms) };
  }

  describe('update', () => {
    async function levels(count: number) {
      const t = await setup(count);
      const docs = t.orders.map((order) => t.remote.seed(`LEVEL-${order.number}`, { level: 0 }));
      const leg = levelLeg(t.source, t.client);
      const key = (id: string) => ({ leg: leg.name, step: 'level', sourceInstance: leg.source.instance, sourceId: id });
      return { ...t, docs, leg, key };
    }

    it('writes only what changed since it last wrote: nothing on a rerun, one write for one change', async () => {
      const t = await levels(4);
      expect((await t.run([t.leg])).exitCode).toBe(0);
      expect(t.remote.calls('PUT /docs/:id')).toBe(4);
      expect(t.docs.map((doc) => doc.payload)).toEqual(t.orders.map((order) => ({ level: order.amount })));

      await t.run([t.leg]);
      expect(t.remote.calls('PUT /docs/:id')).toBe(4);

      t.change(1, 777);
      await t.run([t.leg]);
      expect(t.remote.calls('PUT /docs/:id')).toBe(5);
      expect(t.docs[1]!.payload).toEqual({ level: 777 });
    });

    it('writes the intent before the write and the link with the hash of what was written after it', async () => {
      const t = await levels(2);
      const observer = openStore(t.path, { readonly: true });
      stores.push(observer);
      const seen: Array<string | undefined> = [];
      const step = t.leg.steps[0] as UpdateStep<FakeOrder>;
      const watched: Leg<FakeOrder> = {
        ...t.leg,
        steps: [{ ...step, apply: (doc: TargetDoc, payload: unknown) => {
          seen.push(findLink(observer, t.key(doc.id))?.status);
          return step.apply(doc, payload);
        } }],
      };
      await t.run([watched]);
      expect(seen).toEqual(['pending', 'pending']);
      expect(findLink(t.store, t.key('1'))).toMatchObject({ status: 'ok', targetId: t.docs[0]!.id });
      expect(findLink(t.store, t.key('1'))?.contentHash).toMatch(/^[0-9a-f]{16,}$/);
    });

    it('writes again after a crash between the write and its commit, never leaving the level unrecorded', async () => {
      const t = await levels(2);
      const step = t.leg.steps[0] as UpdateStep<FakeOrder>;
      const crashing: Leg<FakeOrder> = {
        ...t.leg,
        steps: [{ ...step, apply: async (doc: TargetDoc, payload: unknown) => {
          await step.apply(doc, payload);
          throw Object.assign(new Error('the process died'), { systemic: true });
        } }],
      };
      expect((await t.run([crashing])).exitCode).toBe(3);
      expect(findLink(t.store, t.key('1'))?.status).toBe('pending');
      expect((await t.run([t.leg])).exitCode).toBe(0);
      expect(findLink(t.store, t.key('1'))?.status).toBe('ok');
      expect(t.docs[0]!.payload).toEqual({ level: t.orders[0]!.amount });
    });

    it('dry-run records the level it would write and writes nothing: no call, no link, no checkpoint', async () => {
      const t = await levels(3);
      const result = await t.run([t.leg], { dryRun: true });
      expect(result.legs[0]!.counts.dryRun).toBe(3);
      expect(t.remote.calls('PUT /docs/:id')).toBe(0);
      expect(findLink(t.store, t.key('1'))).toBeUndefined();
      expect(getCheckpoint(t.store, { flow: 'stock', leg: t.leg.name, sourceInstance: t.leg.source.instance })).toBeUndefined();
      expect(countTransfers(t.store, { sourceId: '1', stage: 'updated' })).toBe(1);
    });

    it('fails a record whose document is missing alone, parked with the reason, and writes the rest', async () => {
      const t = await levels(3);
      t.docs[1]!.reference = 'GONE';
      const result = await t.run([t.leg]);
      expect(result.exitCode).toBe(1);
      expect(result.legs[0]!.counts).toMatchObject({ ok: 2, failed: 1 });
      expect(findLink(t.store, t.key('2'))).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringContaining('nothing in rackbeat to update for 1002') });
    });

    it('parks a refused write with backoff and writes it once it is due; a system down stops the run and the next one writes', async () => {
      const t = await levels(2);
      t.remote.set({ rejectUpdates: new Set(['LEVEL-1001']) });
      await t.run([t.leg]);
      expect(findLink(t.store, t.key('1'))).toMatchObject({ status: 'failed', attempts: 1, nextAttemptAt: '2025-02-01T00:01:00.000Z' });
      t.remote.set({ rejectUpdates: new Set() });
      await t.run([t.leg]);
      expect(findLink(t.store, t.key('1'))?.status).toBe('failed'); // Not due yet.
      t.advance(60_000);
      await t.run([t.leg]);
      expect(findLink(t.store, t.key('1'))?.status).toBe('ok');

      t.change(1, 55);
      t.remote.set({ failAllWith: 503 });
      expect((await t.run([t.leg])).exitCode).toBe(3);
      t.remote.set({ failAllWith: undefined });
      expect((await t.run([t.leg])).exitCode).toBe(0);
      expect(t.docs[1]!.payload).toEqual({ level: 55 });
    });
  });

  it('runs several flows under one lock the caller holds: neither takes nor releases it, and another run meanwhile exits 75', async () => {
    const t = await setup(3);
    for (const order of t.orders) t.remote.seed(`LEVEL-${order.number}`, { level: 0 });
    const lock = acquireRunLock(t.store, { command: 'run' });
    try {
      const orders = await runFlow({ store: t.store, flow: 'orders', command: 'run', legs: [fakeLeg(t.source, t.client)] as Array<Leg<never>>, settings, redact: (payload) => payload, lock: { held: lock } });
      const stock = await runFlow({ store: t.store, flow: 'stock', command: 'run', legs: [levelLeg(t.source, t.client)] as Array<Leg<never>>, settings, redact: (payload) => payload, lock: { held: lock } });
      expect([orders.exitCode, stock.exitCode]).toEqual([0, 0]);
      expect(lock.lost()).toBe(false);
      const other = openStore(t.path);
      stores.push(other);
      expect(() => acquireRunLock(other, { command: 'orders' })).toThrow(LockHeldError);
    } finally {
      lock.release();
    }
    expect(t.remote.byReference('LEVEL-1001')[0]!.payload).toEqual({ level: t.orders[0]!.amount });
  });

  describe('a state change that yields a new document, on a document another leg made', () => {
    async function converting(count: number) {
      const t = await setup(count);
      const orders = fakeLeg(t.source, t.client);
      const convert = convertLeg(t.source, t.client);
      const key = (leg: string, step: string, id: string) => ({ leg, step, sourceInstance: t.source.instance, sourceId: id });
      return { ...t, legs: [orders, convert] as Array<Leg<FakeOrder>>, key };
    }

    it('converts each made document once, keeps both numbers apart, and books the new one', async () => {
      const t = await converting(3);
      expect((await t.run(t.legs)).exitCode).toBe(0);
      const made = findLink(t.store, t.key('shop-fake', 'order', '1'))!;
      const converted = findLink(t.store, t.key('shop-convert', 'convert', '1'))!;
      expect(converted.targetNumber).not.toBe(made.targetNumber);
      expect(t.remote.byReference('ORDER-1001/converted')).toEqual([expect.objectContaining({ number: converted.targetNumber, booked: true })]);
      expect(t.remote.byReference('ORDER-1001')[0]!.convertedTo).toBe(converted.targetId);
      expect(converted.upstreamLinkId).toBe(made.id); // history --source follows it from the order.
      expect(findLink(t.store, t.key('shop-convert', 'book-converted', '1'))?.targetId).toBe(converted.targetId);
      const unpaid = t.orders.find((order) => !order.paid)!;
      expect(findLink(t.store, t.key('shop-convert', 'convert', unpaid.id))).toBeUndefined();

      await t.run(t.legs);
      expect(t.remote.calls('POST /docs/:id/convert')).toBe(2);
    });

    it('after a crash between the conversion and its commit, finds what the conversion made instead of converting again', async () => {
      const t = await converting(2);
      const [orders, convert] = t.legs as [Leg<FakeOrder>, Leg<FakeOrder>];
      const step = convert.steps[0] as StateChangeStep<FakeOrder>;
      const crashing: Leg<FakeOrder> = {
        ...convert,
        steps: [{ ...step, apply: async (...args: Parameters<typeof step.apply>) => {
          await step.apply(...args);
          throw Object.assign(new Error('the process died'), { systemic: true });
        } }, ...convert.steps.slice(1)],
      };
      expect((await t.run([orders, crashing])).exitCode).toBe(3);
      expect(findLink(t.store, t.key('shop-convert', 'convert', '1'))?.status).toBe('pending');
      expect((await t.run(t.legs)).exitCode).toBe(0);
      expect(t.remote.byReference('ORDER-1001/converted')).toHaveLength(1);
      expect(findLink(t.store, t.key('shop-convert', 'convert', '1'))).toMatchObject({ status: 'ok', targetId: t.remote.byReference('ORDER-1001/converted')[0]!.id });
    });

    it('waits for a document the other leg has not made yet: nothing logged, the checkpoint stays before it', async () => {
      const t = await converting(3);
      const [orders, convert] = t.legs as [Leg<FakeOrder>, Leg<FakeOrder>];
      t.orders[1]!.mappingError = 'unknown SKU';
      await t.run([orders, convert]);
      expect(findLink(t.store, t.key('shop-convert', 'convert', '2'))).toBeUndefined();
      expect(countTransfers(t.store, { sourceId: '2', stage: 'converted' })).toBe(0);
      const checkpoint = getCheckpoint(t.store, { flow: 'orders', leg: 'shop-convert', sourceInstance: t.source.instance });
      expect(checkpoint).toBe(t.orders[0]!.modifiedAt.toISOString());

      t.orders[1]!.mappingError = undefined;
      t.advance(120_000);
      await t.run([orders, convert]);
      expect(findLink(t.store, t.key('shop-convert', 'convert', '2'))?.status).toBe('ok');
    });

    it('a selected run (--order) follows the record into the leg acting on its document', async () => {
      const t = await converting(3);
      const result = await t.run(t.legs, { only: ['1'] });
      expect(result.legs.map((leg) => leg.records.map((record) => record.sourceId))).toEqual([['1'], ['1']]);
      expect(t.remote.byReference('ORDER-1001/converted')).toHaveLength(1);
      expect(t.remote.byReference('ORDER-1002')).toHaveLength(0);
    });
  });
});
