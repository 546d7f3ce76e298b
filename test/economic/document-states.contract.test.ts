import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { salesDocumentBody } from '../../src/connectors/economic/documents.js';
import type { StartedEconomicSimulator } from '../../src/sandbox/economic/simulator.js';
import { call, sampleDocument, useEconomicSimulator } from './helpers.js';

/**
 * Pins the e-conomic simulator's sent and archived orders and booked invoices to the facts in
 * ../shared/api/economic.md (§3 filterable fields, §4.4 orders' states, §4.6 booking, §4.7 booked
 * invoices, §5 order → sent) and to e-conomic's GET schemas for those collections. Raw HTTP.
 */
const startSim = useEconomicSimulator();

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const schemaDir = resolve(repoRoot, '../shared/api/economic/schemas');
type JsonSchema = { properties?: Record<string, JsonSchema>; items?: JsonSchema };
/**
 * Properties of a single-document answer (and of its lines) that e-conomic's GET schema of that
 * collection does not have: what a state must not show (a booked invoice's `draftInvoiceNumber` or
 * `lastUpdated`). The nested references' `self` links, which the simulator leaves out everywhere,
 * are not this test's subject.
 */
function undeclared(body: Record<string, unknown>, name: string): string[] {
  const schema = JSON.parse(readFileSync(resolve(schemaDir, `${name}.schema.json`), 'utf8')) as JsonSchema;
  const known = schema.properties ?? {};
  const lineKnown = known.lines?.items?.properties ?? {};
  const lines = (body.lines as Array<Record<string, unknown>> | undefined) ?? [];
  return [
    ...Object.keys(body).filter((key) => !(key in known)),
    ...lines.flatMap((line) => Object.keys(line).filter((key) => !(key in lineKnown)).map((key) => `lines[].${key}`)),
  ];
}

/** A draft body as the client builds it: 2 × 159.20 and 1 × 79.20 less 10 %, domestic VAT 25 %. */
const draftBody = (reference: string): Record<string, unknown> => ({ ...salesDocumentBody(sampleDocument(reference)) });

async function createDraft(sim: StartedEconomicSimulator, path: '/orders/drafts' | '/invoices/drafts', reference: string) {
  const answer = await call(sim, 'POST', path, { body: draftBody(reference) });
  expect(answer.status).toBe(201);
  return answer.body;
}

const filterFor = (filter: string) => `filter=${encodeURIComponent(filter)}`;

