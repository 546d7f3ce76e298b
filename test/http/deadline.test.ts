import { afterEach, describe, expect, it } from 'vitest';
import { bearerAuth } from '../../src/connectors/http/auth.js';
import { createHttpClient } from '../../src/connectors/http/client.js';
import { SyncHttpError } from '../../src/connectors/http/errors.js';
import type { HttpClientOptions } from '../../src/connectors/http/types.js';
import { startSimulator } from '../../src/sandbox/harness/server.js';
import type { RunningSimulator } from '../../src/sandbox/harness/types.js';
import { ordersSimulator, TEST_TOKEN } from '../harness/orders-simulator.js';

/**
 * Design, "HTTP layer": an overall deadline per request, not only an idle timeout. The simulator's
 * `trickle` fault answers at once and then sends one byte every 100 ms for ever, so the idle
 * timeout (30 s by default, 1 s here) never fires.
 */
const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((simulator) => simulator.close()));
});

async function trickling(match: string) {
  const { definition, orders } = ordersSimulator();
  const simulator = await startSimulator(definition);
  running.push(simulator);
  simulator.addFault({ kind: 'trickle', match, ms: 100 });
  const client = createHttpClient({
    system: 'rackbeat',
    baseURL: simulator.url,
    auth: bearerAuth(TEST_TOKEN),
    timeoutMs: 1_000,
    deadlineMs: 400,
    retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 1 },
  } satisfies HttpClientOptions);
  return { simulator, orders, client };
}

/** The request's error, or a failure of the test when it is still waiting after 3 s (it would wait for ever). */
async function failure(promise: Promise<unknown>): Promise<SyncHttpError> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<Error>((resolve) => {
    timer = setTimeout(() => resolve(new Error('still waiting for the answer after 3 s')), 3_000);
  });
  const error = await Promise.race([promise.then(() => undefined, (caught: unknown) => caught), hung]).finally(() => clearTimeout(timer));
  expect(error).toBeInstanceOf(SyncHttpError);
  return error as SyncHttpError;
}

describe('the overall deadline of a request', () => {
  it('ends a trickled GET after the deadline of each attempt, as a retryable failure that stops the run', async () => {
    const { client } = await trickling('GET /items/:number');
    const started = performance.now();
    const error = await failure(client.request({ method: 'GET', path: '/items/1' }));
    const elapsed = performance.now() - started;

    expect(error).toMatchObject({ kind: 'server', retryable: true });
    expect(error.systemic).toBe(true);
    expect(error.message).toContain('no complete answer within the 400 ms deadline');
    // Two attempts of 400 ms each, not the idle timeout and not for ever.
    expect(client.callCount('GET')).toBe(2);
    expect(elapsed).toBeGreaterThanOrEqual(780);
    expect(elapsed).toBeLessThan(2_000);
  });

  it('ends a trickled POST as outcome-unknown after one attempt, though the server applied it', async () => {
    const { client, orders, simulator } = await trickling('POST /orders');
    const error = await failure(client.request({ method: 'POST', path: '/orders', body: { ref: 'A-1' } }));

    expect(error.kind).toBe('outcome-unknown');
    expect(error.outcomeUnknown).toBe(true);
    expect(error.message).toContain('deadline');
    expect(client.callCount('POST')).toBe(1);
    // The engine must look it up: the order exists.
    expect(orders).toEqual([{ ref: 'A-1' }]);
    expect(simulator.writeLog.map((entry) => entry.status)).toEqual([201]);
  });
});
