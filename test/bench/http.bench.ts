/**
 * The HTTP layer near a binding rate limit: 2,000 GETs at 50 ms simulated latency against a
 * harness server with a token-bucket limit (Rackbeat-style headers), through a client whose
 * limiter has the same model. Reports the share of the limit achieved and the share of 429s.
 */
import { bearerAuth } from '../../src/connectors/http/auth.js';
import { createHttpClient } from '../../src/connectors/http/client.js';
import { parseRackbeatRateHeaders } from '../../src/connectors/http/rate-headers.js';
import { TokenBucketLimiter } from '../../src/connectors/http/rate-limit.js';
import { startSimulator } from '../../src/sandbox/harness/server.js';
import { SimTokenBucket } from '../../src/sandbox/harness/token-bucket.js';
import { bucketLimit, ordersSimulator, TEST_TOKEN } from '../harness/orders-simulator.js';
import { finish, note, report } from './report.js';

const CALLS = 2_000;
const LATENCY_MS = 50;
const LIMIT_PER_MINUTE = 6_000;
const BURST = 20;
const CONCURRENCY = 10;

const refillPerSecond = LIMIT_PER_MINUTE / 60;
const bucket = new SimTokenBucket({ capacity: BURST, refillPerSecond });
const limit = bucketLimit(bucket);
const simulator = await startSimulator(ordersSimulator(limit).definition, { latencyMs: LATENCY_MS });
const client = createHttpClient({
  system: 'rackbeat',
  baseURL: simulator.url,
  auth: bearerAuth(TEST_TOKEN),
  concurrency: CONCURRENCY,
  rateLimiter: new TokenBucketLimiter({ capacity: BURST, refillPerSecond, parseHeaders: parseRackbeatRateHeaders }),
});

const started = performance.now();
const results = await Promise.allSettled(
  Array.from({ length: CALLS }, (_, index) => client.request({ method: 'GET', path: `/items/${index}` })),
);
const seconds = (performance.now() - started) / 1000;
await simulator.close();

const failed = results.filter((result) => result.status === 'rejected').length;
// What the limit allowed over the run: the full bucket plus its refill.
const allowance = BURST + refillPerSecond * seconds;
const share = (CALLS / allowance) * 100;
const refusedShare = (limit.refused / client.callCount()) * 100;

note(`http calls: ${CALLS} in ${seconds.toFixed(1)} s at ${LATENCY_MS} ms latency, limit ${LIMIT_PER_MINUTE}/min (burst ${BURST}), concurrency ${CONCURRENCY}`);
note(`http achieved rate: ${(CALLS / seconds).toFixed(1)} calls/s`);
report('http share of limit', share, '%', '≥ 90 %', share >= 90, 1);
report('http calls answered 429', refusedShare, '%', '< 1 %', refusedShare < 1, 2);
report('http failed calls', failed, 'calls', '0', failed === 0);
finish();
