import { afterEach, describe, expect, it } from 'vitest';
import { CATALOGUE_PRODUCTS } from '../../src/sandbox/catalogue.js';
import { startRackbeatSimulator, type RackbeatSimulator, type RackbeatSimulatorOptions } from '../../src/sandbox/rackbeat/simulator.js';
import { addBulkProducts } from './fixtures.js';
import { callRackbeat } from './sim-fetch.js';

/**
 * Pins the Rackbeat simulator to ../shared/api/rackbeat.md. Each test names the fact it checks.
 * Setup goes through the in-process state; every assertion is on a real HTTP answer.
 */
const running: RackbeatSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.simulator.close()));
});

async function start(options: RackbeatSimulatorOptions = {}): Promise<RackbeatSimulator & { call: typeof call }> {
  const sim = await startRackbeatSimulator(options);
  running.push(sim);
  const call = (method: string, path: string, body?: unknown, token?: string | null) =>
    callRackbeat(sim.simulator.url, method, path, body, token);
  return { ...sim, call };
}

/** A fixed clock the test moves by hand: 2025-02-10 05:13:05 UTC. */
function manualClock(): { now: () => number; advance: (ms: number) => void } {
  let at = Date.UTC(2025, 1, 10, 5, 13, 5);
  return { now: () => at, advance: (ms) => (at += ms) };
}

const GIFT_BOX = CATALOGUE_PRODUCTS.find((product) => product.sku === 'GIFT/BOX 01')!;

describe('Rackbeat simulator: auth and errors (facts §1, §6)', () => {
  it('answers 401 {"message":"Unauthenticated."} without or with a wrong Bearer key', async () => {
    const sim = await start();
    for (const token of [null, 'not-the-key']) {
      const answer = await sim.call('GET', '/self', undefined, token);
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ message: 'Unauthenticated.' });
    }
  });

  it('tells the account from /self (user_account.id and company_name)', async () => {
    const sim = await start();
    const answer = await sim.call('GET', '/self');
    expect(answer.status).toBe(200);
    expect(answer.body.user_account).toMatchObject({ id: sim.state.account.id, company_name: sim.state.account.companyName });
  });

  it('answers 404 with a message for a missing order, product or route', async () => {
    const sim = await start();
    for (const path of ['/orders/999999', '/products/NO-SUCH-SKU', '/customers/424242', '/no-such-resource']) {
      const answer = await sim.call('GET', path);
      expect(answer.status, path).toBe(404);
      expect(typeof answer.body.message).toBe('string');
    }
  });

  it('answers 422 with Laravel key paths for an unknown customer and product (DEV example)', async () => {
    const sim = await start();
    const answer = await sim.call('POST', '/orders/drafts', {
      customer_id: 999,
      lines: [{ item_id: 'TEE-RED-M', quantity: 1 }, { item_id: 'NOPE', quantity: 1 }],
    });
    expect(answer.status).toBe(422);
    expect(answer.body).toEqual({
      errors: { customer_id: ['The selected Customer is invalid.'], 'lines.1.item_id': ['Product needed'] },
    });
    expect(sim.state.orders.size).toBe(0);
  });

  it('adds Laravel\'s "message" to 422 bodies when the setting asks for it', async () => {
    const sim = await start({ settings: { validationMessage: true } });
    const answer = await sim.call('POST', '/orders/drafts', { customer_id: 1001, lines: [] });
    expect(answer.status).toBe(422);
    expect(answer.body).toEqual({ message: 'The given data was invalid.', errors: { lines: ['The lines field is required.'] } });
  });

  it('refuses a product number sent as a JSON number: product numbers are strings (§3.1)', async () => {
    const sim = await start();
    const answer = await sim.call('POST', '/products', { number: 42, group: 1, name: 'x', sales_price: 1 });
    expect(answer.status).toBe(422);
    expect(answer.body.errors).toEqual({ number: ['The number must be a string.'] });
  });

  it('requires company_name and existing payment terms for a customer (§3.3)', async () => {
    const sim = await start();
    const answer = await sim.call('POST', '/customers', { contact_email: 'x@example.com', payment_terms_id: 99 });
    expect(answer.status).toBe(422);
    expect(Object.keys(answer.body.errors as object).sort()).toEqual(['company_name']);
    const terms = await sim.call('POST', '/customers', { company_name: 'X ApS', payment_terms_id: 99 });
    expect(terms.body.errors).toEqual({ payment_terms_id: ['The selected payment terms id is invalid.'] });
  });
});

