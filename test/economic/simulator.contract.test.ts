import { describe, expect, it } from 'vitest';
import { encodeProductNumber } from '../../src/connectors/economic/product-number.js';
import { call, useEconomicSimulator } from './helpers.js';

/**
 * Pins the e-conomic simulator to the facts in ../shared/api/economic.md (section cited per test).
 * Raw HTTP, as any client would send it.
 */
const startSim = useEconomicSimulator();

/** The minimal create body of economic.md §4.3, on the seeded agreement. */
function draftBody(): Record<string, unknown> {
  return {
    date: '2026-05-27',
    currency: 'DKK',
    customer: { customerNumber: 1001 },
    layout: { layoutNumber: 19 },
    paymentTerms: { paymentTermsNumber: 1 },
    recipient: { name: 'Ann Lee', address: 'Main St 1', zip: '8000', city: 'Aarhus', country: 'Denmark', vatZone: { vatZoneNumber: 1 } },
    references: { other: 'shop-order-10023' },
    notes: { heading: 'Order #10023' },
    lines: [
      { lineNumber: 1, sortKey: 1, product: { productNumber: 'TEE-RED-M' }, description: 'T-shirt', quantity: 2, unitNetPrice: 100, discountPercentage: 0, unit: { unitNumber: 1 } },
    ],
  };
}

const errorEnvelopeKeys = ['message', 'developerHint', 'logId', 'httpStatusCode'];

describe('e-conomic simulator: authentication (§1)', () => {
  it('answers 401 in the legacy envelope when a token is missing or wrong', async () => {
    const sim = await startSim();
    const cases: Array<Record<string, string>> = [
      {},
      { 'X-AppSecretToken': sim.config.appSecretToken },
      { 'X-AgreementGrantToken': sim.config.agreementGrantToken },
      { 'X-AppSecretToken': sim.config.appSecretToken, 'X-AgreementGrantToken': 'wrong' },
    ];
    for (const headers of cases) {
      const answer = await call(sim, 'GET', '/customers', { auth: false, headers });
      expect(answer.status).toBe(401);
      for (const key of [...errorEnvelopeKeys, 'errorCode']) expect(answer.body).toHaveProperty(key);
      expect(answer.body.httpStatusCode).toBe(401);
    }
    const ok = await call(sim, 'GET', '/self');
    expect(ok.status).toBe(200);
    expect(ok.body.agreementNumber).toBe(sim.state.agreement.agreementNumber);
  });
});

describe('e-conomic simulator: errors (§6)', () => {
  it('answers 404 with errorCode E06000 for a missing resource', async () => {
    const sim = await startSim();
    for (const path of ['/customers/999999', '/orders/drafts/77', '/invoices/drafts/77', '/products/NOPE']) {
      const answer = await call(sim, 'GET', path);
      expect(answer.status).toBe(404);
      expect(answer.body.errorCode).toBe('E06000');
      expect(answer.body.httpStatusCode).toBe(404);
    }
  });

  it('refuses a body that is not JSON with 415', async () => {
    const sim = await startSim();
    const answer = await call(sim, 'POST', '/customers', { body: {}, headers: { 'Content-Type': 'text/plain' } });
    expect(answer.status).toBe(415);
  });
});

