import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/sandbox/harness/server.js';
import type { RunningSimulator, SimulatorDefinition, SimulatorServerOptions } from '../../src/sandbox/harness/types.js';
import { ordersSimulator, TEST_TOKEN } from './orders-simulator.js';

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((simulator) => simulator.close()));
});

async function start(definition: SimulatorDefinition, options: SimulatorServerOptions = {}): Promise<RunningSimulator> {
  const simulator = await startSimulator(definition, options);
  running.push(simulator);
  return simulator;
}

const auth = { authorization: `Bearer ${TEST_TOKEN}` };

/** Plain fetch: these tests look at the harness itself, not through the http layer. */
async function call(simulator: RunningSimulator, method: string, path: string, body?: unknown, headers: Record<string, string> = auth) {
  const response = await fetch(`${simulator.url}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

describe('startSimulator', () => {
  it('serves on loopback and matches routes with percent-decoded :params and *', async () => {
    const simulator = await start(ordersSimulator().definition);
    expect(simulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await call(simulator, 'GET', '/items/GIFT%2FBOX%2001')).body).toEqual({ number: 'GIFT/BOX 01' });
    expect((await call(simulator, 'GET', '/files/a/b%20c.pdf')).body).toEqual({ file: 'a/b c.pdf' });
    expect(await call(simulator, 'GET', '/nothing/here')).toMatchObject({ status: 404, body: { message: 'Not found' } });
    expect((await call(simulator, 'DELETE', '/items/1')).status).toBe(404);
  });

  it('authenticates before the rate limit, and adds the rate headers to every answer', async () => {
    let taken = 0;
    const simulator = await start(
      ordersSimulator({
        take: () => {
          taken += 1;
          return { allowed: taken <= 1, headers: { 'x-ratelimit-remaining': String(Math.max(0, 1 - taken)) } };
        },
      }).definition,
    );
    expect((await call(simulator, 'GET', '/items/1', undefined, {})).status).toBe(401);
    expect(taken).toBe(0);
    const first = await call(simulator, 'GET', '/items/1');
    expect(first.status).toBe(200);
    expect(first.headers.get('x-ratelimit-remaining')).toBe('0');
    const second = await call(simulator, 'GET', '/items/1');
    expect(second.status).toBe(429);
    expect(second.headers.get('x-ratelimit-remaining')).toBe('0');
  });

  it('logs every mutating request with the status it got, in order, and no reads', async () => {
    const { definition, orders } = ordersSimulator();
    const simulator = await start(definition);
    await call(simulator, 'POST', '/orders?draft=1', { ref: 'a' });
    await call(simulator, 'GET', '/items/1');
    await call(simulator, 'POST', '/orders', { ref: 'b' }, {});
    expect(simulator.writeLog).toMatchObject([
      { method: 'POST', path: '/orders', query: 'draft=1', body: { ref: 'a' }, status: 201 },
      { method: 'POST', path: '/orders', query: '', body: { ref: 'b' }, status: 401 },
    ]);
    expect(Date.parse(simulator.writeLog[0]?.at ?? '')).not.toBeNaN();
    expect(orders).toEqual([{ ref: 'a' }]);
  });

  it('answers 429 with Retry-After and 5xx for the next N matching requests only, without handling them', async () => {
    const { definition, orders } = ordersSimulator();
    const simulator = await start(definition);
    simulator.addFault({ kind: 'rate-limit', match: 'POST /orders', times: 1, retryAfterSeconds: 2.5 });
    simulator.addFault({ kind: 'server-error', match: '/orders', times: 1, status: 503 });
    const limited = await call(simulator, 'POST', '/orders', {});
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2.5');
    expect((await call(simulator, 'POST', '/orders', {})).status).toBe(503);
    expect((await call(simulator, 'GET', '/items/1')).status).toBe(200);
    expect((await call(simulator, 'POST', '/orders', {})).status).toBe(201);
    expect(orders).toHaveLength(1);
  });

  it('resets before handling, and commit-then-drop applies the write and then cuts the connection', async () => {
    const { definition, orders } = ordersSimulator();
    const simulator = await start(definition);
    simulator.addFault({ kind: 'reset', match: 'POST /orders', times: 1 });
    await expect(call(simulator, 'POST', '/orders', { ref: 'reset' })).rejects.toThrow();
    expect(orders).toHaveLength(0);
    simulator.addFault({ kind: 'commit-then-drop', match: 'POST /orders', times: 1 });
    await expect(call(simulator, 'POST', '/orders', { ref: 'dropped' })).rejects.toThrow();
    expect(orders).toEqual([{ ref: 'dropped' }]);
    expect(simulator.writeLog.map((entry) => entry.status)).toEqual([0, 201]);
  });

  it('hits probabilistic faults in the same pattern for the same seed', async () => {
    const pattern = async (seed: number): Promise<number[]> => {
      const simulator = await start(ordersSimulator().definition, { seed });
      simulator.addFault({ kind: 'server-error', match: 'GET /items/:number', probability: 0.5 });
      const statuses: number[] = [];
      for (let index = 0; index < 12; index += 1) statuses.push((await call(simulator, 'GET', `/items/${index}`)).status);
      return statuses;
    };
    const first = await pattern(42);
    expect(await pattern(42)).toEqual(first);
    expect(first).toContain(500);
    expect(first).toContain(200);
  });

  it('clears faults and changes latency while running', async () => {
    const simulator = await start(ordersSimulator().definition);
    simulator.addFault({ kind: 'server-error', match: '*' });
    expect((await call(simulator, 'GET', '/items/1')).status).toBe(500);
    simulator.clearFaults();
    expect((await call(simulator, 'GET', '/items/1')).status).toBe(200);
    simulator.setLatency(60);
    const started = performance.now();
    await call(simulator, 'GET', '/items/1');
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('turns a handler bug into a 500 that names it', async () => {
    const simulator = await start({
      system: 'economic',
      routes: [{ method: 'GET', pattern: '/broken', handler: () => { throw new Error('no such line'); } }],
    });
    expect(await call(simulator, 'GET', '/broken')).toMatchObject({ status: 500, body: { message: 'Simulator error: Error: no such line' } });
  });

  it('closes promptly while a keep-alive connection is open', async () => {
    const simulator = await startSimulator(ordersSimulator().definition);
    const agent = new http.Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      http.get(`${simulator.url}/items/1`, { agent, headers: auth }, (response) => {
        response.resume();
        response.on('end', resolve);
      }).on('error', reject);
    });
    const started = performance.now();
    await simulator.close();
    expect(performance.now() - started).toBeLessThan(1_000);
    agent.destroy();
  });
});
