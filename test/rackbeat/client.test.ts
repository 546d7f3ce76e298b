import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createRackbeatClient, type RackbeatClient, type RackbeatClientOptions } from '../../src/connectors/rackbeat/client.js';
import type { NewRackbeatOrder } from '../../src/connectors/rackbeat/types.js';
import { isSyncHttpError, SyncHttpError } from '../../src/connectors/http/errors.js';
import type { CallRecord } from '../../src/connectors/http/types.js';
import type { Minor } from '../../src/domain/money.js';
import { CATALOGUE_PRODUCTS } from '../../src/sandbox/catalogue.js';
import { addBulkProducts } from './fixtures.js';
import { startRackbeatSimulator, type RackbeatSimulator, type RackbeatSimulatorOptions } from '../../src/sandbox/rackbeat/simulator.js';

/** The Rackbeat client over loopback against the simulator. */
const running: RackbeatSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.simulator.close()));
});

async function setup(
  simOptions: RackbeatSimulatorOptions = {},
  clientOptions: Partial<RackbeatClientOptions> = {},
): Promise<{ sim: RackbeatSimulator; client: RackbeatClient; calls: CallRecord[] }> {
  const sim = await startRackbeatSimulator(simOptions);
  running.push(sim);
  const calls: CallRecord[] = [];
  const client = createRackbeatClient({
    ...sim.config,
    onCall: (call) => calls.push(call),
    rateLimit: { capacity: 1000, refillPerSecond: 10_000 },
    ...clientOptions,
  });
  return { sim, client, calls };
}

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}

const EPOCH = new Date(0);

function anOrder(heading: string, lines: NewRackbeatOrder['lines'] = [{ sku: 'CAP-001', quantity: 2, unitPrice: 10_000 as Minor }]): NewRackbeatOrder {
  return { customerNumber: 1001, heading, currency: 'DKK', lines };
}

