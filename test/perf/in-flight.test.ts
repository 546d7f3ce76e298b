import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { bearerAuth } from '../../src/connectors/http/auth.js';
import { createHttpClient } from '../../src/connectors/http/client.js';
import { InFlightTarget } from '../../src/connectors/http/in-flight.js';
import { parseRackbeatRateHeaders } from '../../src/connectors/http/rate-headers.js';
import { TokenBucketLimiter } from '../../src/connectors/http/rate-limit.js';
import { fakeClock } from '../harness/orders-simulator.js';

/**
 * Issue 15, "The bound, not the cap": a client keeps about its rate × latency in flight (not a
 * fixed 4), the token bucket still keeping it within the limit; and the bucket starts as full as
 * the platform says, so a run waits on nothing at its start.
 */
const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A server answering after `latencyMs`, with Rackbeat's rate headers, that counts how many requests it holds at once. */
async function slowServer(latencyMs: number, perMinute: number): Promise<{ url: string; peak: () => number }> {
  let open = 0;
  let peak = 0;
  const server = http.createServer((_request, response) => {
    open += 1;
    peak = Math.max(peak, open);
    setTimeout(() => {
      open -= 1;
      response.writeHead(200, { 'content-type': 'application/json', 'x-ratelimit-limit': String(perMinute), 'x-ratelimit-remaining': String(perMinute - 1) });
      response.end('{}');
    }, latencyMs);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, peak: () => peak };
}

describe('requests in flight', () => {
  it('follows rate × latency, twice over, within bounds', () => {
    let rate: number | undefined;
    const target = new InFlightTarget(() => rate);
    expect(target.target()).toBe(InFlightTarget.BEFORE_ANY_ANSWER);
    target.observe(50);
    rate = 80; // 4,800 a minute at 50 ms: 4 answers under way in a round trip, 8 with the headroom.
    expect(target.target()).toBe(8);
    rate = 8; // 480 a minute
    expect(target.target()).toBe(InFlightTarget.FEWEST);
    rate = 10_000;
    expect(target.target()).toBe(InFlightTarget.MOST);
  });

  it('keeps more than 4 requests in flight when the limit and latency call for it, and no more than they do', async () => {
    const server = await slowServer(50, 60_000);
    const client = createHttpClient({
      system: 'rackbeat',
      baseURL: server.url,
      auth: bearerAuth('tok'),
      // 1,000 a second adopted from the headers: 50 in flight by rate × latency, at most 64.
      rateLimiter: new TokenBucketLimiter({ capacity: 1_000, refillPerSecond: 1_000, parseHeaders: (headers) => ({ ...parseRackbeatRateHeaders(headers), windowSeconds: 60 }) }),
    });
    await client.request({ method: 'GET', path: '/first' });
    await Promise.all(Array.from({ length: 120 }, (_, index) => client.request({ method: 'GET', path: `/items/${index}` })));
    expect(server.peak()).toBeGreaterThan(4);
    expect(server.peak()).toBeLessThanOrEqual(InFlightTarget.MOST);
  });
});

describe('the token bucket at the start of a run', () => {
  const rackbeatHeaders = (remaining: number) => ({ 'x-ratelimit-limit': '480', 'x-ratelimit-remaining': String(remaining) });
  const limiter = (clock: ReturnType<typeof fakeClock>) =>
    new TokenBucketLimiter({
      capacity: 8,
      refillPerSecond: 7.5,
      parseHeaders: (headers) => ({ ...parseRackbeatRateHeaders(headers), windowSeconds: 60 }),
      now: clock.now,
      sleep: clock.sleep,
    });

  it('starts as full as the platform first says (400 left: 400 without a wait), and only lowers after that', async () => {
    const clock = fakeClock();
    const bucket = limiter(clock);
    await bucket.acquire();
    bucket.observe({ status: 200, headers: rackbeatHeaders(400) });
    for (let index = 0; index < 300; index += 1) await bucket.acquire();
    expect(clock.slept).toEqual([]);
    // A higher count later is not trusted (requests sent since are not in it); a lower one is.
    bucket.observe({ status: 200, headers: rackbeatHeaders(479) });
    bucket.observe({ status: 200, headers: rackbeatHeaders(2) });
    for (let index = 0; index < 2; index += 1) await bucket.acquire();
    expect(clock.slept).toEqual([]);
    await bucket.acquire();
    expect(clock.slept).toEqual([125]); // 480 a minute: one every 125 ms once the burst is spent.
  });
});
