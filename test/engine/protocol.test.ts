import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SyncHttpError } from '../../src/connectors/http/errors.js';
import { RecordError } from '../../src/engine/errors.js';
import type { CreateStep, Leg } from '../../src/engine/leg.js';
import { runFlow, type FlowResult } from '../../src/engine/run-flow.js';
import { DEFAULT_ENGINE_SETTINGS, type EngineSettings } from '../../src/engine/settings.js';
import { getCheckpoint } from '../../src/store/checkpoints.js';
import { openStore, type Store } from '../../src/store/database.js';
import { IdentityMismatchError, type SystemIdentity } from '../../src/store/identity.js';
import { findLink, listLinks, recordIntent } from '../../src/store/links.js';
import { countTransfers } from '../../src/store/transfers.js';
import { useTmpDir } from '../helpers/tmp-dir.js';
import { useFakeRemote, type FakeBehaviour } from './fake-remote.js';
import { fakeClient, fakeLeg, listSource, makeOrders, type FakeOrder } from './fixtures/fake-leg.js';

/** One test per rule of the transfer protocol (design, "The transfer protocol"), in process, over HTTP to the fake remote. */
describe('the transfer protocol', () => {
  const tmp = useTmpDir();
  const startRemote = useFakeRemote();
  const stores: Store[] = [];
  afterEach(() => {
    for (const store of stores.splice(0)) store.close();
  });

  async function setup(count: number, options: { behaviour?: Partial<FakeBehaviour>; settings?: Partial<EngineSettings> } = {}) {
    const remote = await startRemote({ latencyMs: 0, ...options.behaviour });
    let now = Date.parse('2025-02-01T00:00:00Z');
    const path = join(tmp(), 'iex-sync.db');
    const store = openStore(path, { clock: () => new Date(now) });
    stores.push(store);
    const orders = makeOrders(count);
    const leg = fakeLeg(listSource(orders), fakeClient(remote.url));
    const settings: EngineSettings = {
      ...DEFAULT_ENGINE_SETTINGS,
      startFrom: new Date('2025-01-01T00:00:00Z'),
      retryBaseMs: 60_000,
      ...options.settings,
    };
    const run = (extra: { dryRun?: boolean; identity?: SystemIdentity[]; leg?: Leg<FakeOrder> } = {}): Promise<FlowResult> =>
      runFlow({ store, flow: 'orders', command: 'test', legs: [extra.leg ?? leg], settings, redact: (payload) => payload, ...extra });
    const key = (step: string, sourceId: string) => ({ leg: leg.name, step, sourceInstance: leg.source.instance, sourceId });
    return { remote, store, path, orders, leg, run, key, advance: (ms: number) => (now += ms) };
  }

  /** The same leg with one step's functions replaced. */
  function patchStep(leg: Leg<FakeOrder>, name: string, patch: Partial<CreateStep<FakeOrder>>): Leg<FakeOrder> {
    return { ...leg, steps: leg.steps.map((step) => (step.name === name ? ({ ...step, ...patch } as typeof step) : step)) };
  }

  it('writes and commits the pending intent before the create call', async () => {
    const t = await setup(3);
    const observer = openStore(t.path, { readonly: true });
    stores.push(observer);
    const seen: Array<string | undefined> = [];
    const order = t.leg.steps[1] as CreateStep<FakeOrder>;
    const leg = patchStep(t.leg, 'order', {
      create: (payload, options) => {
        seen.push(findLink(observer, t.key('order', (payload as { number: string }).number.slice(-1)))?.status);
        return order.create(payload, options);
      },
    });
    await t.run({ leg });
    expect(seen).toEqual(['pending', 'pending', 'pending']);
    expect(listLinks(t.store, { step: 'order' }).map((link) => link.status)).toEqual(['ok', 'ok', 'ok']);
  });

  it('recovers a pending create by looking it up: adopts what exists, creates nothing twice', async () => {
    const t = await setup(2);
    const existing = t.remote.seed('ORDER-1001', { number: '1001' });
    recordIntent(t.store, {
      ...t.key('order', '1'), flow: 'orders', sourceSystem: 'woocommerce', targetSystem: 'rackbeat',
      reference: 'ORDER-1001', sourceModifiedAt: t.orders[0]!.modifiedAt.toISOString(),
    });
    await t.run();
    expect(t.remote.byReference('ORDER-1001')).toHaveLength(1);
    expect(findLink(t.store, t.key('order', '1'))).toMatchObject({ status: 'ok', targetId: existing.id });
    expect(countTransfers(t.store, { sourceId: '1', stage: 'adopted' })).toBe(1);
    expect(t.remote.byReference('ORDER-1002')).toHaveLength(1);
  });

  it('adopts a create whose response was lost, and never repeats a create whose outcome stays unknown', async () => {
    const t = await setup(4, { behaviour: { dropRate: 1 } });
    const first = await t.run();
    // Every create was applied and its response lost: each found again by its reference.
    expect(first.exitCode).toBe(0);
    expect(t.remote.docs().filter((doc) => doc.reference.startsWith('ORDER-'))).toHaveLength(4);
    expect(countTransfers(t.store, { stage: 'adopted', status: 'ok' })).toBeGreaterThanOrEqual(4);

    const u = await setup(2);
    const order = u.leg.steps[1] as CreateStep<FakeOrder>;
    const lost = Object.assign(new Error('socket hang up'), { outcomeUnknown: true });
    const unknownLeg = patchStep(u.leg, 'order', {
      create: async (payload, options) => {
        await order.create(payload, options); // Applied remotely, but not yet visible to lookups:
        u.remote.docs().find((doc) => doc.reference === options.reference)!.reference = `hidden-${options.reference}`;
        throw lost;
      },
    });
    const unsure = await u.run({ leg: unknownLeg });
    expect(unsure.exitCode).toBe(1);
    expect(findLink(u.store, u.key('order', '1'))?.status).toBe('unknown');
    // It appears in the target later: the next run adopts it instead of creating it again.
    for (const doc of u.remote.docs()) doc.reference = doc.reference.replace(/^hidden-/, '');
    const next = await u.run();
    expect(next.exitCode).toBe(0);
    expect(u.remote.byReference('ORDER-1001')).toHaveLength(1);
    expect(findLink(u.store, u.key('order', '1'))?.status).toBe('ok');
  });

  it('a created document that fails its check is parked, then found again and re-checked, never created twice', async () => {
    const t = await setup(2);
    let totalsAgree = false;
    const leg = patchStep(t.leg, 'order', {
      verify: async (doc, record) => {
        if (!totalsAgree && record.id === '1') throw new RecordError(`document ${doc.id}: totals differ`, 'check VAT setup');
      },
    });
    const first = await t.run({ leg });
    expect(first.exitCode).toBe(1);
    expect(findLink(t.store, t.key('order', '1'))).toMatchObject({ status: 'failed', lastHint: 'check VAT setup' });
    t.advance(60_000);
    totalsAgree = true;
    expect((await t.run({ leg })).exitCode).toBe(0);
    expect(t.remote.byReference('ORDER-1001')).toHaveLength(1);
    expect(findLink(t.store, t.key('order', '1'))?.status).toBe('ok');
    expect(countTransfers(t.store, { sourceId: '1', stage: 'adopted' })).toBe(1);
  });

  it('checks the state before changing it: an order already booked is not booked again', async () => {
    const t = await setup(1);
    t.orders[0]!.paid = false;
    await t.run();
    t.remote.byReference('ORDER-1001')[0]!.booked = true; // Booked by hand in the target.
    t.orders[0]!.paid = true;
    t.orders[0]!.modifiedAt = new Date(t.orders[0]!.modifiedAt.getTime() + 1000);
    const result = await t.run();
    expect(result.exitCode).toBe(0);
    expect(t.remote.calls('POST /docs/:id/book')).toBe(0);
    expect(findLink(t.store, t.key('book', '1'))?.status).toBe('ok');
  });

  it('updates a linked document only when its content hash changed, and never once booked', async () => {
    const t = await setup(3);
    await t.run();
    const [, paid, unpaid] = t.orders as [FakeOrder, FakeOrder, FakeOrder];
    for (const order of [paid, unpaid]) {
      order.amount += 1;
      order.modifiedAt = new Date(order.modifiedAt.getTime() + 1000);
    }
    await t.run();
    await t.run(); // Same content again: nothing to send.
    expect(t.remote.byReference('ORDER-1003')[0]).toMatchObject({ updates: 1, payload: { amount: 301 } });
    expect(t.remote.byReference('ORDER-1002')[0]).toMatchObject({ updates: 0, booked: true });
    expect(t.remote.calls('PUT /docs/:id')).toBe(1);
  });

  it('moves the checkpoint to the newest modified time handled, never past a record a systemic error left', async () => {
    const t = await setup(8, { settings: { concurrency: 1 } });
    const order = t.leg.steps[1] as CreateStep<FakeOrder>;
    const unauthorised = new SyncHttpError({ system: 'rackbeat', kind: 'auth', method: 'POST', path: '/docs', status: 401, retryable: false });
    const leg = patchStep(t.leg, 'order', {
      create: async (payload, options) => {
        if (options.reference === 'ORDER-1005') throw unauthorised;
        return order.create(payload, options);
      },
    });
    const stopped = await t.run({ leg });
    expect(stopped.exitCode).toBe(3);
    expect(stopped.message).toContain('401');
    expect(getCheckpoint(t.store, { flow: 'orders', leg: t.leg.name, sourceInstance: t.leg.source.instance })).toBe(
      t.orders[3]!.modifiedAt.toISOString(),
    );
    expect(t.remote.byReference('ORDER-1006')).toHaveLength(0); // The run stopped at once.

    const resumed = await t.run();
    expect(resumed.exitCode).toBe(0);
    expect(t.remote.docs().filter((doc) => doc.reference.startsWith('ORDER-'))).toHaveLength(8);
    expect(getCheckpoint(t.store, { flow: 'orders', leg: t.leg.name, sourceInstance: t.leg.source.instance })).toBe(
      t.orders[7]!.modifiedAt.toISOString(),
    );
  });

  it('parks a failed record with backoff, retries it on later runs regardless of the checkpoint, gives up visibly', async () => {
    const t = await setup(30, { settings: { giveUpAfterAttempts: 3, lookbackMs: 60_000 } });
    t.orders[0]!.mappingError = 'unknown SKU GIFT-1';
    t.orders[1]!.mappingError = 'unknown SKU GIFT-2';
    t.orders[29]!.mappingError = 'unknown SKU GIFT-30';
    const first = await t.run();
    expect(first.exitCode).toBe(1);
    expect(first.legs[0]!.counts).toMatchObject({ ok: 27, failed: 3 });
    expect(findLink(t.store, t.key('order', '1'))).toMatchObject({ status: 'failed', attempts: 1, nextAttemptAt: '2025-02-01T00:01:00.000Z' });

    const early = await t.run(); // Not due yet: left alone, even order 30 that the lookback reads again.
    expect(early.exitCode).toBe(1); // Still failing: every run says so until it is fixed or dismissed.
    expect(early.open.map((problem) => problem.sourceId).sort()).toEqual(['1', '2', '30']);
    expect(early.newProblems).toEqual([]);
    expect(findLink(t.store, t.key('order', '1'))?.attempts).toBe(1);
    expect(findLink(t.store, t.key('order', '30'))?.attempts).toBe(1);

    t.advance(60_000);
    t.orders[0]!.mappingError = undefined; // Fixed, without touching the order: far behind the checkpoint and lookback.
    await t.run();
    expect(t.remote.byReference('ORDER-1001')).toHaveLength(1);
    expect(findLink(t.store, t.key('order', '2'))).toMatchObject({ status: 'failed', attempts: 2, nextAttemptAt: '2025-02-01T00:03:00.000Z' });

    t.advance(120_000);
    const last = await t.run();
    expect(findLink(t.store, t.key('order', '2'))).toMatchObject({ status: 'given-up', lastError: 'gave up after 3 attempts: unknown SKU GIFT-2', lastHint: 'fix the order in the shop' });
    expect(last.legs[0]!.records.find((record) => record.sourceId === '2')).toMatchObject({ outcome: 'failed', message: expect.stringContaining('gave up') });
    t.advance(10 * 24 * 3600_000);
    const later = await t.run();
    expect(findLink(t.store, t.key('order', '2'))?.attempts).toBe(3);
    expect(later.exitCode).toBe(1); // Given up is not fixed.
    expect(later.recovered).toEqual([]);
  });

  it('fails one bad record alone and goes on with the rest', async () => {
    const t = await setup(6, { behaviour: { rejectReferences: new Set(['ORDER-1002']) } });
    const result = await t.run();
    expect(result.exitCode).toBe(1);
    expect(result.legs[0]!.counts).toMatchObject({ ok: 5, failed: 1 });
    expect(findLink(t.store, t.key('order', '2'))?.lastError).toContain('invalid document ORDER-1002');
  });

  it('logs a skip once per record and reason', async () => {
    const t = await setup(3);
    t.orders[1]!.skip = 'order not in allowed states';
    await t.run();
    await t.run();
    t.orders[1]!.skip = 'order has no lines';
    await t.run();
    expect(countTransfers(t.store, { sourceId: '2', status: 'skipped' })).toBe(2);
    expect(t.remote.byReference('ORDER-1002')).toHaveLength(0);
  });

  it('never transfers records created before the cut-over date', async () => {
    const t = await setup(6, { settings: { startFrom: new Date('2025-01-01T00:03:30Z') } });
    t.orders[0]!.modifiedAt = new Date('2025-01-01T00:05:00Z'); // Old order edited after the cut-over.
    await t.run();
    expect(t.remote.docs().filter((doc) => doc.reference.startsWith('ORDER-')).map((doc) => doc.reference).sort()).toEqual([
      'ORDER-1004',
      'ORDER-1005',
      'ORDER-1006',
    ]);
  });

  it('reads from the checkpoint minus the lookback with >=, deduping against the links', async () => {
    const t = await setup(5, { settings: { lookbackMs: 5 * 60_000 } });
    await t.run();
    const posts = t.remote.calls('POST /docs');
    const checkpoint = t.orders[4]!.modifiedAt;
    const late = (id: string, at: Date): FakeOrder => ({ ...t.orders[0]!, id, number: `10${id}`, createdAt: at, modifiedAt: at });
    t.orders.push(late('60', checkpoint), late('61', new Date(checkpoint.getTime() - 2 * 60_000)));
    await t.run();
    expect(t.remote.byReference('ORDER-1060')).toHaveLength(1);
    expect(t.remote.byReference('ORDER-1061')).toHaveLength(1);
    expect(t.remote.calls('POST /docs')).toBe(posts + 2);
  });

  it('compares the cursor with >=: a record modified exactly at the checkpoint is not missed', async () => {
    const t = await setup(3, { settings: { lookbackMs: 0 } });
    await t.run();
    const at = t.orders[2]!.modifiedAt;
    t.orders.push({ ...t.orders[0]!, id: '70', number: '1070', createdAt: at, modifiedAt: at });
    await t.run();
    expect(t.remote.byReference('ORDER-1070')).toHaveLength(1);
    expect(t.remote.docs().filter((doc) => doc.reference.startsWith('ORDER-'))).toHaveLength(4);
  });

  it('dry-run records the exact payloads and writes nothing: no remote write, no link, no checkpoint', async () => {
    const t = await setup(3);
    const result = await t.run({ dryRun: true });
    expect(result.legs[0]!.counts.dryRun).toBe(3);
    expect(t.remote.docs()).toHaveLength(0);
    expect(t.remote.calls('POST /docs')).toBe(0);
    expect(listLinks(t.store)).toHaveLength(0);
    expect(getCheckpoint(t.store, { flow: 'orders', leg: t.leg.name, sourceInstance: t.leg.source.instance })).toBeUndefined();
    expect(countTransfers(t.store, { status: 'dry-run', stage: 'created' })).toBe(6);
    expect(countTransfers(t.store, { status: 'dry-run', stage: 'booked' })).toBe(2);
  });

  it('runs records sharing a key one at a time: one new customer, many orders, one customer document', async () => {
    const t = await setup(20, { behaviour: { latencyMs: 2 }, settings: { concurrency: 8 } });
    for (const order of t.orders) order.email = 'same@example.com';
    await t.run();
    expect(t.remote.byReference('CUST-same@example.com')).toHaveLength(1);
    expect(new Set(t.remote.docs().filter((doc) => doc.reference.startsWith('ORDER-')).map((doc) => (doc.payload as { customer: string }).customer)).size).toBe(1);
  });

  it('looks each page up in one go, one page after the other, while the records\' earlier steps go on; no record asks alone', async () => {
    const t = await setup(60, { behaviour: { latencyMs: 2 } });
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    let customerMade!: () => void;
    const firstCustomer = new Promise<void>((resolve) => (customerMade = resolve));
    const lookUps: boolean[] = []; // Per page look-up: whether a customer was made while it was being answered.
    let running = 0;
    let overlapped = false;
    const leg = patchStep(t.leg, 'order', {
      lookup: () => Promise.reject(new Error('asked alone: the page was looked up')),
      lookupMany: async () => {
        overlapped ||= running > 0;
        running += 1;
        // Answered once a customer is made (the records went on meanwhile), else after a while.
        lookUps.push(await Promise.race([firstCustomer.then(() => true), sleep(1_500).then(() => false)]));
        await sleep(10);
        running -= 1;
        return new Map();
      },
    });
    const customer = t.leg.steps[0] as CreateStep<FakeOrder>;
    const withCustomer = patchStep(leg, 'customer', {
      create: (payload, options) => {
        customerMade();
        return customer.create(payload, options);
      },
    });
    expect((await t.run({ leg: withCustomer })).exitCode).toBe(0);
    expect(lookUps).toEqual([true, true, true]); // Pages of 20.
    expect(overlapped).toBe(false);
    expect(t.remote.docs().filter((doc) => doc.reference.startsWith('ORDER-'))).toHaveLength(60);
  });

  it('refuses a store bound to other systems, naming both', async () => {
    const t = await setup(1);
    const real: SystemIdentity = { role: 'rackbeat', system: 'rackbeat', instanceId: '4711', label: 'Acme ApS' };
    await t.run({ identity: [real] });
    const sandbox = { ...real, instanceId: 'sandbox', label: 'Sandbox' };
    const refused = await t.run({ identity: [sandbox] }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(IdentityMismatchError);
    expect((refused as IdentityMismatchError).exitCode).toBe(2);
    expect((refused as Error).message).toMatch(/"Acme ApS" \(4711\).*"Sandbox" \(sandbox\)/);
    // The refused run released the lock: a correct one still runs.
    expect((await t.run({ identity: [real] })).exitCode).toBe(0);
  });
});