describe('e-conomic simulator: paging (§2)', () => {
  it('pages with skippages/pagesize, default 20, nextPage absent on the last page', async () => {
    const sim = await startSim();
    sim.state.addGeneratedCustomers(45);
    const total = sim.state.customers.size;
    const first = await call(sim, 'GET', '/customers');
    const pagination = first.body.pagination as Record<string, unknown>;
    expect((first.body.collection as unknown[]).length).toBe(20);
    expect(pagination).toMatchObject({ skipPages: 0, pageSize: 20, maxPageSizeAllowed: 1000, results: total, resultsWithoutFilter: total });
    expect(pagination.nextPage).toContain('skippages=1');
    expect(pagination.lastPage).toContain(`skippages=${Math.ceil(total / 20) - 1}`);
    expect(first.body.self).toBe(`${sim.config.url}/customers`);

    const last = await call(sim, 'GET', `/customers?skippages=${Math.ceil(total / 20) - 1}`);
    expect((last.body.collection as unknown[]).length).toBe(total % 20 || 20);
    expect(last.body.pagination).not.toHaveProperty('nextPage');

    const beyond = await call(sim, 'GET', '/customers?skippages=99');
    expect(beyond.status).toBe(200);
    expect(beyond.body.collection).toEqual([]);
  });

  it('serves up to 1000 per page and refuses more (setting: oversizedPage)', async () => {
    const sim = await startSim();
    sim.state.addGeneratedCustomers(1200);
    const full = await call(sim, 'GET', '/customers?pagesize=1000');
    expect((full.body.collection as unknown[]).length).toBe(1000);
    expect((await call(sim, 'GET', '/customers?pagesize=1001')).status).toBe(400);
    const clamping = await startSim({ oversizedPage: 'clamp' });
    clamping.state.addGeneratedCustomers(1200);
    const clamped = await call(clamping, 'GET', '/customers?pagesize=5000');
    expect((clamped.body.pagination as Record<string, unknown>).pageSize).toBe(1000);
  });

  it('keeps the filter in page links and counts results with and without it', async () => {
    const sim = await startSim();
    sim.state.addGeneratedCustomers(30);
    const filter = encodeURIComponent('name$like:Customer');
    const answer = await call(sim, 'GET', `/customers?pagesize=10&filter=${filter}`);
    const pagination = answer.body.pagination as Record<string, string | number>;
    expect(pagination.results).toBe(30);
    expect(pagination.resultsWithoutFilter).toBe(sim.state.customers.size);
    expect(new URL(String(pagination.nextPage)).searchParams.get('filter')).toBe('name$like:Customer');
  });

  it('leaves lines out of sales-document collections but not out of the single document', async () => {
    const sim = await startSim();
    const created = await call(sim, 'POST', '/orders/drafts', { body: draftBody() });
    const list = await call(sim, 'GET', '/orders/drafts');
    expect((list.body.collection as Array<Record<string, unknown>>)[0]).not.toHaveProperty('lines');
    const single = await call(sim, 'GET', `/orders/drafts/${created.body.orderNumber as number}`);
    expect(single.body.lines).toHaveLength(1);
  });
});

describe('e-conomic simulator: filters (§3)', () => {
  const find = async (sim: Awaited<ReturnType<typeof startSim>>, filter: string) =>
    call(sim, 'GET', `/customers?filter=${encodeURIComponent(filter)}`);

  it('compares $eq: exactly but case-insensitively, and $like: as contains', async () => {
    const sim = await startSim();
    const exact = await find(sim, 'email$eq:ANN.LEE@example.com');
    expect((exact.body.collection as Array<Record<string, unknown>>).map((c) => c.email)).toEqual(['ann.lee@example.com']);
    expect((await find(sim, 'email$eq:ann.lee@example')).body.collection).toEqual([]);
    expect(((await find(sim, 'email$like:lee@')).body.collection as unknown[]).length).toBe(1);
  });

  it('reads escaped metacharacters in values and refuses unescaped ones', async () => {
    const sim = await startSim();
    // Seeded customer `ida$1@example.dk`: `$` is escaped as `$$` (economic.md §3).
    expect(((await find(sim, 'email$eq:ida$$1@example.dk')).body.collection as unknown[]).length).toBe(1);
    const unescaped = await find(sim, 'email$eq:ida$1@example.dk');
    expect(unescaped.status).toBe(400);
    expect(unescaped.body.message).toBe('Could not parse query string filter.');
  });

  it('answers 400 with allowedFilteringFields for a field that cannot be filtered', async () => {
    const sim = await startSim();
    const answer = await find(sim, 'vatZone.vatZoneNumber$eq:1');
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual(["Filtering is not allowed on property 'vatZone.vatZoneNumber'."]);
    expect(answer.body.allowedFilteringFields).toContain('email');
    expect(answer.body.httpStatusCode).toBe(400);
  });

  it('chains $and:/$or: with parentheses and takes $in: lists of at most 200 numbers', async () => {
    const sim = await startSim();
    const chained = await find(sim, 'city$eq:Aarhus$or:(country$eq:SE$and:customerNumber$gt:1001)');
    expect((chained.body.collection as Array<Record<string, unknown>>).map((c) => c.customerNumber)).toEqual([1001, 1002]);
    const inList = await find(sim, 'customerNumber$in:[1001,1003]');
    expect((inList.body.collection as unknown[]).length).toBe(2);
    const tooMany = Array.from({ length: 201 }, (_, i) => i + 1).join(',');
    expect((await find(sim, `customerNumber$in:[${tooMany}]`)).status).toBe(400);
  });
});