describe('Rackbeat client', () => {
  it('reads the account identity from /self', async () => {
    const { sim, client } = await setup();
    expect(await client.self()).toEqual({ accountId: String(sim.state.account.id), name: sim.state.account.companyName });
  });

  it('sends Bearer auth and the headers the official SDK sends (facts §1)', async () => {
    // A bare loopback server that records what arrives: the simulator accepts and ignores these.
    let received: Record<string, string | string[] | undefined> = {};
    const server = http.createServer((request, response) => {
      received = request.headers;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ user_account: { id: 7, company_name: 'Header check' } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const client = createRackbeatClient({
        url: `http://127.0.0.1:${port}`,
        apiKey: 'sim-header-check-key',
        timezone: 'Europe/Copenhagen',
        consumer: { name: 'iex-sync-test', contact: 'tests@example.com' },
      });
      expect(await client.self()).toEqual({ accountId: '7', name: 'Header check' });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(received).toMatchObject({
      authorization: 'Bearer sim-header-check-key',
      accept: 'application/json',
      'api-version': 'latest',
      'consumer-name': 'iex-sync-test',
      'consumer-contact': 'tests@example.com',
      'user-agent': 'iex-sync-test (tests@example.com)',
    });
  });

  it('fails with kind auth and never shows the key when the key is refused', async () => {
    const { client } = await setup({}, { apiKey: 'sim-wrong-key-0123456789' });
    const error = await client.self().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SyncHttpError);
    expect((error as SyncHttpError).kind).toBe('auth');
    expect((error as SyncHttpError).platformMessage).toBe('Unauthenticated.');
    expect(JSON.stringify({ ...(error as SyncHttpError), message: (error as Error).message })).not.toContain('sim-wrong-key');
  });

  it('pages through 5,000 changed products oldest first, each once, with about one call per page', async () => {
    const { sim, client, calls } = await setup({ rateLimit: false });
    addBulkProducts(sim.state, 5_000);
    const products = await collect(client.changedProducts(EPOCH));
    const numbers = products.map((product) => product.number);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers.length).toBe(sim.state.products.size);
    expect(products.every((product, index) => index === 0 || products[index - 1]!.updatedAt <= product.updatedAt)).toBe(true);
    expect(calls.length).toBeLessThanOrEqual(Math.ceil(sim.state.products.size / 250) + 2);
  });

  it('misses nothing when products change while it pages', async () => {
    let now = Date.UTC(2025, 5, 1, 10, 0, 0);
    const { sim, client } = await setup({ clock: () => now }, { pageSize: 5 });
    const seen = new Map<string, number>();
    let page = 0;
    for await (const products of client.changedProducts(EPOCH)) {
      for (const product of products) seen.set(product.number, (seen.get(product.number) ?? 0) + 1);
      page += 1;
      now += 1_000;
      // Change one already read and one not read yet: both move to the end of the list.
      if (page === 1) {
        sim.state.updateProduct(products[0]!.number, { name: 'renamed while paging' });
        sim.state.updateProduct('BOTTLE-750', { name: 'renamed ahead' });
      }
    }
    expect([...seen.keys()].sort()).toEqual([...sim.state.products.keys()].sort());
  });

  it('round-trips product numbers with / space # and leading zeros', async () => {
    const { client } = await setup();
    const giftBox = await client.product('GIFT/BOX 01');
    expect(giftBox?.number).toBe('GIFT/BOX 01');
    expect(giftBox?.salesPrice).toBe(CATALOGUE_PRODUCTS.find((p) => p.sku === 'GIFT/BOX 01')!.netPrice);
    const updated = await client.updateProduct('GIFT/BOX 01', { salesPrice: 8_050 as Minor });
    expect(updated).toMatchObject({ number: 'GIFT/BOX 01', salesPrice: 8_050 });
    expect((await client.product('GIFT/BOX 01'))?.salesPrice).toBe(8_050);

    const created = await client.createProduct({ number: '007/B #2 ÆØ', name: 'Odd one', groupNumber: 2, salesPrice: 1_995 as Minor });
    expect(created.number).toBe('007/B #2 ÆØ');
    expect((await client.product('007/B #2 ÆØ'))?.name).toBe('Odd one');
    expect((await client.product('0042'))?.number).toBe('0042');
    expect(await client.product('NO/SUCH')).toBeUndefined();
  });

  it('lists and creates product groups', async () => {
    const { client } = await setup();
    await client.createProductGroup({ number: 9, name: 'Gift cards', vatDomesticPercent: 0 });
    expect((await client.productGroups()).map((group) => group.number)).toEqual([1, 2, 3, 9]);
  });

  it('finds customers by e-mail exactly and creates them with payment terms', async () => {
    const { client } = await setup();
    expect((await client.findCustomerByEmail(' Ann.Lee@example.com '))?.number).toBe(1001);
    expect(await client.findCustomerByEmail('ann.lee@example')).toBeUndefined();
    expect(await client.findCustomerByEmail('bo+shop@example.dk')).toBeUndefined();

    const created = await client.createCustomer({ name: 'Bo Nielsen', email: 'bo+shop@example.dk', paymentTermsNumber: 2, vatZone: 'domestic' });
    expect(created).toMatchObject({ name: 'Bo Nielsen', email: 'bo+shop@example.dk', paymentTermsNumber: 2 });
    expect((await client.findCustomerByEmail('bo+shop@example.dk'))?.number).toBe(created.number);
    expect((await client.customer(created.number))?.email).toBe('bo+shop@example.dk');

    const refused = await client
      .createCustomer({ name: 'X', email: 'x@example.com', paymentTermsNumber: 77 })
      .catch((caught: unknown) => caught);
    expect(isSyncHttpError(refused) && refused.kind).toBe('validation');
    expect((refused as SyncHttpError).hint).toMatch(/paymentTermsNumber/);
  });

  it('creates a draft, reads it back with totals, and books it once however often asked', async () => {
    const { sim, client } = await setup();
    const { order, linePricesKept } = await client.createDraftOrder(anOrder('WooCommerce order #1042'));
    expect(linePricesKept).toBe(true);
    expect(order).toMatchObject({ heading: 'WooCommerce order #1042', isBooked: false, subtotal: 20_000, total: 25_000 });
    expect(order.lines).toEqual([expect.objectContaining({ sku: 'CAP-001', quantity: 2, unitPrice: 10_000 })]);

    expect((await client.bookOrder(order.number)).isBooked).toBe(true);
    expect((await client.bookOrder(order.number)).isBooked).toBe(true);
    expect(sim.state.products.get('CAP-001')?.inOrderQuantity).toBe(2);
  });

  it('reports when Rackbeat priced the lines itself', async () => {
    const { client } = await setup({ settings: { linePricesKept: false } });
    const { order, linePricesKept } = await client.createDraftOrder(anOrder('Shopify order #5'));
    expect(linePricesKept).toBe(false);
    expect(order).toMatchObject({ subtotal: 23_840, total: 29_800 });
  });

  it('fails an order with an unknown product as a validation error with a hint', async () => {
    const { client } = await setup();
    const error = await client.createDraftOrder(anOrder('x', [{ sku: 'NOT-IN-RACKBEAT', quantity: 1 }])).catch((caught: unknown) => caught);
    expect(isSyncHttpError(error) && error.kind).toBe('validation');
    expect((error as SyncHttpError).details).toEqual({ 'lines.0.item_id': ['Product needed'] });
    expect((error as SyncHttpError).hint).toMatch(/not in Rackbeat/);
    expect((error as SyncHttpError).refused).toEqual({ unknownProductLines: [0], fields: [] });
  });

  it('finds an order by its reference after a create whose answer was dropped', async () => {
    const since = new Date(Date.now() - 60_000);
    for (const searchCoversHeading of [true, false]) {
      const { sim, client } = await setup({ settings: { searchCoversHeading } });
      sim.state.createOrderByPerson({ customerNumber: 1001, heading: 'WooCommerce order #10421', lines: [{ sku: 'CAP-001', quantity: 1 }] });
      sim.simulator.addFault({ kind: 'commit-then-drop', match: 'POST /orders/drafts', times: 1 });

      const error = await client.createDraftOrder(anOrder('WooCommerce order #1042')).catch((caught: unknown) => caught);
      expect(isSyncHttpError(error) && error.kind).toBe('outcome-unknown');
      const found = await client.findOrderByHeading('WooCommerce order #1042', since);
      expect(found?.heading).toBe('WooCommerce order #1042');
      expect([...sim.state.orders.values()].filter((o) => o.heading === 'WooCommerce order #1042').map((o) => o.number)).toEqual([found?.number]);
      expect(await client.findOrderByHeading('WooCommerce order #9999', since)).toBeUndefined();
    }
  });

  it('lists changed booked orders for leg 2, whoever booked them', async () => {
    const { sim, client } = await setup();
    const since = new Date(Date.now() - 1_000);
    const draft = sim.state.createOrderByPerson({ customerNumber: 1001, lines: [{ sku: 'CAP-001', quantity: 1 }] });
    const byPerson = sim.state.createOrderByPerson({ customerNumber: 1001, lines: [{ sku: 'MUG#BLK', quantity: 1 }] }, { book: true });
    const { order } = await client.createDraftOrder(anOrder('Shopify order #9'));
    await client.bookOrder(order.number);
    const booked = await collect(client.changedOrders(since, { booked: true }));
    expect(booked.map((o) => o.number).sort()).toEqual([byPerson.number, order.number].sort());
    const all = await collect(client.changedOrders(since));
    expect(all.map((o) => o.number)).toContain(draft.number);
  });

  it('rides out a 429 storm with zero failed calls', async () => {
    const { client, calls } = await setup(
      // Retry-After is whole seconds, so each second lets about `burst` calls through.
      { rateLimit: { perMinute: 1_200, burst: 6 } },
      { concurrency: 8, retry: { maxRetries: 8 } },
    );
    const skus = Array.from({ length: 16 }, (_, index) => CATALOGUE_PRODUCTS[index % CATALOGUE_PRODUCTS.length]!.sku);
    const results = await Promise.allSettled(skus.map((sku) => client.product(sku)));
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    expect(results.map((result) => (result.status === 'fulfilled' ? result.value?.number : undefined))).toEqual(skus);
    expect(calls.filter((call) => call.status === 429).length).toBeGreaterThan(0);
  });
});

