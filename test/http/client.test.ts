import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { bearerAuth } from '../../src/connectors/http/auth.js';
import { createHttpClient } from '../../src/connectors/http/client.js';
import { SyncHttpError } from '../../src/connectors/http/errors.js';
import type { CallRecord, HttpClientOptions } from '../../src/connectors/http/types.js';
import { startSimulator } from '../../src/sandbox/harness/server.js';
import type { RunningSimulator } from '../../src/sandbox/harness/types.js';
import { fakeClock, ordersSimulator, TEST_TOKEN } from '../harness/orders-simulator.js';

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((simulator) => simulator.close()));
});

async function start(): Promise<{ simulator: RunningSimulator; orders: unknown[] }> {
  const { definition, orders } = ordersSimulator();
  const simulator = await startSimulator(definition, { seed: 7 });
  running.push(simulator);
  return { simulator, orders };
}

/** A client whose backoff sleeps are recorded and skipped, and whose jitter takes the full ceiling. */
function clientFor(simulator: RunningSimulator, overrides: Partial<HttpClientOptions> = {}) {
  const clock = fakeClock();
  const calls: CallRecord[] = [];
  const client = createHttpClient({
    system: 'rackbeat',
    baseURL: simulator.url,
    auth: bearerAuth(TEST_TOKEN),
    retry: { maxRetries: 3, baseDelayMs: 10, maxDelayMs: 1_000 },
    random: () => 1,
    sleep: clock.sleep,
    onCall: (call) => calls.push(call),
    ...overrides,
  });
  return { client, calls, slept: clock.slept };
}

async function failure(promise: Promise<unknown>): Promise<SyncHttpError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SyncHttpError);
  return error as SyncHttpError;
}

describe('createHttpClient: 429 and Retry-After', () => {
  it('finishes a 429 storm with zero failed calls, waiting exactly as Retry-After says', async () => {
    const { simulator, orders } = await start();
    simulator.addFault({ kind: 'rate-limit', match: '*', times: 12, retryAfterSeconds: 0.25 });
    const { client, slept } = clientFor(simulator, { retry: { maxRetries: 8 }, concurrency: 4 });

    const reads = Array.from({ length: 10 }, (_, index) => client.request({ method: 'GET', path: `/items/${index}` }));
    const creates = Array.from({ length: 5 }, (_, index) => client.request({ method: 'POST', path: '/orders', body: { index } }));
    const results = await Promise.allSettled([...reads, ...creates]);

    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    expect(slept).toEqual(Array.from({ length: 12 }, () => 250));
    expect(client.callCount()).toBe(15 + 12);
    // A POST answered 429 was not processed, so sending it again created each order exactly once.
    expect(orders).toHaveLength(5);
    expect(simulator.writeLog.filter((entry) => entry.status === 201)).toHaveLength(5);
  });

  it('reads Retry-After as an HTTP date too', async () => {
    const { simulator } = await start();
    const { client, slept } = clientFor(simulator, { retry: { maxRetries: 1 } });
    const inTwoSeconds = new Date(Date.now() + 2_000).toUTCString();
    const error = await failure(client.request({ method: 'GET', path: '/answer/429', query: { 'h-retry-after': inTwoSeconds } }));
    expect(error.kind).toBe('rate-limited');
    // HTTP dates have whole seconds: the wait is what is left until that second.
    expect(slept).toHaveLength(1);
    expect(slept[0]).toBeGreaterThan(0);
    expect(slept[0]).toBeLessThanOrEqual(2_000);
  });

  it('gives up on a request still throttled after the retry limit, as rate-limited', async () => {
    const { simulator } = await start();
    simulator.addFault({ kind: 'rate-limit', match: 'GET /items/:number', retryAfterSeconds: 0.5 });
    const { client, calls } = clientFor(simulator);
    const error = await failure(client.request({ method: 'GET', path: '/items/1' }));
    expect(error.kind).toBe('rate-limited');
    expect(error.retryable).toBe(true);
    expect(calls.map((call) => call.attempt)).toEqual([1, 2, 3, 4]);
  });
});