describe('Rackbeat simulator: lists (facts §2.1)', () => {
  it('answers lists with 206 and the plural envelope, single reads 200 and creates 201 with the singular one', async () => {
    const sim = await start();
    const list = await sim.call('GET', '/product-groups');
    expect(list.status).toBe(206);
    expect(Object.keys(list.body).sort()).toEqual(['limit', 'page', 'pages', 'product_groups', 'total']);
    const one = await sim.call('GET', '/customers/1001');
    expect(one.status).toBe(200);
    expect(Object.keys(one.body)).toEqual(['customer']);
    const created = await sim.call('POST', '/products', { number: '0099', group: 2, name: 'Badge', sales_price: 12.5 });
    expect(created.status).toBe(201);
    expect(created.body.product).toMatchObject({ number: '0099', sales_price: 12.5, stock_quantity: 0, available_quantity: 0 });
  });

  it('pages: empty, exactly one full page, and a short last page; default limit 20, clamp at 1000', async () => {
    const sim = await start({ seedData: false });
    sim.state.createProductGroup({ number: 1, name: 'G', hasInventory: true, vat: { domestic: 25, eu: 0, abroad: 0 } });

    const empty = await sim.call('GET', '/products');
    expect(empty.status).toBe(206);
    expect(empty.body).toEqual({ products: [], total: 0, pages: 1, limit: 20, page: 1 });

    addBulkProducts(sim.state, 20, 'P');
    const full = await sim.call('GET', '/products');
    expect(full.body).toMatchObject({ total: 20, pages: 1, limit: 20, page: 1 });
    expect(full.body.products).toHaveLength(20);
    const past = await sim.call('GET', '/products?page=2');
    expect(past.status).toBe(206);
    expect(past.body).toMatchObject({ products: [], total: 20, pages: 1, page: 2 });

    sim.state.products.clear();
    addBulkProducts(sim.state, 45, 'P');
    const last = await sim.call('GET', '/products?page=3');
    expect(last.body).toMatchObject({ total: 45, pages: 3, limit: 20, page: 3 });
    expect((last.body.products as Array<{ number: string }>).map((p) => p.number)).toEqual(
      ['P-00040', 'P-00041', 'P-00042', 'P-00043', 'P-00044'],
    );

    expect((await sim.call('GET', '/products?limit=5000')).body).toMatchObject({ limit: 1000, pages: 1 });
    expect((await sim.call('GET', '/products?limit=0')).body).toMatchObject({ limit: 1, pages: 45 });
  });

  it('names the envelope by its plural key, not by the path (payment-terms → payment_terms)', async () => {
    const sim = await start();
    const answer = await sim.call('GET', '/payment-terms');
    expect(answer.status).toBe(206);
    expect((answer.body.payment_terms as unknown[]).length).toBeGreaterThan(0);
  });
});

