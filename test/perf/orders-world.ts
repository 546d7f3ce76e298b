import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadConfig } from '../../src/config/load.js';
import type { ConfigWith } from '../../src/config/schema.js';
import type { CallRecord } from '../../src/connectors/http/types.js';
import { ordersFlow } from '../../src/flows/orders/index.js';
import { CATALOGUE_CUSTOMERS, type CatalogueCustomer } from '../../src/sandbox/catalogue.js';
import { startEconomicSimulator, type StartedEconomicSimulator } from '../../src/sandbox/economic/simulator.js';
import type { RackbeatRateLimitSettings } from '../../src/sandbox/rackbeat/rate-limit.js';
import { startRackbeatSimulator, type RackbeatSimulator, type RackbeatSimulatorOptions } from '../../src/sandbox/rackbeat/simulator.js';
import { placeOrder } from '../../src/sandbox/woocommerce/seed.js';
import { startWooCommerceSimulator, type WooCommerceSimulator } from '../../src/sandbox/woocommerce/simulator.js';
import { runSyncFlow, type FlowRun } from '../../src/services/run-flow.js';

/**
 * A WooCommerce shop (empty unless seeded), Rackbeat and e-conomic on loopback, and `orders` runs
 * through the generic run service with every API call they make counted: what the issue-15 tests
 * and the orders benchmark measure (calls per order, throughput, list calls of a run with nothing
 * new). Flow behaviour is tested elsewhere.
 */
export interface CountingWorld {
  woo: WooCommerceSimulator;
  rackbeat: RackbeatSimulator;
  economic: StartedEconomicSimulator;
  /** The config file, for running the built CLI on this world. */
  configPath: string;
  /** Places a paid order of this buyer (one T-shirt), stamped now or `at` by the shop's clock, and returns its number. */
  place(buyer: CatalogueCustomer, at?: number): string;
  /** Time passes: the shop's and Rackbeat's clocks move this far ahead of ours. */
  advanceClocks(ms: number): void;
  /** One `orders` run and the calls it made, each with when it was answered (`performance.now()`). */
  run(): Promise<{ result: FlowRun; calls: TimedCall[] }>;
  close(): Promise<void>;
}

/** An API call of a run and when its answer came. */
export type TimedCall = CallRecord & { answeredAt: number };

export interface CountingWorldOptions {
  rackbeat?: Omit<RackbeatSimulatorOptions, 'rateLimit' | 'latencyMs'>;
  /** Rackbeat's limit (default: far above any test's need). */
  rackbeatLimit?: RackbeatRateLimitSettings;
  /** Every simulator's latency (default none). */
  latencyMs?: number;
  /** Orders the shop starts with (mixed states, returning customers), this many seconds apart. */
  seededOrders?: number;
  seededOrderSpacingSeconds?: number;
}

export async function startCountingWorld(folder: string, options: CountingWorldOptions = {}): Promise<CountingWorld> {
  const latencyMs = options.latencyMs ?? 0;
  const rackbeat = await startRackbeatSimulator({ ...options.rackbeat, latencyMs, rateLimit: options.rackbeatLimit ?? { perMinute: 600_000 } });
  const economic = await startEconomicSimulator({ latencyMs });
  const woo = await startWooCommerceSimulator({
    orders: options.seededOrders ?? 0,
    orderSpacingSeconds: options.seededOrderSpacingSeconds ?? 600,
    seed: 7,
    latencyMs,
  });
  const file = join(folder, 'sync.config.yaml');
  // Two days back: 5,000 seeded orders 20 s apart span 28 hours.
  const startFrom = new Date(Date.now() - 2 * 86_400_000).toISOString();
  writeFileSync(
    file,
    stringify({
      store: join(folder, 'iex-sync.db'),
      webshop: woo.config,
      rackbeat: rackbeat.config,
      economic: economic.config,
      orders: { startFrom, layoutNumber: 19, paymentTermsNumber: 1, rackbeat: { paymentTermsNumber: 1 } },
    }),
  );
  const sections = ['webshop', 'rackbeat', 'economic', 'orders'] as const;
  const { config } = await loadConfig({ path: file, cwd: folder, env: {}, sections: [...sections] });
  let advanced = 0;
  return {
    woo,
    rackbeat,
    economic,
    configPath: file,
    place: (customer, at = woo.state.shopNow()) =>
      String(placeOrder(woo.state, { customer, items: [{ sku: 'TEE-RED-M', quantity: 1 }], status: 'processing', createdAt: at }).number),
    advanceClocks(ms) {
      advanced += ms;
      woo.state.setClockOffset(advanced);
      rackbeat.state.advanceClock(ms);
    },
    async run() {
      const calls: TimedCall[] = [];
      const onCall = (call: CallRecord) => calls.push({ ...call, answeredAt: performance.now() });
      const result = await runSyncFlow({ flow: ordersFlow, config: config as ConfigWith<(typeof sections)[number]>, command: 'orders', onCall });
      return { result, calls };
    },
    close: async () => {
      await Promise.all([woo.simulator.close(), rackbeat.simulator.close(), economic.simulator.close()]);
    },
  };
}

/** A Danish buyer no back office has seen, numbered: a catalogue buyer with an e-mail of its own. */
export function newBuyer(sequence: number): CatalogueCustomer {
  const danish = CATALOGUE_CUSTOMERS.find((customer) => customer.country === 'DK' && !customer.existsInBackOffice) as CatalogueCustomer;
  return { ...danish, email: `perf.buyer+${sequence}@example.test`, name: `Perf Buyer ${sequence}` };
}

/** Calls of one system, method and path prefix (`rackbeat`, `GET`, `/customers?`). */
export function callsTo(calls: readonly CallRecord[], system: string, method: string, pathStart: string): CallRecord[] {
  return calls.filter((call) => call.system === system && call.method === method && call.path.startsWith(pathStart));
}