describe('createHttpClient: retries', () => {
  it('retries a GET on 5xx with exponential backoff and stops at the configured limit', async () => {
    const { simulator } = await start();
    simulator.addFault({ kind: 'server-error', match: 'GET /items/:number', status: 502 });
    const { client, calls, slept } = clientFor(simulator);
    const error = await failure(client.request({ method: 'GET', path: '/items/1' }));
    expect(error.kind).toBe('server');
    expect(error.status).toBe(502);
    expect(error.systemic).toBe(true);
    expect(calls.map((call) => [call.attempt, call.status])).toEqual([
      [1, 502],
      [2, 502],
      [3, 502],
      [4, 502],
    ]);
    expect(slept).toEqual([10, 20, 40]);
  });

  it('caps the backoff at maxDelayMs and draws full jitter below it', async () => {
    const { simulator } = await start();
    simulator.addFault({ kind: 'server-error', match: 'GET /items/:number', times: 5 });
    const draws = [0.5, 0.5, 0.5, 0.5, 0.5];
    const { client, slept } = clientFor(simulator, {
      retry: { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 300 },
      random: () => draws.shift() ?? 0,
    });
    await client.request({ method: 'GET', path: '/items/1' });
    expect(slept).toEqual([50, 100, 150, 150, 150]);
  });

  it('retries a GET whose connection was reset and then succeeds', async () => {
    const { simulator } = await start();
    simulator.addFault({ kind: 'reset', match: 'GET /items/:number', times: 2 });
    const { client } = clientFor(simulator);
    const response = await client.request<{ number: string }>({ method: 'GET', path: '/items/A%2FB' });
    expect(response.data.number).toBe('A/B');
    expect(client.callCount('GET')).toBe(3);
  });
});

describe('createHttpClient: creates that may have happened', () => {
  it('ends a POST under commit-then-drop as outcome-unknown, sent exactly once', async () => {
    const { simulator, orders } = await start();
    simulator.addFault({ kind: 'commit-then-drop', match: 'POST /orders', times: 1 });
    const { client } = clientFor(simulator);
    const error = await failure(client.request({ method: 'POST', path: '/orders', body: { ref: 'shop-1042' } }));
    expect(error.kind).toBe('outcome-unknown');
    expect(error.outcomeUnknown).toBe(true);
    expect(error.retryable).toBe(false);
    expect(client.callCount('POST')).toBe(1);
    expect(simulator.writeLog).toMatchObject([{ method: 'POST', path: '/orders', body: { ref: 'shop-1042' }, status: 201 }]);
    expect(orders).toHaveLength(1);
  });

  it('never repeats a POST answered 5xx or reset', async () => {
    const { simulator, orders } = await start();
    const { client } = clientFor(simulator);
    simulator.addFault({ kind: 'server-error', match: 'POST /orders', times: 1, status: 503 });
    expect((await failure(client.request({ method: 'POST', path: '/orders', body: {} }))).kind).toBe('outcome-unknown');
    simulator.addFault({ kind: 'reset', match: 'POST /orders', times: 1 });
    expect((await failure(client.request({ method: 'POST', path: '/orders', body: {} }))).kind).toBe('outcome-unknown');
    expect(client.callCount('POST')).toBe(2);
    expect(simulator.writeLog.map((entry) => entry.status)).toEqual([503, 0]);
    expect(orders).toHaveLength(0);
  });

  it('never repeats a POST that timed out, even though the server applied it', async () => {
    const { simulator, orders } = await start();
    simulator.addFault({ kind: 'latency', match: 'POST /orders', ms: 300, times: 1 });
    const { client } = clientFor(simulator, { timeoutMs: 100 });
    const error = await failure(client.request({ method: 'POST', path: '/orders', body: { ref: 'x' } }));
    expect(error.kind).toBe('outcome-unknown');
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(orders).toHaveLength(1);
    expect(client.callCount()).toBe(1);
  });

  it('retries a POST marked idempotent (a GraphQL query) like a GET', async () => {
    const { simulator } = await start();
    simulator.addFault({ kind: 'server-error', match: 'POST /orders', times: 1 });
    const { client } = clientFor(simulator);
    const response = await client.request({ method: 'POST', path: '/orders', body: {}, idempotent: true });
    expect(response.status).toBe(201);
    expect(client.callCount('POST')).toBe(2);
  });
});

