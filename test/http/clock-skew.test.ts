import { afterEach, describe, expect, it } from 'vitest';
import { bearerAuth } from '../../src/connectors/http/auth.js';
import { createHttpClient } from '../../src/connectors/http/client.js';
import { startSimulator } from '../../src/sandbox/harness/server.js';
import type { RunningSimulator } from '../../src/sandbox/harness/types.js';
import { ordersSimulator, TEST_TOKEN } from '../harness/orders-simulator.js';

/**
 * The http layer reads how far a server's clock runs from ours off each answer's Date header; the
 * simulator dates its answers by its own clock (here 14 minutes behind), as a real server does.
 */
const FOURTEEN_MINUTES = 14 * 60_000;
const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((simulator) => simulator.close()));
});

async function clientOfServerBehind(ms: number) {
  const { definition } = ordersSimulator();
  const simulator = await startSimulator({ ...definition, clock: () => Date.now() - ms });
  running.push(simulator);
  return createHttpClient({ system: 'woocommerce', baseURL: simulator.url, auth: bearerAuth(TEST_TOKEN) });
}

describe('clockSkewMs', () => {
  it('reads a server 14 minutes behind from its Date header, erring by at most a second and the latency towards behind', async () => {
    const client = await clientOfServerBehind(FOURTEEN_MINUTES);
    expect(client.clockSkewMs()).toBeUndefined();
    await client.request({ method: 'GET', path: '/items/1' });
    const skew = client.clockSkewMs()!;
    expect(skew).toBeLessThanOrEqual(-FOURTEEN_MINUTES);
    expect(skew).toBeGreaterThan(-FOURTEEN_MINUTES - 1_500);
  });

  it('keeps its reading when an answer comes from a cache (Age), whose Date is when the origin made it', async () => {
    const client = await clientOfServerBehind(FOURTEEN_MINUTES);
    await client.request({ method: 'GET', path: '/items/1' });
    const reading = client.clockSkewMs();
    const cachedAnHourAgo = { 'h-date': new Date(Date.now() - 3_600_000).toUTCString(), 'h-age': '3600' };
    await client.request({ method: 'GET', path: '/answer/200', query: cachedAnHourAgo });
    expect(client.clockSkewMs()).toBe(reading);
  });
});
