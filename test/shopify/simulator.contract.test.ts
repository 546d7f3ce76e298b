import { afterEach, describe, expect, it } from 'vitest';
import { FINANCIAL_STATUSES, FULFILLMENT_STATUSES } from '../../src/sandbox/shopify/orders.js';
import { startShopifySimulator, type StartedShopifySimulator } from '../../src/sandbox/shopify/simulator.js';

/** Pins the simulator to the facts in ../shared/api/webshops.md, Part A (section numbers cited). */
const started: StartedShopifySimulator[] = [];
afterEach(async () => {
  for (const sim of started.splice(0)) await sim.simulator.close();
});

async function start(options: Parameters<typeof startShopifySimulator>[0] = {}): Promise<StartedShopifySimulator> {
  const sim = await startShopifySimulator(options);
  started.push(sim);
  return sim;
}

interface Answer {
  status: number;
  headers: Headers;
  body: {
    data?: Record<string, any> | null;
    errors?: Array<{ message: string; extensions?: Record<string, unknown> }> | string;
    extensions?: { cost: { requestedQueryCost: number; actualQueryCost: number | null; throttleStatus: Record<string, number> } };
  };
}

async function post(sim: StartedShopifySimulator, query: string, variables: Record<string, unknown> = {}, token = sim.state.accessToken): Promise<Answer> {
  const response = await fetch(`${sim.simulator.url}/admin/api/2026-01/graphql.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shopify-access-token': token },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Answer['body'] };
}

describe('Shopify simulator contract', () => {
  it('rejects an unknown field at validation, in Shopify words and without data (§3 schema)', async () => {
    const sim = await start({ orders: 2 });
    const answer = await post(sim, '{ orders(first: 1) { nodes { id financialStatus } } }');
    expect(answer.status).toBe(200);
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors).toEqual([
      expect.objectContaining({
        message: "Field 'financialStatus' doesn't exist on type 'Order'",
        extensions: { code: 'undefinedField', typeName: 'Order', fieldName: 'financialStatus' },
      }),
    ]);
  });

  it('refuses a query over 1,000 points with MAX_COST_EXCEEDED and charges nothing (§2)', async () => {
    const sim = await start({ orders: 2 });
    const answer = await post(sim, '{ orders(first: 250) { nodes { id lineItems(first: 10) { nodes { id } } } } }');
    // 2 + 250 × (1 + 2 + 10 × 1) by the documented model.
    expect(answer.body.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'MAX_COST_EXCEEDED', cost: 3252, maxCost: 1000 }) }),
    ]);
    expect((answer.body.errors as Array<{ message: string }>)[0]?.message).toMatch(/^Query cost is 3252, which exceeds the single query max cost limit \(1000\)/);
    expect(answer.body.extensions).toBeUndefined();
    const next = await post(sim, '{ shop { name } }');
    expect(next.body.extensions?.cost.throttleStatus.currentlyAvailable).toBe(2000 - 1);
  });

  it('throttles with THROTTLED, HTTP 200 and extensions.cost when the bucket cannot hold the requested cost (§2)', async () => {
    let now = Date.parse('2026-03-01T10:00:00Z');
    const sim = await start({ orders: 3, maximumAvailable: 100, restoreRate: 10, now: () => now });
    const query = '{ orders(first: 40) { nodes { id totalPriceSet { shopMoney { amount } } } } }'; // 2 + 40 × 3 = 122 > 100
    const tooBig = await post(sim, query);
    expect(tooBig.status).toBe(200);
    expect(tooBig.body).toEqual({
      errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }],
      extensions: { cost: { requestedQueryCost: 122, actualQueryCost: null, throttleStatus: { maximumAvailable: 100, currentlyAvailable: 100, restoreRate: 10 } } },
    });
    expect(tooBig.headers.get('retry-after')).toBeNull();

    // Admission on the requested cost, charge on the actual cost (3 orders: 2 + 3 × 3 = 11).
    const fits = '{ orders(first: 30) { nodes { id totalPriceSet { shopMoney { amount } } } } }'; // 92
    const first = await post(sim, fits);
    expect(first.body.extensions?.cost).toEqual({ requestedQueryCost: 92, actualQueryCost: 11, throttleStatus: { maximumAvailable: 100, currentlyAvailable: 89, restoreRate: 10 } });
    const second = await post(sim, fits);
    expect(second.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'THROTTLED' }) })]);
    expect(second.body.data).toBeUndefined();
    now += 1000; // 10 points restored: 99 ≥ 92
    const third = await post(sim, fits);
    expect(third.body.data?.orders.nodes).toHaveLength(3);
  });

  it('can answer a throttle with 429 instead, as a setting ([U] §2)', async () => {
    const sim = await start({ maximumAvailable: 10, restoreRate: 1, throttledStatus: 429 });
    const answer = await post(sim, '{ orders(first: 20) { nodes { id } } }');
    expect(answer.status).toBe(429);
    expect(answer.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'THROTTLED' }) })]);
  });

  it('requires first or last on connections and caps pages at 250 (§2)', async () => {
    const sim = await start();
    const missing = await post(sim, '{ orders { nodes { id } } }');
    expect(missing.body.data).toBeNull();
    expect((missing.body.errors as Array<{ message: string }>)[0]?.message).toBe('you must provide one of first or last');
    const tooMany = await post(sim, '{ orders(first: 251) { nodes { id } } }');
    expect((tooMany.body.errors as Array<{ message: string }>)[0]?.message).toMatch(/page size from 0 to 250/);
  });

  it('refuses a missing or wrong access token with 401 (§2 auth)', async () => {
    const sim = await start();
    const answer = await post(sim, '{ shop { name } }', {}, 'not-a-token');
    expect(answer.status).toBe(401);
    expect(answer.body.errors).toBe('[API] Invalid API key or access token (unrecognized login or wrong password)');
  });

  it('filters by updated_at and pages with keyset cursors sorted by UPDATED_AT (§3)', async () => {
    const sim = await start({ orders: 25 });
    const all = [...sim.state.orders.values()];
    const from = all[5]!.updatedAt;
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const answer = await post(
        sim,
        'query($after: String, $q: String!) { orders(first: 7, after: $after, sortKey: UPDATED_AT, query: $q) { pageInfo { hasNextPage endCursor } edges { cursor node { id updatedAt } } } }',
        { after, q: `updated_at:>='${new Date(from).toISOString()}'` },
      );
      const orders = answer.body.data!.orders;
      seen.push(...orders.edges.map((edge: { node: { id: string } }) => edge.node.id));
      after = orders.pageInfo.hasNextPage ? orders.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(all.slice(5).map((order) => `gid://shopify/Order/${order.id}`));
    const cursor = JSON.parse(Buffer.from(String((await post(sim, '{ orders(first: 1) { edges { cursor } } }')).body.data!.orders.edges[0].cursor), 'base64').toString());
    expect(Object.keys(cursor).sort()).toEqual(['last_id', 'last_value']);
  });

  it('reports an unusable search term as a warning and ignores it, as Shopify does', async () => {
    const sim = await start({ orders: 3 });
    const answer = await post(sim, '{ orders(first: 5, query: "colour:red") { nodes { id } } }');
    expect(answer.body.data!.orders.nodes).toHaveLength(3);
    expect(answer.body.extensions).toMatchObject({ search: [{ path: ['orders'], warnings: [{ field: 'colour', code: 'invalid_field' }] }] });
  });

  it('answers userErrors on a mutation and charges it 10 points (§2)', async () => {
    const sim = await start({ orders: 1 });
    const mutation = 'mutation($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { userErrors { field message } } }';
    const unknown = await post(sim, mutation, { id: 'gid://shopify/Order/1', tags: ['synced'] });
    expect(unknown.body.data!.tagsAdd.userErrors).toEqual([{ field: ['id'], message: 'Order does not exist' }]);
    expect(unknown.body.extensions?.cost.requestedQueryCost).toBe(10);
    const order = [...sim.state.orders.values()][0]!;
    const ok = await post(sim, mutation, { id: `gid://shopify/Order/${order.id}`, tags: ['synced'] });
    expect(ok.body.data!.tagsAdd.userErrors).toEqual([]);
    expect(order.tags).toEqual(['synced']);
    expect(sim.simulator.writeLog.filter((entry) => entry.path.endsWith('graphql.json'))).toHaveLength(2);
  });

  it('seeds every financial and fulfilment status, returning customers, guests, discounts and shipping', async () => {
    const sim = await start({ orders: 80 });
    const orders = [...sim.state.orders.values()];
    expect(new Set(orders.map((order) => order.financialStatus))).toEqual(new Set(FINANCIAL_STATUSES));
    expect(new Set(orders.map((order) => order.fulfillmentStatus))).toEqual(new Set(FULFILLMENT_STATUSES));
    const customerIds = orders.flatMap((order) => (order.customer ? [order.customer.id] : []));
    expect(new Set(customerIds).size).toBeLessThan(customerIds.length);
    expect(orders.some((order) => order.customer === null)).toBe(true);
    expect(orders.some((order) => order.discountCodes.length > 0)).toBe(true);
    expect(orders.some((order) => order.lines.some((line) => line.sku === 'GIFT/BOX 01' || line.sku === 'MUG#BLK'))).toBe(true);
  });

  it('grants expiring tokens by the client-credentials grant and refuses a wrong secret (§1)', async () => {
    let now = Date.parse('2026-03-01T10:00:00Z');
    const sim = await start({ tokenLifetimeSeconds: 3600, now: () => now });
    const grant = (secret: string) =>
      fetch(`${sim.simulator.url}/admin/oauth/access_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: sim.state.clientId, client_secret: secret }).toString(),
      });
    const refused = await grant('wrong');
    expect(refused.status).toBe(400);
    const answer = (await (await grant(sim.state.clientSecret)).json()) as { access_token: string; expires_in: number; scope: string };
    expect(answer.expires_in).toBe(3600);
    expect((await post(sim, '{ shop { name } }', {}, answer.access_token)).status).toBe(200);
    now += 3600 * 1000;
    expect((await post(sim, '{ shop { name } }', {}, answer.access_token)).status).toBe(401);
  });
});