describe('createHttpClient: errors', () => {
  it('maps statuses to kinds and keeps the platform message and details', async () => {
    const { simulator } = await start();
    const { client } = clientFor(simulator);
    const ask = (status: number, json: unknown) =>
      failure(client.request({ method: 'GET', path: `/answer/${status}`, query: { json: JSON.stringify(json) } }));

    const invalid = await ask(422, { message: 'The given data was invalid.', errors: { customer_id: ['The selected Customer is invalid.'] } });
    expect(invalid).toMatchObject({ kind: 'validation', status: 422, platformMessage: 'The given data was invalid.' });
    expect(invalid.details).toEqual({ customer_id: ['The selected Customer is invalid.'] });
    expect((await ask(400, { code: 'rest_invalid_param', message: 'Invalid parameter(s): status' })).code).toBe('rest_invalid_param');
    expect((await ask(403, {})).kind).toBe('forbidden');
    expect((await ask(404, {})).kind).toBe('not-found');
    expect((await ask(405, {})).kind).toBe('protocol');
  });

  it('treats a 401 as auth and a wrong token never reaches a handler', async () => {
    const { simulator } = await start();
    const { client } = clientFor(simulator, { auth: bearerAuth('wrong-token-value') });
    const error = await failure(client.request({ method: 'POST', path: '/orders', body: {} }));
    expect(error).toMatchObject({ kind: 'auth', status: 401, retryable: false, platformMessage: 'Unauthenticated.' });
    expect(error.systemic).toBe(true);
  });

  it('calls a non-JSON answer where JSON was expected a protocol error, and accepts it when text was asked for', async () => {
    const { simulator } = await start();
    const { client } = clientFor(simulator);
    const captcha = { text: '<html>challenge</html>', 'h-content-type': 'text/html' };
    const error = await failure(client.request({ method: 'GET', path: '/answer/202', query: captcha }));
    expect(error.kind).toBe('protocol');
    const text = await client.request({ method: 'GET', path: '/answer/200', query: captcha, responseType: 'text' });
    expect(text.data).toBe('<html>challenge</html>');
  });

  it('reports a refused connection as unreachable, for any method', async () => {
    const { simulator } = await start();
    const url = simulator.url;
    await running.pop()?.close();
    const { client, slept } = clientFor(simulator, { baseURL: url, retry: { maxRetries: 1, baseDelayMs: 10 } });
    const error = await failure(client.request({ method: 'POST', path: '/orders', body: {} }));
    expect(error.kind).toBe('unreachable');
    expect(error.systemic).toBe(true);
    // Nothing was sent, so even a POST may be tried again.
    expect(slept).toHaveLength(1);
  });
});

describe('createHttpClient: secrets', () => {
  it('never shows the token in errors, paths, details or call records', async () => {
    const { simulator } = await start();
    const { client, calls } = clientFor(simulator);
    const leak = { message: `token ${TEST_TOKEN} is not allowed`, errors: { token: [TEST_TOKEN] } };
    const error = await failure(
      client.request({
        method: 'GET',
        path: '/answer/422',
        query: { json: JSON.stringify(leak), key: TEST_TOKEN },
      }),
    );
    const shown = [error.message, error.path, inspect(error, { depth: 10 }), JSON.stringify(error), JSON.stringify(calls)];
    for (const text of shown) expect(text).not.toContain(TEST_TOKEN);
    expect(error.platformMessage).toBe('token *** is not allowed');

    const refused = await failure(
      createHttpClient({ system: 'rackbeat', baseURL: 'http://127.0.0.1:1', auth: bearerAuth(TEST_TOKEN), retry: { maxRetries: 0 } }).request({
        method: 'GET',
        path: '/items/1',
      }),
    );
    expect(inspect(refused, { depth: 10 })).not.toContain(TEST_TOKEN);
  });
});
