import { afterEach, describe, expect, it } from 'vitest';
import { bearerAuth, headerAuth } from '../../src/connectors/http/auth.js';
import { createHttpClient } from '../../src/connectors/http/client.js';
import {
  parseEconomicRateHeaders,
  parseRackbeatRateHeaders,
  parseShopifyRestRateHeaders,
} from '../../src/connectors/http/rate-headers.js';
import { CostBucketLimiter, TokenBucketLimiter } from '../../src/connectors/http/rate-limit.js';
import { startSimulator } from '../../src/sandbox/harness/server.js';
import { SimTokenBucket } from '../../src/sandbox/harness/token-bucket.js';
import type { RunningSimulator, SimulatorDefinition } from '../../src/sandbox/harness/types.js';
import { bucketLimit, fakeClock, ordersSimulator, TEST_TOKEN } from '../harness/orders-simulator.js';

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((simulator) => simulator.close()));
});

/** A Rackbeat-style client and server sharing one fake clock. */
async function limitedClient(bucket: SimTokenBucket, clock: ReturnType<typeof fakeClock>, options: { concurrency: number; resync: boolean }) {
  const limit = bucketLimit(bucket);
  const simulator = await startSimulator(ordersSimulator(limit).definition);
  running.push(simulator);
  const client = createHttpClient({
    system: 'rackbeat',
    baseURL: simulator.url,
    auth: bearerAuth(TEST_TOKEN),
    concurrency: options.concurrency,
    rateLimiter: new TokenBucketLimiter({
      capacity: 10,
      refillPerSecond: 5,
      ...(options.resync ? { parseHeaders: parseRackbeatRateHeaders } : {}),
      now: clock.now,
      sleep: clock.sleep,
    }),
    sleep: clock.sleep,
  });
  return { client, limit };
}

describe('TokenBucketLimiter', () => {
  it('keeps a concurrent client inside the server bucket: no 429, and time passes as the refill rate says', async () => {
    const clock = fakeClock();
    const bucket = new SimTokenBucket({ capacity: 10, refillPerSecond: 5, now: clock.now });
    const { client, limit } = await limitedClient(bucket, clock, { concurrency: 4, resync: false });

    await Promise.all(Array.from({ length: 40 }, (_, index) => client.request({ method: 'GET', path: `/items/${index}` })));

    expect(limit.refused).toBe(0);
    expect(client.callCount()).toBe(40);
    // 10 from the full bucket, the other 30 at 5 per second.
    expect(clock.now()).toBeGreaterThanOrEqual(6_000);
    expect(clock.now()).toBeLessThan(6_500);
  });

  it('resyncs from the platform headers when another client drained the shared bucket', async () => {
    const clock = fakeClock();
    const bucket = new SimTokenBucket({ capacity: 10, refillPerSecond: 5, now: clock.now });
    for (let index = 0; index < 8; index += 1) bucket.take();
    const { client, limit } = await limitedClient(bucket, clock, { concurrency: 1, resync: true });

    for (let index = 0; index < 10; index += 1) await client.request({ method: 'GET', path: `/items/${index}` });

    expect(limit.refused).toBe(0);
    expect(client.callCount()).toBe(10);
  });

  it('treats a 429 as an empty bucket', async () => {
    const clock = fakeClock();
    const limiter = new TokenBucketLimiter({ capacity: 5, refillPerSecond: 10, now: clock.now, sleep: clock.sleep });
    limiter.observe({ status: 429, headers: {} });
    await limiter.acquire();
    expect(clock.slept).toEqual([100]);
  });
});

describe('rate headers', () => {
  it("reads e-conomic's token bucket header", () => {
    expect(parseEconomicRateHeaders({ 'x-ratelimiting': 'token-limit-10000-per-60-seconds: 147/10000' })).toEqual({
      limit: 10_000,
      windowSeconds: 60,
      remaining: 9_853,
    });
    expect(parseEconomicRateHeaders({})).toBeUndefined();
  });

  it("reads Rackbeat's and Shopify REST's headers", () => {
    expect(parseRackbeatRateHeaders({ 'x-ratelimit-limit': '480', 'x-ratelimit-remaining': '12' })).toEqual({ limit: 480, remaining: 12 });
    expect(parseRackbeatRateHeaders({ 'x-ratelimit-remaining': 'soon' })).toBeUndefined();
    expect(parseShopifyRestRateHeaders({ 'x-shopify-shop-api-call-limit': '32/40' })).toEqual({ limit: 40, remaining: 8 });
  });

  it('adopts the window e-conomic reports', async () => {
    const clock = fakeClock();
    const limiter = new TokenBucketLimiter({ capacity: 100, refillPerSecond: 100, parseHeaders: parseEconomicRateHeaders, now: clock.now, sleep: clock.sleep });
    // 60 tokens per 60 s, all used: the next token comes after one second.
    limiter.observe({ status: 200, headers: { 'x-ratelimiting': 'token-limit-60-per-60-seconds: 60/60' } });
    await limiter.acquire();
    expect(clock.slept).toEqual([1_000]);
  });
});

