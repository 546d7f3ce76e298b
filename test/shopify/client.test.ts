import { afterEach, describe, expect, it } from 'vitest';
import { createShopifyClient, type ShopifyClientOptions } from '../../src/connectors/shopify/client.js';
import { isSyncHttpError, type SyncHttpError } from '../../src/connectors/http/errors.js';
import type { CallRecord } from '../../src/connectors/http/types.js';
import type { ShopOrder } from '../../src/connectors/webshop.js';
import type { Minor } from '../../src/domain/money.js';
import { startShopifySimulator, type ShopifySimulatorOptions, type StartedShopifySimulator } from '../../src/sandbox/shopify/simulator.js';

const started: StartedShopifySimulator[] = [];
afterEach(async () => {
  for (const sim of started.splice(0)) await sim.simulator.close();
});

/** A generous bucket so tests about paging are not slowed by the (correct) throttling. */
const FAST_BUCKET = { maximumAvailable: 100_000, restoreRate: 100_000 };

async function start(options: ShopifySimulatorOptions = {}): Promise<StartedShopifySimulator> {
  const sim = await startShopifySimulator(options);
  started.push(sim);
  return sim;
}

function clientFor(sim: StartedShopifySimulator, options: Partial<ShopifyClientOptions> = {}) {
  return createShopifyClient({ url: sim.simulator.url, accessToken: sim.state.accessToken, retry: { baseDelayMs: 10 }, ...options });
}