describe('Rackbeat simulator: filters and sorting (facts §2.2, §2.3)', () => {
  it('filters by search, simple_filter, sparse fields and order_by/order_direction', async () => {
    const sim = await start();
    const search = await sim.call('GET', '/products?search=tee-red');
    expect((search.body.products as Array<{ number: string }>).map((p) => p.number).sort()).toEqual(['TEE-RED-L', 'TEE-RED-M']);

    const exact = await sim.call('GET', `/customers?simple_filter[contact_email]=${encodeURIComponent('ann.lee@example.com')}`);
    expect((exact.body.customers as Array<{ number: number }>).map((c) => c.number)).toEqual([1001]);

    const sparse = await sim.call('GET', '/products?fields=number,name&limit=1');
    expect(Object.keys((sparse.body.products as object[])[0]!)).toEqual(['number', 'name']);

    const byPrice = await sim.call('GET', '/products?order_by=sales_price&order_direction=DESC&limit=1');
    expect((byPrice.body.products as Array<{ number: string }>)[0]!.number).toBe('HOODIE-GRY-L');
  });

  it('filters updated_at_from/_to as wall time in the account zone, inclusive', async () => {
    const clock = manualClock();
    const sim = await start({ clock: clock.now });
    clock.advance(3600_000);
    sim.state.updateProduct('CAP-001', { name: 'Cap, new' });
    // 06:13:05 UTC is 07:13:05 in Copenhagen (winter).
    const from = await sim.call('GET', `/products?updated_at_from=${encodeURIComponent('2025-02-10 07:13:05')}`);
    expect((from.body.products as Array<{ number: string; updated_at: string }>).map((p) => [p.number, p.updated_at])).toEqual([
      ['CAP-001', '2025-02-10 07:13:05'],
    ]);
    const to = await sim.call('GET', `/products?updated_at_to=${encodeURIComponent('2025-02-10 07:13:04')}`);
    expect(to.body.total).toBe(sim.state.products.size - 1);

    const bad = await sim.call('GET', '/products?updated_at_from=yesterday');
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.errors as object)).toEqual(['updated_at_from']);
  });

  it('filters orders by is_booked and is_shipped', async () => {
    const sim = await start();
    const draft = sim.state.createOrderByPerson({ customerNumber: 1001, lines: [{ sku: 'CAP-001', quantity: 1 }] });
    const booked = sim.state.createOrderByPerson({ customerNumber: 1001, lines: [{ sku: 'CAP-001', quantity: 1 }] }, { book: true });
    const shipped = sim.state.shipOrderByHand(sim.state.createOrderByPerson({ customerNumber: 1001, lines: [{ sku: 'CAP-001', quantity: 1 }] }).number);
    const numbers = async (query: string) =>
      ((await sim.call('GET', `/orders?${query}`)).body.orders as Array<{ number: number }>).map((o) => o.number);
    expect(await numbers('is_booked=true')).toEqual([booked.number, shipped.number]);
    expect(await numbers('is_booked=false')).toEqual([draft.number]);
    expect(await numbers('is_shipped=1')).toEqual([shipped.number]);
    expect(await numbers('is_booked=true&is_shipped=false')).toEqual([booked.number]);
  });
});

