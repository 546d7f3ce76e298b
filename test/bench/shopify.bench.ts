/**
 * Shopify GraphQL throughput at the default restore rate (Shopify API docs, "API limits": 100
 * points a second on a standard plan; the simulator's bucket of 2,000 points): pages through
 * 150 of 5,000 orders and reports the points an order costs, orders a minute against the most the
 * cost bucket allows at that cost, and the calls that failed or were throttled. The bound: what the
 * bucket held at the start plus what it restores, less what a query can never spend (the bucket
 * must hold a query's requested cost before it runs, and charges its actual cost: Shopify API docs).
 */
import { createShopifyClient } from '../../src/connectors/shopify/client.js';
import { connectionCost, ORDER_NODE_COST, ORDERS_PER_PAGE } from '../../src/connectors/shopify/documents.js';
import type { CallRecord } from '../../src/connectors/http/types.js';
import { startShopifySimulator } from '../../src/sandbox/shopify/simulator.js';
import { finish, note, report } from './report.js';

const MAXIMUM_AVAILABLE = 2000;
const RESTORE_RATE = 100;
const ORDERS = 150;

const { simulator, state } = await startShopifySimulator({ orders: 5000, maximumAvailable: MAXIMUM_AVAILABLE, restoreRate: RESTORE_RATE });
const calls: CallRecord[] = [];
const client = createShopifyClient({ url: simulator.url, accessToken: state.accessToken, onCall: (call) => calls.push(call) });

const started = performance.now();
let orders = 0;
for await (const page of client.changedOrders(new Date(0))) {
  orders += page.length;
  if (orders >= ORDERS) break;
}
const seconds = (performance.now() - started) / 1000;
await simulator.close();

const pointsPerOrder = state.pointsCharged / orders;
const pages = Math.ceil(orders / ORDERS_PER_PAGE);
const requested = connectionCost(ORDERS_PER_PAGE, ORDER_NODE_COST);
const neverSpent = Math.max(0, requested - state.pointsCharged / Math.max(1, pages));
// The shortest time the bucket allows for these points: its first fill is free (all but what no
// query can spend), the rest restores.
const fastestSeconds = Math.max(0, state.pointsCharged - (MAXIMUM_AVAILABLE - neverSpent)) / RESTORE_RATE;
const bound = (orders / Math.max(fastestSeconds, Number.EPSILON)) * 60;
const perMinute = (orders / seconds) * 60;
const failed = calls.filter((call) => call.status !== 200 || call.attempt > 1).length;
note(
  `shopify: ${orders} orders in ${seconds.toFixed(1)} s, ${calls.length} calls, ${state.pointsCharged} points charged ` +
    `(bucket ${MAXIMUM_AVAILABLE}, restore ${RESTORE_RATE} points/s; a page asks for ${requested}, so ${neverSpent.toFixed(0)} can never be spent)`,
);
report('shopify points per order', pointsPerOrder, 'points', 'reported', true, 1);
report('shopify orders per minute', perMinute, 'orders/min', `≥ 90 % of the cost bucket's bound of ${bound.toFixed(0)}`, perMinute >= 0.9 * bound);
report('shopify share of the cost bucket used', (100 * fastestSeconds) / seconds, '%', '≥ 90 %', fastestSeconds >= 0.9 * seconds, 1);
report('shopify failed or throttled calls', failed, 'calls', '0', failed === 0);
finish();