/** A Shopify GraphQL endpoint with a calculated-cost bucket (webshops.md §2). */
function graphqlSimulator(bucket: SimTokenBucket): { definition: SimulatorDefinition; throttled: () => number } {
  let throttled = 0;
  const throttleStatus = () => ({ maximumAvailable: bucket.capacity, currentlyAvailable: bucket.remaining(), restoreRate: bucket.refillPerSecond });
  const definition: SimulatorDefinition = {
    system: 'shopify',
    routes: [
      {
        method: 'POST',
        pattern: '/admin/api/2026-01/graphql.json',
        handler: (request) => {
          const { requested, actual } = (request.body as { variables: { requested: number; actual: number } }).variables;
          if (!bucket.take(requested)) {
            throttled += 1;
            return {
              status: 200,
              body: { errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }], extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: throttleStatus() } } },
            };
          }
          bucket.refund(requested - actual);
          return {
            status: 200,
            body: { data: { shop: { name: 'x' } }, extensions: { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: throttleStatus() } } },
          };
        },
      },
    ],
  };
  return { definition, throttled: () => throttled };
}

describe('CostBucketLimiter', () => {
  it('keeps a GraphQL client under the restore rate without being throttled', async () => {
    const clock = fakeClock();
    const bucket = new SimTokenBucket({ capacity: 100, refillPerSecond: 50, now: clock.now });
    const graphql = graphqlSimulator(bucket);
    const simulator = await startSimulator(graphql.definition);
    running.push(simulator);
    const client = createHttpClient({
      system: 'shopify',
      baseURL: `${simulator.url}/admin/api/2026-01`,
      auth: headerAuth({ 'X-Shopify-Access-Token': 'shpat_0123456789abcdef' }),
      concurrency: 1,
      // No hint about the bucket: the limiter learns it from the first throttleStatus.
      rateLimiter: new CostBucketLimiter({ maximumAvailable: 100, restoreRate: 50, now: clock.now, sleep: clock.sleep }),
      sleep: clock.sleep,
    });

    const queries = 20;
    for (let index = 0; index < queries; index += 1) {
      await client.request({ method: 'POST', path: '/graphql.json', idempotent: true, cost: 40, body: { query: '{ shop { name } }', variables: { requested: 40, actual: 30 } } });
    }

    expect(graphql.throttled()).toBe(0);
    // 30 points spent per query; the first 100 came from the full bucket, the rest at 50 per second.
    const spent = queries * 30;
    expect(clock.now()).toBeGreaterThanOrEqual(((spent - 100) / 50) * 1000);
    expect((spent - 100) / (clock.now() / 1000)).toBeLessThanOrEqual(50);
  });

  it('waits out a THROTTLED answer and sends the query again', async () => {
    const clock = fakeClock();
    const bucket = new SimTokenBucket({ capacity: 100, refillPerSecond: 50, now: clock.now });
    bucket.take(100);
    const graphql = graphqlSimulator(bucket);
    const simulator = await startSimulator(graphql.definition);
    running.push(simulator);
    const client = createHttpClient({
      system: 'shopify',
      baseURL: simulator.url,
      auth: headerAuth({ 'X-Shopify-Access-Token': 'shpat_0123456789abcdef' }),
      // Believes the bucket is full until the first answer says otherwise.
      rateLimiter: new CostBucketLimiter({ now: clock.now, sleep: clock.sleep }),
      isThrottled: (response) => JSON.stringify(response.data).includes('"THROTTLED"'),
      random: () => 0,
      sleep: clock.sleep,
    });

    const response = await client.request({ method: 'POST', path: '/admin/api/2026-01/graphql.json', idempotent: true, cost: 40, body: { variables: { requested: 40, actual: 40 } } });

    expect(response.status).toBe(200);
    expect(graphql.throttled()).toBe(1);
    expect(client.callCount()).toBe(2);
    expect(clock.now()).toBeGreaterThanOrEqual(800);
  });
});

describe('the waiting bucket under a millisecond clock', () => {
  it('never spins in place when fractional refills leave a hair less than the cost', async () => {
    // A wall clock in epoch milliseconds cannot move by a fraction of a nanosecond: a wait computed
    // as 1e-10 ms would leave it where it is, and the bucket would loop for ever.
    let now = Date.parse('2026-02-01T12:00:00Z');
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
      if (waits.length > 1_000) throw new Error('the bucket is spinning');
      now += ms;
    };
    const limiter = new CostBucketLimiter({ maximumAvailable: 10, restoreRate: 3, now: () => now, sleep });
    limiter.observe({ data: { extensions: { cost: { throttleStatus: { maximumAvailable: 10, currentlyAvailable: 0, restoreRate: 3 } } } } });
    for (let n = 0; n < 30; n += 1) await limiter.acquire(1);
    const waited = waits.reduce((sum, ms) => sum + ms, 0);
    expect(waited).toBeGreaterThanOrEqual(9_990); // 30 points at 3 a second
    expect(waited).toBeLessThan(10_100);
    expect(waits.every((ms) => ms >= 1)).toBe(true);
  });
});