describe('e-conomic simulator: create rules (§4.3, §6, §9)', () => {
  it('creates a draft with 201, Location and the full body, totals computed by the server', async () => {
    const sim = await startSim();
    const body = { ...draftBody(), netAmount: 1, grossAmount: 1, unknownProperty: 'ignored' };
    const answer = await call(sim, 'POST', '/orders/drafts', { body });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('location')).toBe(answer.body.self);
    // 2 × 100 → net 200 (PROBE); domestic VAT 25 %.
    expect(answer.body).toMatchObject({ netAmount: 200, vatAmount: 50, grossAmount: 250, references: { other: 'shop-order-10023' } });
    expect(answer.body).not.toHaveProperty('unknownProperty');
    expect((answer.body.lines as Array<Record<string, unknown>>)[0]?.totalNetAmount).toBe(200);
  });

  it.each(['date', 'currency', 'customer', 'layout', 'paymentTerms', 'recipient'])('refuses a draft invoice without %s', async (field) => {
    const sim = await startSim();
    const body = draftBody();
    delete body[field];
    const answer = await call(sim, 'POST', '/invoices/drafts', { body });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe('Validation error.');
    expect(answer.body.errors).toHaveProperty(field);
    expect(sim.state.draftInvoices.size).toBe(0);
  });

  it.each(['name', 'vatZone'])('refuses a draft without recipient.%s', async (field) => {
    const sim = await startSim();
    const body = draftBody();
    delete (body.recipient as Record<string, unknown>)[field];
    const answer = await call(sim, 'POST', '/orders/drafts', { body });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toHaveProperty(['recipient', field]);
  });

  it('annotates line errors with arrayIndex: unknown product E06000, 3 decimals E04740, price without product E04730', async () => {
    const sim = await startSim();
    const body = draftBody();
    body.lines = [
      { description: 'ok', product: { productNumber: 'TEE-RED-M' }, quantity: 1, unitNetPrice: 10 },
      { description: 'unknown', product: { productNumber: 'NO-SUCH-SKU' }, quantity: 1, unitNetPrice: 10 },
      { description: 'decimals', product: { productNumber: 'TEE-RED-M' }, quantity: 1, unitNetPrice: 10.12345 },
      { description: 'no product', quantity: 1, unitNetPrice: 10 },
    ];
    const answer = await call(sim, 'POST', '/orders/drafts', { body });
    expect(answer.status).toBe(400);
    const lines = (answer.body.errors as { lines: Array<Record<string, { errors: Array<{ errorCode: string }> }> & { arrayIndex: number }> }).lines;
    const codeAt = (index: number, field: string) => lines.find((line) => line.arrayIndex === index)?.[field]?.errors[0]?.errorCode;
    expect(lines.map((line) => line.arrayIndex)).toEqual([1, 2, 3]);
    expect(codeAt(1, 'product')).toBe('E06000');
    expect(codeAt(2, 'unitNetPrice')).toBe('E04740');
    expect(codeAt(3, 'product')).toBe('E04730');
  });

  it('refuses references that do not exist (E06000), have no number (E04500), and explicit null', async () => {
    const sim = await startSim();
    const body = { ...draftBody(), currency: 'ZUL', layout: {}, notes: { heading: null } };
    const answer = await call(sim, 'POST', '/orders/drafts', { body });
    const errors = answer.body.errors as Record<string, Record<string, Array<{ errorCode: string }>>>;
    expect(answer.status).toBe(400);
    expect(errors.currency?.errors?.[0]?.errorCode).toBe('E06000');
    expect(errors.layout?.errors?.[0]?.errorCode).toBe('E04500');
    expect(errors).toHaveProperty(['notes', 'heading']);
  });

  it('creates customers with the required fields and refuses a missing vatZone', async () => {
    const sim = await startSim();
    const customer = {
      name: 'Bo Nielsen',
      currency: 'DKK',
      customerGroup: { customerGroupNumber: 1 },
      paymentTerms: { paymentTermsNumber: 1 },
      vatZone: { vatZoneNumber: 1 },
      email: 'bo+shop@example.dk',
    };
    const created = await call(sim, 'POST', '/customers', { body: customer });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`${sim.config.url}/customers/${created.body.customerNumber as number}`);
    const { vatZone: _zone, ...withoutZone } = customer;
    const refused = await call(sim, 'POST', '/customers', { body: withoutZone });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toHaveProperty('vatZone');
  });

  it("serves products under e-conomic's self-link encoding (§6)", async () => {
    const sim = await startSim();
    expect(encodeProductNumber('My Awesome Product_Discount5%')).toBe('My_9_Awesome_9_Product_8_Discount5_3_');
    const answer = await call(sim, 'GET', '/products/GIFT_6_BOX_9_01');
    expect(answer.status).toBe(200);
    expect(answer.body.productNumber).toBe('GIFT/BOX 01');
    expect(answer.body.self).toBe(`${sim.config.url}/products/GIFT_6_BOX_9_01`);
  });
});

