import type { SimTokenBucket } from '../../src/sandbox/harness/token-bucket.js';
import type { SimRateLimit, SimulatorDefinition } from '../../src/sandbox/harness/types.js';

/**
 * A small simulator for the harness and http-layer tests: items to read, orders to create (each
 * create really applies, so a write log entry means an order exists), and an endpoint that answers
 * with a chosen status and body. Bearer auth with a fixed token.
 */
export const TEST_TOKEN = 'tok-3f9a1c77e2b04d5e';

export interface OrdersSimulator {
  definition: SimulatorDefinition;
  orders: unknown[];
}

export function ordersSimulator(rateLimit?: SimRateLimit): OrdersSimulator {
  const orders: unknown[] = [];
  const definition: SimulatorDefinition = {
    system: 'rackbeat',
    ...(rateLimit ? { rateLimit } : {}),
    authenticate: (request) =>
      request.headers.authorization === `Bearer ${TEST_TOKEN}`
        ? undefined
        : { status: 401, body: { message: 'Unauthenticated.' } },
    routes: [
      { method: 'GET', pattern: '/items/:number', handler: (request) => ({ status: 200, body: { number: request.params.number } }) },
      { method: 'GET', pattern: '/files/*', handler: (request) => ({ status: 200, body: { file: request.params['*'] } }) },
      {
        method: 'POST',
        pattern: '/orders',
        handler: (request) => {
          orders.push(request.body);
          return { status: 201, body: { number: orders.length } };
        },
      },
      {
        method: 'GET',
        pattern: '/answer/:status',
        handler: (request) => ({
          status: Number(request.params.status),
          body: request.query.get('text') ?? JSON.parse(request.query.get('json') ?? '{}'),
          // `h-<name>=<value>` query parameters become response headers.
          headers: Object.fromEntries(
            [...request.query.entries()].filter(([name]) => name.startsWith('h-')).map(([name, value]) => [name.slice(2), value]),
          ),
        }),
      },
    ],
  };
  return { definition, orders };
}

/** A clock that only moves when someone sleeps on it: rate tests run instantly and exactly. */
export function fakeClock(): { now: () => number; sleep: (ms: number) => Promise<void>; slept: number[] } {
  let time = 0;
  const slept: number[] = [];
  return {
    now: () => time,
    sleep: async (ms) => {
      slept.push(ms);
      time += ms;
    },
    slept,
  };
}

/** A Laravel-style limit (Rackbeat's headers, rackbeat.md §6) over a bucket, counting what it refused. */
export function bucketLimit(bucket: SimTokenBucket): SimRateLimit & { refused: number } {
  const model = {
    refused: 0,
    take: () => {
      const allowed = bucket.take();
      if (!allowed) model.refused += 1;
      const headers = { 'x-ratelimit-limit': String(bucket.capacity), 'x-ratelimit-remaining': String(bucket.remaining()) };
      const retryAfter = String(Math.max(1, Math.ceil(bucket.secondsUntil())));
      return { allowed, headers, refusal: { status: 429, headers: { 'retry-after': retryAfter }, body: { message: 'Too Many Attempts.' } } };
    },
  };
  return model;
}