describe('e-conomic simulator: sending an order (§4.4, §5)', () => {
  it('moves the draft to sent under its number and keeps an archived copy, both readable and filterable', async () => {
    const sim = await startSim();
    const draft = await createDraft(sim, '/orders/drafts', 'rackbeat:5001 woocommerce:1042');
    await createDraft(sim, '/orders/drafts', 'rackbeat:5002 woocommerce:1043');
    const number = draft.orderNumber as number;

    const sent = await call(sim, 'POST', '/orders/sent', { body: draft });
    expect(sent.status).toBe(201);
    expect(sent.headers.get('location')).toBe(`${sim.config.url}/orders/sent/${number}`);
    expect(sent.body).toMatchObject({ orderNumber: number, references: { other: 'rackbeat:5001 woocommerce:1042' }, netAmount: 389.68, grossAmount: 487.1 });

    expect((await call(sim, 'GET', `/orders/drafts/${number}`)).status).toBe(404);
    const one = await call(sim, 'GET', `/orders/sent/${number}`);
    expect(one.status).toBe(200);
    expect(one.body.lines).toHaveLength(2);
    expect(one.body.lastUpdated).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(undeclared(one.body, 'orders.sent.orderNumber.get')).toEqual([]);
    const archived = await call(sim, 'GET', `/orders/archived/${number}`);
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ orderNumber: number, references: { other: 'rackbeat:5001 woocommerce:1042' }, grossAmount: 487.1 });
    expect(archived.body).not.toHaveProperty('lastUpdated');
    expect(undeclared(archived.body, 'orders.archived.orderNumber.get')).toEqual([]);

    for (const path of ['/orders/sent', '/orders/archived']) {
      const found = await call(sim, 'GET', `${path}?${filterFor('references.other$eq:rackbeat:5001 woocommerce:1042$or:references.other$eq:rackbeat:5002 woocommerce:1043')}`);
      expect(found.status).toBe(200);
      expect((found.body.collection as Array<Record<string, unknown>>).map((doc) => doc.orderNumber)).toEqual([number]);
      expect(found.body.collection).toEqual([expect.not.objectContaining({ lines: expect.anything() })]);
      expect(found.body.pagination).toMatchObject({ results: 1, resultsWithoutFilter: 1 });
    }
    const drafts = await call(sim, 'GET', `/orders/drafts?${filterFor('references.other$eq:rackbeat:5001 woocommerce:1042')}`);
    expect(drafts.body.collection).toEqual([]);
  });

  it('refuses to send what is not an order draft: unknown, already sent, or without orderNumber', async () => {
    const sim = await startSim();
    const draft = await createDraft(sim, '/orders/drafts', 'rackbeat:1');
    expect((await call(sim, 'POST', '/orders/sent', { body: draft })).status).toBe(201);

    const again = await call(sim, 'POST', '/orders/sent', { body: draft });
    expect(again.status).toBe(400);
    expect(again.body.errors).toEqual({ orderNumber: { errors: [expect.objectContaining({ errorCode: 'E06000', value: draft.orderNumber })] } });
    const unknown = await call(sim, 'POST', '/orders/sent', { body: { ...draftBody('x'), orderNumber: 77 } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toHaveProperty('orderNumber');
    const nameless = await call(sim, 'POST', '/orders/sent', { body: draftBody('x') });
    expect(nameless.status).toBe(400);
    expect(nameless.body.errors).toHaveProperty('orderNumber');
    expect(sim.state.sentOrders.size).toBe(1);
    expect(sim.state.archivedOrders.size).toBe(1);
  });

  it('allows lastUpdated filters on sent orders but not on archived ones (orders.archived.get has none)', async () => {
    const sim = await startSim();
    const sent = await call(sim, 'GET', `/orders/sent?${filterFor('lastUpdated$gte:2020-01-01T00:00:00Z')}`);
    expect(sent.status).toBe(200);
    const archived = await call(sim, 'GET', `/orders/archived?${filterFor('lastUpdated$gte:2020-01-01T00:00:00Z')}`);
    expect(archived.status).toBe(400);
    expect(archived.body.errors).toEqual(["Filtering is not allowed on property 'lastUpdated'."]);
    expect(archived.body.allowedFilteringFields).toContain('references.other');
    expect(archived.body.allowedFilteringFields).not.toContain('lastUpdated');
  });

  it('the test control sends as a bookkeeper would, and a sent order cannot be replaced as a draft', async () => {
    const sim = await startSim();
    const draft = await createDraft(sim, '/orders/drafts', 'rackbeat:2');
    expect(sim.state.sendOrder(draft.orderNumber as number)).toHaveProperty('record');
    expect(sim.state.sendOrder(draft.orderNumber as number)).toHaveProperty('refusal');
    const put = await call(sim, 'PUT', `/orders/drafts/${draft.orderNumber as number}`, { body: draftBody('rackbeat:2') });
    expect(put.status).toBe(404);
    expect(sim.state.sentOrders.get(draft.orderNumber as number)?.references).toEqual({ other: 'rackbeat:2' });
  });
});