const DRAFT_RESOURCES = [
  { path: '/orders/drafts', numberField: 'orderNumber', collection: 'orderDrafts' },
  { path: '/invoices/drafts', numberField: 'draftInvoiceNumber', collection: 'draftInvoices' },
] as const;

/** The create body with every line's unit named, as both PUT schemas accept it. */
function replaceBody(): Record<string, unknown> {
  const body = draftBody();
  body.lines = [
    { lineNumber: 1, sortKey: 1, product: { productNumber: 'TEE-RED-M' }, description: 'T-shirt', quantity: 3, unitNetPrice: 100, unit: { unitNumber: 1, name: 'stk.' } },
    { lineNumber: 2, sortKey: 2, product: { productNumber: 'TEE-RED-M' }, description: 'T-shirt, sale', quantity: 1, unitNetPrice: 80 },
  ];
  delete body.notes;
  return body;
}

describe('e-conomic simulator: replacing drafts with PUT (§0, §4.4, §4.5)', () => {
  it.each(DRAFT_RESOURCES)('replaces $path/{n} whole: 200, omitted fields cleared, totals recomputed', async ({ path, numberField, collection }) => {
    const sim = await startSim();
    const created = await call(sim, 'POST', path, { body: draftBody() });
    const number = created.body[numberField] as number;
    const answer = await call(sim, 'PUT', `${path}/${number}`, { body: { ...replaceBody(), netAmount: 1 } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    // 3 × 100 + 80 → net 380, 25 % VAT 95: the sent netAmount is ignored.
    expect(answer.body).toMatchObject({ [numberField]: number, netAmount: 380, vatAmount: 95, grossAmount: 475, self: created.body.self });
    expect(answer.body).not.toHaveProperty('notes');
    const read = await call(sim, 'GET', `${path}/${number}`);
    expect(read.body).toEqual(answer.body);
    expect((read.body.lines as unknown[]).length).toBe(2);
    expect(sim.state[collection].size).toBe(1);
  });

  it.each(DRAFT_RESOURCES)('answers 404 E06000 for a number that is not a draft of $path, creating nothing', async ({ path, collection }) => {
    const sim = await startSim();
    const answer = await call(sim, 'PUT', `${path}/77`, { body: replaceBody() });
    expect(answer.status).toBe(404);
    expect(answer.body.errorCode).toBe('E06000');
    expect(sim.state[collection].size).toBe(0);
  });

  it.each(DRAFT_RESOURCES)('holds a replacement of $path/{n} to the create rules and leaves the draft as it was', async ({ path, numberField, collection }) => {
    const sim = await startSim();
    const created = await call(sim, 'POST', path, { body: draftBody() });
    const number = created.body[numberField] as number;
    const before = sim.state[collection].get(number);
    const body = replaceBody();
    delete body.date;
    (body.lines as Array<Record<string, unknown>>)[1] = { description: 'unknown', product: { productNumber: 'NO-SUCH-SKU' }, quantity: 1, unitNetPrice: 10.123 };
    const answer = await call(sim, 'PUT', `${path}/${number}`, { body });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toHaveProperty('date');
    const line = (answer.body.errors as { lines: Array<Record<string, { errors: Array<{ errorCode: string }> }>> }).lines[0];
    expect(line?.product?.errors[0]?.errorCode).toBe('E06000');
    expect(line?.unitNetPrice?.errors[0]?.errorCode).toBe('E04740');
    expect(sim.state[collection].get(number)).toBe(before);
  });

  it("requires each line's unit name on an order draft's PUT only, and reads back the unit's own name", async () => {
    const sim = await startSim();
    const unnamed = { ...replaceBody(), lines: draftBody().lines };
    const order = await call(sim, 'POST', '/orders/drafts', { body: draftBody() });
    const refused = await call(sim, 'PUT', `/orders/drafts/${order.body.orderNumber as number}`, { body: unnamed });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual({ lines: [{ arrayIndex: 0, unit: { name: { errors: [expect.objectContaining({ message: 'name is required.' })] } } }] });

    const invoice = await call(sim, 'POST', '/invoices/drafts', { body: draftBody() });
    const accepted = await call(sim, 'PUT', `/invoices/drafts/${invoice.body.draftInvoiceNumber as number}`, { body: unnamed });
    expect(accepted.status).toBe(200);
    const misnamed = replaceBody();
    (misnamed.lines as Array<{ unit?: Record<string, unknown> }>)[0]!.unit = { unitNumber: 1, name: 'x'.repeat(101) };
    expect((await call(sim, 'PUT', `/invoices/drafts/${invoice.body.draftInvoiceNumber as number}`, { body: misnamed })).status).toBe(400);
    (misnamed.lines as Array<{ unit?: Record<string, unknown> }>)[0]!.unit = { unitNumber: 2, name: 'pieces' };
    const renamed = await call(sim, 'PUT', `/orders/drafts/${order.body.orderNumber as number}`, { body: misnamed });
    expect((renamed.body.lines as Array<{ unit: unknown }>)[0]?.unit).toEqual({ unitNumber: 2, name: 'hour' });
  });
});

describe('e-conomic simulator: rate limit (§6)', () => {
  it('reports X-CallCost and X-RateLimiting on every answer, refused calls included', async () => {
    const sim = await startSim({ now: () => 0 }); // a still clock: no refill between the calls
    const first = await call(sim, 'GET', '/self');
    const refused = await call(sim, 'GET', `/customers?filter=${encodeURIComponent('bogus$eq:1')}`);
    expect(first.headers.get('x-callcost')).toBe('1');
    expect(first.headers.get('x-ratelimiting')).toBe('token-limit-10000-per-60-seconds: 1/10000');
    expect(refused.status).toBe(400);
    expect(refused.headers.get('x-ratelimiting')).toBe('token-limit-10000-per-60-seconds: 2/10000');
  });

  it('answers 429 with Retry-After in the legacy envelope when the bucket is empty', async () => {
    let now = 0;
    const sim = await startSim({ rateLimit: { limit: 3, windowSeconds: 60 }, now: () => now });
    for (let i = 0; i < 3; i += 1) expect((await call(sim, 'GET', '/self')).status).toBe(200);
    const refused = await call(sim, 'GET', '/self');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('20');
    expect(refused.body.httpStatusCode).toBe(429);
    now += 20_000;
    expect((await call(sim, 'GET', '/self')).status).toBe(200);
  });
});

describe('e-conomic simulator: Idempotency-Key (§6)', () => {
  it('replays the first answer with X-ResultFromCache for an hour, then forgets', async () => {
    let now = 1_000_000;
    const sim = await startSim({ now: () => now });
    const send = () => call(sim, 'POST', '/orders/drafts', { body: draftBody(), headers: { 'Idempotency-Key': 'flow:orders/leg:2/rackbeat:5512' } });
    const first = await send();
    const replay = await send();
    expect(first.headers.get('x-resultfromcache')).toBeNull();
    expect(replay.status).toBe(201);
    expect(replay.headers.get('x-resultfromcache')).toBe('true');
    expect(replay.body.orderNumber).toBe(first.body.orderNumber);
    expect(sim.state.orderDrafts.size).toBe(1);
    now += 3_600_001;
    const later = await send();
    expect(later.body.orderNumber).not.toBe(first.body.orderNumber);
    expect(sim.state.orderDrafts.size).toBe(2);
  });

  it('refuses a reused key with another body when set to reject', async () => {
    const sim = await startSim({ idempotencyKeyReuse: 'reject' });
    const headers = { 'Idempotency-Key': 'k-1' };
    expect((await call(sim, 'POST', '/orders/drafts', { body: draftBody(), headers })).status).toBe(201);
    const other = { ...draftBody(), date: '2026-05-28' };
    expect((await call(sim, 'POST', '/orders/drafts', { body: other, headers })).status).toBe(400);
  });
});