describe('Rackbeat simulator: orders and stock (facts §3.4, §3.5, §4.1)', () => {
  it('moves draft → booked → shipped → invoiced, with stock reserved on booking and drawn on shipping', async () => {
    const sim = await start();
    const product = async () => (await sim.call('GET', '/products/CAP-001')).body.product as Record<string, number>;
    const draft = await sim.call('POST', '/orders/drafts', {
      customer_id: 1001,
      heading: 'WooCommerce order #1042',
      lines: [{ item_id: 'CAP-001', quantity: 3 }],
    });
    expect(draft.status).toBe(201);
    const number = (draft.body.order as { number: number }).number;
    expect(draft.body.order).toMatchObject({ is_booked: false, booked_at: null, is_shipped: false, heading: 'WooCommerce order #1042' });
    expect(await product()).toMatchObject({ stock_quantity: 200, in_order_quantity: 0, available_quantity: 200 });

    const booked = await sim.call('POST', `/orders/${number}/book`, { mail: { send: false } });
    expect(booked.status).toBe(200);
    expect(booked.body.order).toMatchObject({ is_booked: true, is_shipped: false });
    expect((booked.body.order as { booked_at: string }).booked_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(await product()).toMatchObject({ stock_quantity: 200, in_order_quantity: 3, available_quantity: 197 });
    expect((await sim.call('POST', `/orders/${number}/book`, {})).status).toBe(422);

    const shipment = await sim.call('POST', `/orders/${number}/create-shipment`);
    expect(shipment.body.order_shipment).toMatchObject({ order_id: number, is_shipped: false });
    const id = (shipment.body.order_shipment as { id: number }).id;
    const marked = await sim.call('POST', `/orders/shipments/${id}/mark-shipped`, { pick: true });
    expect(marked.body.order_shipment).toMatchObject({ is_shipped: true, is_picked: true });
    expect((await sim.call('GET', `/orders/${number}`)).body.order).toMatchObject({ is_booked: true, is_shipped: true, is_invoiced: false });
    expect(await product()).toMatchObject({ stock_quantity: 197, in_order_quantity: 0, available_quantity: 197 });

    const invoiced = await sim.call('POST', `/orders/${number}/convert-to-invoice?book=false`);
    expect(invoiced.body.invoice_id).toEqual(expect.any(Number));
    expect((await sim.call('GET', `/orders/${number}`)).body.order).toMatchObject({ is_invoiced: true });
  });

  it("lists an order's shipments, moves the order's updated_at and shipped_at when one is marked shipped, and ships by hand in the sandbox", async () => {
    const clock = manualClock();
    const sim = await start({ clock: clock.now });
    const order = sim.state.createOrderByPerson({ customerNumber: 1001, lines: [{ sku: 'CAP-001', quantity: 1 }] }, { book: true });
    const before = (await sim.call('GET', `/orders/${order.number}`)).body.order as { updated_at: string };
    clock.advance(60_000);
    const id = ((await sim.call('POST', `/orders/${order.number}/create-shipment`)).body.order_shipment as { id: number }).id;
    expect((await sim.call('GET', `/orders/${order.number}/shipments`)).body.order_shipments).toMatchObject([{ id, is_shipped: false }]);
    clock.advance(60_000);
    await sim.call('POST', `/orders/shipments/${id}/mark-shipped`, { pick: true });
    const after = (await sim.call('GET', `/orders/${order.number}`)).body.order as { updated_at: string; shipped_at: string };
    // Rackbeat writes its account's local time without a zone (facts §2): Copenhagen is UTC+1 in February.
    expect(after).toMatchObject({ is_shipped: true, updated_at: '2025-02-10 06:15:05', shipped_at: '2025-02-10 06:15:05' });
    expect(after.updated_at > before.updated_at).toBe(true);
    expect((await sim.call('GET', `/order-shipments/${id}`)).body.order_shipment).toMatchObject({ id, is_shipped: true, updated_at: '2025-02-10 06:15:05' });

    const other = sim.state.createOrderByPerson({ customerNumber: 1001, lines: [{ sku: 'CAP-001', quantity: 1 }] });
    const shipped = await sim.call('POST', `/sandbox/orders/${other.number}/ship`);
    expect(shipped.body.order).toMatchObject({ is_booked: true, is_shipped: true });
    expect((await sim.call('POST', `/sandbox/orders/${other.number}/ship`)).status).toBe(422);
  });

  it('refuses a shipment for a draft (RB-CLIENT: not booked)', async () => {
    const sim = await start();
    const draft = sim.state.createOrderByPerson({ customerNumber: 1001, lines: [{ sku: 'CAP-001', quantity: 1 }] });
    expect((await sim.call('POST', `/orders/${draft.number}/create-shipment`)).status).toBe(422);
  });

  it('books on plain POST /orders by default, and leaves a draft when the setting says so', async () => {
    const body = { customer_id: 1001, lines: [{ item_id: 'CAP-001', quantity: 1 }] };
    const booking = await start();
    expect((await booking.call('POST', '/orders', body)).body.order).toMatchObject({ is_booked: true });
    const drafting = await start({ settings: { plainPostBooks: false } });
    expect((await drafting.call('POST', '/orders', body)).body.order).toMatchObject({ is_booked: false });
  });

  it('keeps sent line prices, or prices lines itself, per the setting; totals follow (25 % VAT domestic)', async () => {
    const body = { customer_id: 1001, lines: [{ item_id: 'CAP-001', quantity: 2, line_price: 100 }] };
    const keeping = await start();
    expect((await keeping.call('POST', '/orders/drafts', body)).body.order).toMatchObject({
      lines: [expect.objectContaining({ line_price: 100, quantity: 2 })],
      total_subtotal: 200,
      total_total: 250,
    });
    const pricing = await start({ settings: { linePricesKept: false } });
    expect((await pricing.call('POST', '/orders/drafts', body)).body.order).toMatchObject({
      lines: [expect.objectContaining({ line_price: 119.2 })],
      total_subtotal: 238.4,
      total_total: 298,
    });
  });

  it('finds an order by its heading through search, unless the setting says search ignores headings', async () => {
    const covering = await start();
    covering.state.createOrderByPerson({ customerNumber: 1001, heading: 'Shopify order #77', lines: [{ sku: 'CAP-001', quantity: 1 }] });
    expect((await covering.call('GET', `/orders?search=${encodeURIComponent('order #77')}`)).body.total).toBe(1);
    const blind = await start({ settings: { searchCoversHeading: false } });
    blind.state.createOrderByPerson({ customerNumber: 1001, heading: 'Shopify order #77', lines: [{ sku: 'CAP-001', quantity: 1 }] });
    expect((await blind.call('GET', `/orders?search=${encodeURIComponent('order #77')}`)).body.total).toBe(0);
  });
});

describe('Rackbeat simulator: products and timestamps (facts §3.1, §3.2)', () => {
  it('finds a product number with / and space encoded once, and double-encoded as RB-LARAVEL sends it', async () => {
    const sim = await start();
    for (const path of ['/products/GIFT%2FBOX%2001', '/products/GIFT%252FBOX%252001']) {
      const answer = await sim.call('GET', path);
      expect(answer.status, path).toBe(200);
      expect(answer.body.product).toMatchObject({ number: GIFT_BOX.sku, stock_quantity: GIFT_BOX.stock });
    }
    const updated = await sim.call('PUT', '/products/GIFT%2FBOX%2001', { sales_price: 80 });
    expect(updated.status).toBe(200);
    expect(updated.body.product).toMatchObject({ number: 'GIFT/BOX 01', sales_price: 80, name: GIFT_BOX.name });
  });

  it('keeps leading zeros: product numbers stay strings', async () => {
    const sim = await start();
    expect((await sim.call('GET', '/products/0042')).body.product).toMatchObject({ number: '0042' });
  });

  it('writes timestamps as "YYYY-MM-DD HH:MM:SS" in the account zone, or ISO with offset per the setting', async () => {
    const clock = manualClock();
    const plain = await start({ clock: clock.now });
    expect((await plain.call('GET', '/customers/1001')).body.customer).toMatchObject({ created_at: '2025-02-10 06:13:05' });
    const iso = await start({ clock: clock.now, settings: { timestampFormat: 'iso' } });
    expect((await iso.call('GET', '/customers/1001')).body.customer).toMatchObject({ created_at: '2025-02-10T06:13:05+01:00' });
  });
});

describe('Rackbeat simulator: rate limit (facts §6)', () => {
  it('sends X-RateLimit-* on every answer and 429 {"message":"Too Many Attempts."} with Retry-After when out', async () => {
    const sim = await start({ rateLimit: { perMinute: 60, burst: 3 } });
    const answers = [];
    for (let index = 0; index < 4; index += 1) answers.push(await sim.call('GET', '/product-groups'));
    expect(answers.map((a) => a.status)).toEqual([206, 206, 206, 429]);
    expect(answers.map((a) => a.headers.get('x-ratelimit-limit'))).toEqual(['60', '60', '60', '60']);
    expect(answers.map((a) => a.headers.get('x-ratelimit-remaining'))).toEqual(['2', '1', '0', '0']);
    const refused = answers[3]!;
    expect(refused.body).toEqual({ message: 'Too Many Attempts.' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
  });
});