async function collect(pages: AsyncIterable<ShopOrder[]>): Promise<ShopOrder[]> {
  const all: ShopOrder[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}

describe('Shopify client', () => {
  it('pages through 5,000 orders oldest change first, each once, every query under 1,000 points', async () => {
    const sim = await start({ ...FAST_BUCKET, orders: 5000 });
    const client = clientFor(sim);
    const orders = await collect(client.changedOrders(new Date(0)));
    expect(orders).toHaveLength(5000);
    expect(new Set(orders.map((order) => order.id)).size).toBe(5000);
    const times = orders.map((order) => order.modifiedAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(client.callCount()).toBe(Math.ceil(5000 / 13));
  });

  it('neither skips nor repeats an order changed while paging: a changed one comes again with its new state', async () => {
    let now = Date.parse('2026-02-01T12:00:00Z');
    const sim = await start({ ...FAST_BUCKET, now: () => now });
    const seeded = sim.state.addOrders(60, { startAt: Date.parse('2026-01-10T08:00:00Z') });
    const client = clientFor(sim);
    const yielded: ShopOrder[] = [];
    let page = 0;
    for await (const orders of client.changedOrders(new Date('2026-01-01T00:00:00Z'), { pageSize: 10 })) {
      yielded.push(...orders);
      page += 1;
      if (page === 2) {
        now += 60_000;
        sim.state.updateOrder(seeded[3]!.id, (order) => (order.financialStatus = 'REFUNDED')); // already yielded
        sim.state.updateOrder(seeded[45]!.id, (order) => (order.financialStatus = 'PAID')); // not reached yet
      }
    }
    const states = yielded.map((order) => `${order.id}@${order.modifiedAt.toISOString()}`);
    expect(new Set(states).size).toBe(states.length);
    expect(new Set(yielded.map((order) => order.id))).toEqual(new Set(seeded.map((order) => `gid://shopify/Order/${order.id}`)));
    const timesOf = (id: number) => yielded.filter((order) => order.id === `gid://shopify/Order/${id}`);
    expect(timesOf(seeded[3]!.id).map((order) => order.status)).toEqual([expect.any(String), 'refunded']);
    expect(timesOf(seeded[45]!.id).map((order) => order.status)).toEqual(['paid']);
    expect(yielded).toHaveLength(61);
  });

  it('waits out a THROTTLED answer for the restore rate and succeeds', async () => {
    let now = Date.parse('2026-02-01T12:00:00Z');
    const sim = await start({ orders: 300, maximumAvailable: 1000, restoreRate: 100, now: () => now });
    // Another app on the same shop empties the bucket: four queries of 242 points each leave 32.
    for (let n = 0; n < 4; n += 1) {
      const drain = await fetch(`${sim.simulator.url}/admin/api/2026-01/graphql.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-shopify-access-token': sim.state.accessToken },
        body: JSON.stringify({ query: '{ orders(first: 240) { nodes { id } } }' }),
      });
      expect(drain.status).toBe(200);
    }
    const calls: CallRecord[] = [];
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
      now += ms;
    };
    const client = clientFor(sim, { onCall: (call) => calls.push(call), now: () => now, sleep });
    const newest = [...sim.state.orders.values()].slice(-10);
    const orders = await collect(client.changedOrders(new Date(newest[0]!.updatedAt)));
    expect(orders.map((order) => order.id)).toEqual(newest.map((order) => `gid://shopify/Order/${order.id}`));
    expect(calls.map((call) => [call.status, call.attempt])).toEqual([
      [200, 1],
      [200, 2],
    ]);
    // The page asks for 990 points; with 32 left at 100 points/s that is about 9.6 s of waiting.
    const waited = waits.reduce((sum, ms) => sum + ms, 0);
    expect(waited).toBeGreaterThanOrEqual(9_000);
    expect(waited).toBeLessThan(10_000);
  });

  it('renews a client-credentials token before it expires, and after the shop revokes it', async () => {
    let now = Date.parse('2026-02-01T12:00:00Z');
    const sim = await start({ orders: 3, tokenLifetimeSeconds: 3600, now: () => now });
    const client = createShopifyClient({ url: sim.simulator.url, clientId: sim.state.clientId, clientSecret: sim.state.clientSecret, now: () => now });
    const grants = () => sim.simulator.writeLog.filter((entry) => entry.path === '/admin/oauth/access_token').length;
    await client.identity();
    expect(grants()).toBe(1);
    now += 3500 * 1000; // 100 s before expiry: inside the renewal margin
    expect((await client.identity()).id).toBe('https://iex-sync-sandbox.myshopify.com');
    expect(grants()).toBe(2);
    sim.state.expireTokens();
    expect(await collect(client.changedOrders(new Date(0)))).toHaveLength(3);
    expect(grants()).toBe(3);
  });

  it('fails a wrong client secret as an auth error that never shows the secret', async () => {
    const sim = await start();
    const client = createShopifyClient({ url: sim.simulator.url, clientId: sim.state.clientId, clientSecret: 'sim-wrong-secret-value' });
    const error = (await client.identity().catch((caught: unknown) => caught)) as SyncHttpError;
    expect(isSyncHttpError(error) && error.kind).toBe('auth');
    expect(JSON.stringify({ message: error.message, details: error.details, hint: error.hint })).not.toContain('sim-wrong-secret-value');
  });

  it('finds one order by number, with all lines of a large order paged in, mapped to ShopOrder', async () => {
    const sim = await start(FAST_BUCKET);
    sim.state.addOrders(3);
    const [large] = sim.state.addOrders(1, { lineCount: 130, financialStatus: 'PARTIALLY_PAID' });
    const client = clientFor(sim);
    const order = await client.orderByNumber(`#${large!.number}`);
    expect(order).toBeDefined();
    expect(order!.number).toBe(String(large!.number));
    expect(order!.status).toBe('partially_paid');
    expect(order!.lines).toHaveLength(130);
    expect(order!.lines.map((line) => line.sku)).toEqual(large!.lines.map((line) => line.sku));
    const linesTotal = order!.lines.reduce((sum, line) => sum + line.unitPrice * line.quantity - line.discount, 0);
    const shipping = order!.shippingLines.reduce((sum, line) => sum + line.amount, 0);
    expect(linesTotal + shipping).toBe(order!.totals.total);
    expect(order!.pricesIncludeTax).toBe(true);
    expect(order!.currency).toBe('DKK');
    expect(await client.orderByNumber(String(large!.number))).toMatchObject({ id: order!.id });
    expect(await client.orderByNumber('99999')).toBeUndefined();
  });

  it('pages in the shipping lines of an order with more than fit in the first query', async () => {
    const sim = await start(FAST_BUCKET);
    const [order] = sim.state.addOrders(1);
    sim.state.updateOrder(order!.id, (changed) => {
      for (let n = 1; n <= 4; n += 1) changed.shippingLines.push({ id: changed.shippingLines[0]!.id + 1_000_000 + n, title: `Parcel ${n}`, code: 'PARCEL', price: (n * 1000) as Minor, tax: (n * 200) as Minor });
    });
    const mapped = await clientFor(sim).orderByNumber(String(order!.number));
    expect(mapped!.shippingLines.map((line) => line.title)).toEqual(order!.shippingLines.map((line) => line.title));
    expect(mapped!.totals.shipping).toBe(order!.shippingLines.reduce((sum, line) => sum + line.price, 0));
  });

  it('maps guests, addresses, discounts and the payment method', async () => {
    const sim = await start({ ...FAST_BUCKET, orders: 8 });
    const orders = await collect(clientFor(sim).changedOrders(new Date(0)));
    const source = [...sim.state.orders.values()];
    const guest = orders[source.findIndex((order) => order.customer === null)]!;
    expect(guest.customer.id).toBeUndefined();
    expect(guest.customer.email).toBe(source.find((order) => order.customer === null)!.email);
    const discounted = orders.find((order) => order.discountCodes.length > 0)!;
    expect(discounted.totals.discount).toBeGreaterThan(0);
    expect(discounted.totals.discount).toBe(discounted.lines.reduce((sum, line) => sum + line.discount, 0));
    const clara = orders.find((order) => order.customer.email === 'clara@example.de')!;
    expect(clara.billing).toMatchObject({ name: 'Clara Schmidt', company: 'Schmidt GmbH', city: 'Berlin', postcode: '10115', country: 'DE' });
    expect(orders[0]!.paymentMethod).toBe('shopify_payments');
    expect(orders[0]!.lines[0]!.taxRatePercent).toBe(25);
  });

  it('reads the buyer\'s VAT number from a B2B order\'s company location and the EU reverse-charge exemption', async () => {
    const sim = await start({ ...FAST_BUCKET, orders: 3 });
    const [b2b, exemptCustomer, plain] = [...sim.state.orders.values()];
    sim.state.updateOrder(b2b!.id, (order) => {
      order.company = {
        id: 41, name: 'Schmidt GmbH', locationId: 42, locationName: 'Berlin',
        taxRegistrationId: ' DE123456789 ', taxExempt: true, taxExemptions: ['EU_REVERSE_CHARGE_EXEMPTION_RULE'],
      };
      order.vatRatePercent = 0;
    });
    sim.state.updateOrder(exemptCustomer!.id, (order) => {
      order.customer!.taxExemptions = ['EU_REVERSE_CHARGE_EXEMPTION_RULE'];
    });
    const orders = await collect(clientFor(sim).changedOrders(new Date(0)));
    const byId = (id: number) => orders.find((order) => order.id === `gid://shopify/Order/${id}`)!;
    expect(byId(b2b!.id).customer).toMatchObject({ vatNumber: 'DE123456789', vatExempt: true });
    // An untaxed order has no tax lines, so no rate: the mapping derives 0 from the amounts.
    expect(byId(b2b!.id).lines[0]!.taxRatePercent).toBeUndefined();
    expect(byId(exemptCustomer!.id).customer).toMatchObject({ vatNumber: undefined, vatExempt: true });
    expect(byId(plain!.id).customer).toMatchObject({ vatNumber: undefined, vatExempt: false });
  });

  it('turns userErrors into a validation error and applies good tags', async () => {
    const sim = await start({ orders: 1 });
    const client = clientFor(sim);
    const error = (await client.addOrderTags('gid://shopify/Order/1', ['iex-sync']).catch((caught: unknown) => caught)) as SyncHttpError;
    expect(error.kind).toBe('validation');
    expect(error.details).toEqual([{ field: ['id'], message: 'Order does not exist' }]);
    const order = [...sim.state.orders.values()][0]!;
    await client.addOrderTags(`gid://shopify/Order/${order.id}`, ['iex-sync']);
    expect(order.tags).toEqual(['iex-sync']);
  });

  it('stops with an auth error that never carries the access token', async () => {
    const sim = await start();
    const client = createShopifyClient({ url: sim.simulator.url, accessToken: 'sim-revoked-token-123' });
    const error = (await client.identity().catch((caught: unknown) => caught)) as SyncHttpError;
    expect(error.kind).toBe('auth');
    expect(error.systemic).toBe(true);
    expect(`${error.message} ${JSON.stringify(error.details)}`).not.toContain('sim-revoked-token-123');
  });
});
