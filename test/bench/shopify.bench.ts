/**
 * Shopify GraphQL throughput: how much of the cost bucket's restore rate the client turns into
 * work. It pages through 5,000 orders for a fixed time against the simulator and reports the
 * cost points consumed per second (beyond the bucket it started with) as a share of the restore
 * rate (target ≥ 90 %), and the calls that failed or were throttled (target 0).
 */
import { createShopifyClient } from '../../src/connectors/shopify/client.js';
import type { CallRecord } from '../../src/connectors/http/types.js';
import { startShopifySimulator } from '../../src/sandbox/shopify/simulator.js';

const MAXIMUM_AVAILABLE = 1000;
const RESTORE_RATE = 500;
const RUN_SECONDS = 15;

function report(name: string, value: number, unit: string, target: string, pass: boolean): void {
  process.stdout.write(`${name}: ${value.toFixed(unit === '%' ? 1 : 0)} ${unit} (target ${target}, ${pass ? 'PASS' : 'MISS'})\n`);
}

const { simulator, state } = await startShopifySimulator({ orders: 5000, maximumAvailable: MAXIMUM_AVAILABLE, restoreRate: RESTORE_RATE });
const calls: CallRecord[] = [];
const client = createShopifyClient({ url: simulator.url, accessToken: state.accessToken, onCall: (call) => calls.push(call) });

const started = performance.now();
let orders = 0;
for await (const page of client.changedOrders(new Date(0))) {
  orders += page.length;
  if (performance.now() - started >= RUN_SECONDS * 1000) break;
}
const seconds = (performance.now() - started) / 1000;
await simulator.close();

// The first bucketful is free; what is consumed beyond it can only come from restored points.
const restoredUse = (state.pointsCharged - MAXIMUM_AVAILABLE) / (RESTORE_RATE * seconds);
const failed = calls.filter((call) => call.status !== 200 || call.attempt > 1).length;
process.stdout.write(
  `shopify: ${orders} orders in ${seconds.toFixed(1)} s, ${calls.length} calls, ${state.pointsCharged} points charged ` +
    `(${(state.pointsCharged / seconds).toFixed(0)} points/s; bucket ${MAXIMUM_AVAILABLE}, restore ${RESTORE_RATE}/s)\n`,
);
report('shopify share of restore rate used', restoredUse * 100, '%', '≥ 90 %', restoredUse >= 0.9);
report('shopify failed or throttled calls', failed, 'calls', '0', failed === 0);
