import { describe, expect, it } from 'vitest';
import { createEconomicClient, type EconomicClientOptions } from '../../src/connectors/economic/client.js';
import { isSyncHttpError, type SyncHttpError } from '../../src/connectors/http/errors.js';
import type { CallRecord } from '../../src/connectors/http/types.js';
import type { Minor } from '../../src/domain/money.js';
import type { StartedEconomicSimulator } from '../../src/sandbox/economic/simulator.js';
import { sampleDocument, useEconomicSimulator } from './helpers.js';

const startSim = useEconomicSimulator();

function clientFor(sim: StartedEconomicSimulator, extra: Partial<EconomicClientOptions> = {}) {
  const calls: CallRecord[] = [];
  const client = createEconomicClient({ ...sim.config, onCall: (call) => calls.push(call), ...extra });
  return { client, calls };
}

async function caught(promise: Promise<unknown>): Promise<SyncHttpError> {
  const error = await promise.then(() => undefined, (reason: unknown) => reason);
  if (!isSyncHttpError(error)) throw new Error(`expected a SyncHttpError, got ${String(error)}`);
  return error;
}

describe('e-conomic client', () => {
  it('reads the agreement from /self and the lookups the config points at', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim);
    expect(await client.self()).toEqual({ agreementNumber: 900001, companyName: 'Sandbox Shop ApS', baseCurrency: 'DKK' });
    expect((await client.layouts()).map((layout) => layout.layoutNumber)).toEqual([19, 21]);
    expect((await client.vatZones()).map((zone) => zone.name)).toEqual(['Domestic', 'EU', 'Abroad', 'Domestic exempt']);
    expect(await client.paymentTerms()).toHaveLength(sim.state.paymentTerms.length);
    expect(await client.customerGroups()).toHaveLength(sim.state.customerGroups.length);
    expect(await client.units()).toHaveLength(sim.state.units.length);
  });

  it('says so when an error answer is e-conomic replaying its idempotency cache (X-ResultFromCache)', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim);
    const customers = sim.state.customers.size;
    const refused = { name: 'No Zone', currency: 'DKK', customerGroupNumber: 1, paymentTermsNumber: 1, vatZoneNumber: 99 };
    const first = await caught(client.customers.create(refused, { idempotencyKey: 'iex-sync:customer:no-zone' }));
    expect(first.kind).toBe('validation');
    expect(first.message).not.toContain('cache');

    // The same key within the hour: e-conomic answers from its cache, not from the agreement as it is now.
    const replayed = await caught(client.customers.create(refused, { idempotencyKey: 'iex-sync:customer:no-zone' }));
    expect(replayed.status).toBe(first.status);
    expect(replayed.message).toBe(`${first.message} (e-conomic replayed this answer from its idempotency cache)`);
    expect(replayed.hint).toMatch(/^e-conomic answered a request with the same Idempotency-Key from up to an hour ago; .*a new attempt needs a new key/);
    expect(sim.state.customers.size).toBe(customers);
  });

  it('pages through 5,000 customers with pages of 1000', async () => {
    const sim = await startSim();
    sim.state.addGeneratedCustomers(5_000 - sim.state.customers.size);
    const { client, calls } = clientFor(sim);
    const numbers = new Set<number>();
    for await (const customer of client.customers.list()) numbers.add(customer.customerNumber);
    expect(numbers.size).toBe(5_000);
    expect(calls.filter((call) => call.path.startsWith('/customers'))).toHaveLength(5);
  });

  it('finds a customer whose e-mail holds $ : ( , exactly, not its look-alikes', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim);
    const base = { currency: 'DKK', customerGroupNumber: 1, paymentTermsNumber: 1, vatZoneNumber: 1 };
    const tricky = 'a$b:(c),d@example.dk';
    const wanted = await client.customers.create({ ...base, name: 'Tricky', email: tricky });
    await client.customers.create({ ...base, name: 'Contains it', email: `x${tricky}` });
    await client.customers.create({ ...base, name: 'Prefix of it', email: 'a$b:(c)@example.dk' });
    const found = await client.customers.findByEmail(tricky);
    expect(found.map((customer) => customer.customerNumber)).toEqual([wanted.customerNumber]);
    expect(found[0]?.email).toBe(tricky);
    expect(await client.customers.findByEmail('nobody@example.dk')).toEqual([]);
  });

  it('finds a draft by references.other after a create whose response was dropped', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim);
    const reference = 'rackbeat:5512 woocommerce:1042';
    // A look-alike that a `$like:` (contains) lookup would also return.
    await client.orderDrafts.create(sampleDocument(`${reference}0`));
    sim.simulator.addFault({ kind: 'commit-then-drop', match: 'POST /orders/drafts', times: 1 });
    const error = await caught(client.orderDrafts.create(sampleDocument(reference), { idempotencyKey: 'orders/2/5512/create' }));
    expect(error.outcomeUnknown).toBe(true);

    const found = await client.orderDrafts.findByReference(reference);
    expect(found?.reference).toBe(reference);
    expect(sim.state.orderDrafts.get(found?.number ?? -1)?.references).toEqual({ other: reference });
    expect(sim.state.orderDrafts.size).toBe(2);
    expect(await client.orderDrafts.findByReference('rackbeat:5513')).toBeUndefined();
  });

  it('returns the totals e-conomic computed, in minor units, for drafts and draft invoices', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim);
    const order = await client.orderDrafts.create(sampleDocument('rackbeat:1'));
    // 2 × 159.20 + 79.20 less 10 % = 318.40 + 71.28 = 389.68 net; 25 % VAT = 97.42.
    expect(order).toMatchObject({ kind: 'order', netAmount: 38_968, vatAmount: 9_742, grossAmount: 48_710, roundingAmount: 0 });
    expect(await client.orderDrafts.get(order.number)).toEqual(order);
    const invoice = await client.draftInvoices.create(sampleDocument('rackbeat:1'), { idempotencyKey: 'inv-1' });
    expect(invoice.kind).toBe('draft-invoice');
    expect(await client.draftInvoices.findByReference('rackbeat:1')).toEqual(invoice);
    expect(await client.orderDrafts.get(999)).toBeUndefined();
  });

  it.each(['orderDrafts', 'draftInvoices'] as const)('%s.update replaces the draft whole and returns the recomputed totals', async (kind) => {
    const sim = await startSim();
    const { client, calls } = clientFor(sim);
    const original = await client[kind].create(sampleDocument('rackbeat:7'));
    const changed = sampleDocument('rackbeat:7');
    delete changed.notes;
    changed.lines = [{ productNumber: 'TEE-RED-M', description: 'T-shirt – Red, M', quantity: 3, unitNetPrice: 15_920 as Minor, unitNumber: 1 }];
    calls.length = 0;
    const updated = await client[kind].update(original.number, changed);
    // 3 × 159.20 = 477.60 net; 25 % VAT = 119.40.
    expect(updated).toMatchObject({ number: original.number, reference: 'rackbeat:7', netAmount: 47_760, vatAmount: 11_940, grossAmount: 59_700 });
    // The read that guards the write, the unit names, the write itself.
    expect(calls.map((call) => call.method)).toEqual(['GET', 'GET', 'PUT']);
    expect(await client[kind].get(original.number)).toEqual(updated);
    const put = sim.simulator.writeLog.at(-1);
    expect(put?.method).toBe('PUT');
    expect((put?.body as { lines: unknown[] }).lines).toEqual([expect.objectContaining({ unit: { unitNumber: 1, name: 'stk.' } })]);
    expect(put?.body).not.toHaveProperty('notes');
  });

  it('update changes nothing when the number is no longer a draft carrying the reference', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim);
    const booked = await client.draftInvoices.create(sampleDocument('rackbeat:8'));
    // Booking removes the draft (economic.md §4.6); the simulator's state stands in for it.
    sim.state.draftInvoices.delete(booked.number);
    expect(await client.draftInvoices.update(booked.number, sampleDocument('rackbeat:8'))).toBeUndefined();

    const someoneElses = await client.orderDrafts.create(sampleDocument('rackbeat:9'));
    expect(await client.orderDrafts.update(someoneElses.number, sampleDocument('rackbeat:10'))).toBeUndefined();
    expect(sim.simulator.writeLog.filter((entry) => entry.method === 'PUT')).toEqual([]);
    expect(sim.state.orderDrafts.get(someoneElses.number)?.references).toEqual({ other: 'rackbeat:9' });
  });

  it('update answers undefined when the draft is booked between its read and its write', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim, {
      onCall: (call) => {
        if (call.method === 'GET' && call.path === `/invoices/drafts/${draft.number}`) sim.state.draftInvoices.delete(draft.number);
      },
    });
    const draft = await client.draftInvoices.create(sampleDocument('rackbeat:11'));
    expect(await client.draftInvoices.update(draft.number, sampleDocument('rackbeat:11'))).toBeUndefined();
    expect(sim.simulator.writeLog.at(-1)).toMatchObject({ method: 'PUT', status: 404 });
  });

  it('update reports a refused replacement as a validation error and leaves the draft', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim);
    const draft = await client.orderDrafts.create(sampleDocument('rackbeat:12'));
    const bad = sampleDocument('rackbeat:12');
    bad.lines = [{ productNumber: 'NOT-IN-ECONOMIC', description: 'x', quantity: 1, unitNetPrice: 100 as Minor }];
    const error = await caught(client.orderDrafts.update(draft.number, bad));
    expect(error.kind).toBe('validation');
    expect(error.code).toBe('E06000');
    expect(await client.orderDrafts.get(draft.number)).toEqual(draft);
  });

  it('turns a refused create into a validation error that names the field and the code', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim);
    const document = sampleDocument('rackbeat:2');
    document.lines = [{ productNumber: 'NOT-IN-ECONOMIC', description: 'x', quantity: 1, unitNetPrice: 100 as Minor }];
    const error = await caught(client.orderDrafts.create(document));
    expect(error.kind).toBe('validation');
    expect(error.code).toBe('E06000');
    expect(error.message).toContain('lines[0].product');
  });

  it('says which lines and fields of our request e-conomic refused, in our names', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim);
    const document = sampleDocument('rackbeat:3');
    document.layoutNumber = 999;
    document.lines = [...document.lines.slice(0, 1), { productNumber: 'NOT-IN-ECONOMIC', description: 'x', quantity: 1, unitNetPrice: 100 as Minor }];
    const error = await caught(client.orderDrafts.create(document));
    expect(error.refused).toEqual({ unknownProductLines: [1], fields: ['layoutNumber'] });
  });

  it('reports refused tokens as auth without printing them', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim, { agreementGrantToken: 'sim-wrong-grant-token' });
    const error = await caught(client.self());
    expect(error.kind).toBe('auth');
    expect(`${error.message} ${error.hint ?? ''}`).not.toContain('sim-wrong-grant-token');
    expect(`${error.message} ${error.hint ?? ''}`).not.toContain(sim.config.appSecretToken);
  });

  it('gets, creates and updates products by SKUs with special characters', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim);
    expect((await client.products.get('GIFT/BOX 01'))?.name).toBe('Gift box');
    expect(await client.products.get('NO SUCH/SKU')).toBeUndefined();
    const input = { productNumber: 'A_B.C#1', name: 'Odd one', productGroupNumber: 2, salesPrice: 12_345 as Minor, unitNumber: 1 };
    const created = await client.products.create(input, { idempotencyKey: 'products/A_B.C#1' });
    expect(created.salesPrice).toBe(123.45);
    const updated = await client.products.update({ ...input, name: 'Odd one, renamed' });
    expect(updated.name).toBe('Odd one, renamed');
    expect((await client.products.get('A_B.C#1'))?.name).toBe('Odd one, renamed');
  });

  it('finishes a 429 storm with zero failed calls, following X-RateLimiting', async () => {
    // A small bucket the client does not know about yet: the first answers teach it.
    const sim = await startSim({ rateLimit: { limit: 20, windowSeconds: 1 } });
    const { client, calls } = clientFor(sim, { concurrency: 8, retry: { maxRetries: 8, baseDelayMs: 20, maxDelayMs: 500 } });
    const results = await Promise.allSettled([
      ...Array.from({ length: 40 }, () => client.customers.get(1001)),
      ...Array.from({ length: 10 }, (_, i) => client.draftInvoices.create(sampleDocument(`storm:${i}`))),
    ]);
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    expect(calls.some((call) => call.status === 429)).toBe(true);
    expect(sim.state.draftInvoices.size).toBe(10);
  });
});