describe('e-conomic simulator: booking a draft invoice (§4.6, §4.7)', () => {
  it('removes the draft and answers the booked invoice under a number of its own, keeping reference, lines and totals', async () => {
    const sim = await startSim();
    await createDraft(sim, '/invoices/drafts', 'rackbeat:1');
    const draft = await createDraft(sim, '/invoices/drafts', 'rackbeat:2');
    const draftNumber = draft.draftInvoiceNumber as number;

    const booked = await call(sim, 'POST', '/invoices/booked', { body: { draftInvoice: { draftInvoiceNumber: draftNumber }, sendBy: 'none' } });
    expect(booked.status).toBe(201);
    const bookedNumber = booked.body.bookedInvoiceNumber as number;
    expect(booked.headers.get('location')).toBe(`${sim.config.url}/invoices/booked/${bookedNumber}`);
    expect(booked.body).not.toHaveProperty('draftInvoiceNumber');
    expect(booked.body).not.toHaveProperty('lastUpdated');
    expect(booked.body).toMatchObject({
      references: { other: 'rackbeat:2' },
      netAmount: 389.68,
      vatAmount: 97.42,
      grossAmount: 487.1,
      remainder: 487.1,
      lines: [
        expect.objectContaining({ product: { productNumber: 'TEE-RED-M' }, quantity: 2, totalNetAmount: 318.4, vatRate: 25, vatAmount: 79.6 }),
        expect.objectContaining({ product: { productNumber: 'GIFT/BOX 01' }, quantity: 1, totalNetAmount: 71.28, vatRate: 25, vatAmount: 17.82 }),
      ],
    });

    expect((await call(sim, 'GET', `/invoices/drafts/${draftNumber}`)).status).toBe(404);
    const one = await call(sim, 'GET', `/invoices/booked/${bookedNumber}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(booked.body);
    expect(undeclared(one.body, 'invoices.booked.bookedInvoiceNumber.get')).toEqual([]);
    const list = await call(sim, 'GET', `/invoices/booked?${filterFor('references.other$eq:rackbeat:2')}`);
    expect(list.body.collection).toEqual([expect.objectContaining({ bookedInvoiceNumber: bookedNumber, grossAmount: 487.1 })]);
    expect(list.body.collection).toEqual([expect.not.objectContaining({ lines: expect.anything() })]);
    expect(sim.state.draftInvoices.size).toBe(1);
  });

  it('books with a chosen number, by self link too, and refuses a taken number', async () => {
    const sim = await startSim();
    const first = await createDraft(sim, '/invoices/drafts', 'rackbeat:1');
    const second = await createDraft(sim, '/invoices/drafts', 'rackbeat:2');
    const chosen = await call(sim, 'POST', '/invoices/booked', { body: { draftInvoice: { draftInvoiceNumber: first.draftInvoiceNumber }, bookWithNumber: 20261001 } });
    expect(chosen.status).toBe(201);
    expect(chosen.body.bookedInvoiceNumber).toBe(20261001);

    const taken = await call(sim, 'POST', '/invoices/booked', { body: { draftInvoice: { self: second.self }, bookWithNumber: 20261001 } });
    expect(taken.status).toBe(400);
    expect(taken.body.errors).toHaveProperty('bookWithNumber');
    expect(sim.state.draftInvoices.has(second.draftInvoiceNumber as number)).toBe(true);

    const bySelf = await call(sim, 'POST', '/invoices/booked', { body: { draftInvoice: { self: second.self } } });
    expect(bySelf.status).toBe(201);
    expect(bySelf.body.references).toEqual({ other: 'rackbeat:2' });
    expect(bySelf.body.bookedInvoiceNumber).not.toBe(20261001);
  });

  it('refuses what the booking schema and the agreement refuse, booking nothing', async () => {
    const sim = await startSim();
    const draft = await createDraft(sim, '/invoices/drafts', 'rackbeat:1');
    const refusals: Array<[unknown, string]> = [
      [{ draftInvoice: { draftInvoiceNumber: 77 } }, 'draftInvoice'],
      [{}, 'draftInvoice'],
      [{ draftInvoice: {} }, 'draftInvoice'],
      [{ draftInvoice: { draftInvoiceNumber: draft.draftInvoiceNumber }, sendBy: 'fax' }, 'sendBy'],
      [{ draftInvoice: { draftInvoiceNumber: draft.draftInvoiceNumber }, bookWithNumber: 1.5 }, 'bookWithNumber'],
    ];
    for (const [body, field] of refusals) {
      const answer = await call(sim, 'POST', '/invoices/booked', { body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.errors, JSON.stringify(body)).toHaveProperty(field);
    }
    const missing = await call(sim, 'POST', '/invoices/booked', { body: { draftInvoice: { draftInvoiceNumber: 77 } } });
    expect(missing.body.errors).toEqual({ draftInvoice: { errors: [expect.objectContaining({ errorCode: 'E06000', value: 77 })] } });
    expect(sim.state.bookedInvoices.size).toBe(0);
    expect(sim.state.draftInvoices.size).toBe(1);

    const twice = { draftInvoice: { draftInvoiceNumber: draft.draftInvoiceNumber } };
    expect((await call(sim, 'POST', '/invoices/booked', { body: twice })).status).toBe(201);
    expect((await call(sim, 'POST', '/invoices/booked', { body: twice })).status).toBe(400);
    expect(sim.state.bookedInvoices.size).toBe(1);
  });

  it('replays a booking resent with its Idempotency-Key instead of refusing it', async () => {
    const sim = await startSim();
    const draft = await createDraft(sim, '/invoices/drafts', 'rackbeat:1');
    const body = { draftInvoice: { draftInvoiceNumber: draft.draftInvoiceNumber } };
    const first = await call(sim, 'POST', '/invoices/booked', { body, headers: { 'Idempotency-Key': 'book-1' } });
    const again = await call(sim, 'POST', '/invoices/booked', { body, headers: { 'Idempotency-Key': 'book-1' } });
    expect(again.status).toBe(201);
    expect(again.headers.get('x-resultfromcache')).toBe('true');
    expect(again.body.bookedInvoiceNumber).toBe(first.body.bookedInvoiceNumber);
    expect(sim.state.bookedInvoices.size).toBe(1);
  });

  it('filters booked invoices on their own fields only: no lastUpdated, but the recipient VAT zone', async () => {
    const sim = await startSim();
    for (const reference of ['rackbeat:1', 'rackbeat:2', 'rackbeat:3']) {
      const draft = await createDraft(sim, '/invoices/drafts', reference);
      expect(sim.state.bookInvoice(draft.draftInvoiceNumber as number)).toHaveProperty('record');
    }
    const byZone = await call(sim, 'GET', `/invoices/booked?${filterFor('recipient.vatZone.vatZoneNumber$eq:1')}&pagesize=2`);
    expect(byZone.status).toBe(200);
    expect(byZone.body.pagination).toMatchObject({ pageSize: 2, results: 3, resultsWithoutFilter: 3 });
    expect((byZone.body.pagination as Record<string, unknown>).nextPage).toContain('skippages=1');
    const lastPage = await call(sim, 'GET', `/invoices/booked?${filterFor('recipient.vatZone.vatZoneNumber$eq:1')}&pagesize=2&skippages=1`);
    expect(lastPage.body.collection).toHaveLength(1);
    expect(lastPage.body.pagination).not.toHaveProperty('nextPage');

    const byChange = await call(sim, 'GET', `/invoices/booked?${filterFor('lastUpdated$gt:2020-01-01')}`);
    expect(byChange.status).toBe(400);
    expect(byChange.body.allowedFilteringFields).toContain('bookedInvoiceNumber');
    expect(byChange.body.allowedFilteringFields).not.toContain('lastUpdated');
    const draftsByZone = await call(sim, 'GET', `/invoices/drafts?${filterFor('recipient.vatZone.vatZoneNumber$eq:1')}`);
    expect(draftsByZone.status).toBe(400);
    const byNumber = await call(sim, 'GET', `/invoices/booked?${filterFor('bookedInvoiceNumber$gt:1')}`);
    expect((byNumber.body.collection as unknown[]).length).toBe(2);
  });

  it('answers 404 E06000 for a booked invoice, sent or archived order that does not exist', async () => {
    const sim = await startSim();
    for (const path of ['/invoices/booked/5', '/orders/sent/5', '/orders/archived/5']) {
      const answer = await call(sim, 'GET', path);
      expect(answer.status, path).toBe(404);
      expect(answer.body.errorCode).toBe('E06000');
    }
  });
});