describe('when an order shipped', () => {
  it("reads the order's shipped_at, else its newest shipped shipment (one call), and nothing for an order not shipped", async () => {
    let now = Date.UTC(2026, 5, 1, 8, 0, 0);
    const { sim, client, calls } = await setup({ clock: () => now });
    const number = sim.state.createOrderByPerson({ customerNumber: 1001, lines: [{ sku: 'CAP-001', quantity: 1 }] }, { book: true }).number;
    const booked = (await client.order(number))!;
    expect(await client.shippedAt(booked)).toBeUndefined();
    now += 3_600_000;
    sim.state.shipOrderByHand(number);
    const shipped = (await client.order(number))!;
    expect(shipped.shippedAt).toEqual(new Date(now));
    calls.length = 0;
    expect(await client.shippedAt(shipped)).toEqual(new Date(now));
    expect(calls).toHaveLength(0);
    // Without shipped_at on the order (not confirmed that Rackbeat sends it), the shipments say it.
    expect(await client.shippedAt({ ...shipped, shippedAt: undefined, updatedAt: new Date(now + 60_000) })).toEqual(new Date(now));
    expect(calls.map((call) => call.path)).toEqual([expect.stringMatching(/^\/order-shipments\?.*order_number=\d+.*is_shipped=true/)]);
  });
});
