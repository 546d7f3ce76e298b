import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadConfig } from '../../src/config/load.js';
import type { ConfigWith } from '../../src/config/schema.js';
import type { CallRecord } from '../../src/connectors/http/types.js';
import { ordersFlow } from '../../src/flows/orders/index.js';
import type { CatalogueCustomer } from '../../src/sandbox/catalogue.js';
import { startEconomicSimulator, type StartedEconomicSimulator } from '../../src/sandbox/economic/simulator.js';
import { startRackbeatSimulator, type RackbeatSimulator, type RackbeatSimulatorOptions } from '../../src/sandbox/rackbeat/simulator.js';
import { placeOrder } from '../../src/sandbox/woocommerce/seed.js';
import { startWooCommerceSimulator, type WooCommerceSimulator } from '../../src/sandbox/woocommerce/simulator.js';
import { runSyncFlow, type FlowRun } from '../../src/services/run-flow.js';

/**
 * An empty WooCommerce shop, Rackbeat and e-conomic on loopback, and `orders` runs through the
 * generic run service with every API call they make counted: what the issue-15 tests measure
 * (calls per order, list calls of a run with nothing new). Flow behaviour is tested elsewhere.
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
  /** One `orders` run and the calls it made. */
  run(): Promise<{ result: FlowRun; calls: CallRecord[] }>;
  close(): Promise<void>;
}

export interface CountingWorldOptions {
  rackbeat?: Omit<RackbeatSimulatorOptions, 'rateLimit' | 'latencyMs'>;
  /** Every simulator's latency (default none). */
  latencyMs?: number;
}

export async function startCountingWorld(folder: string, options: CountingWorldOptions = {}): Promise<CountingWorld> {
  const latencyMs = options.latencyMs ?? 0;
  const rackbeat = await startRackbeatSimulator({ ...options.rackbeat, latencyMs, rateLimit: { perMinute: 600_000 } });
  const economic = await startEconomicSimulator({ latencyMs });
  const woo = await startWooCommerceSimulator({ orders: 0, latencyMs });
  const file = join(folder, 'sync.config.yaml');
  const startFrom = new Date(Date.now() - 86_400_000).toISOString();
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
      const calls: CallRecord[] = [];
      const result = await runSyncFlow({ flow: ordersFlow, config: config as ConfigWith<(typeof sections)[number]>, command: 'orders', onCall: (call) => calls.push(call) });
      return { result, calls };
    },
    close: async () => {
      await Promise.all([woo.simulator.close(), rackbeat.simulator.close(), economic.simulator.close()]);
    },
  };
}

/** A buyer no back office has seen, numbered. */
export function newBuyer(sequence: number): CatalogueCustomer {
  return {
    email: `buyer+${sequence}@example.test`,
    name: `Buyer ${sequence}`,
    address: `Testvej ${sequence}`,
    city: 'Vejle',
    postcode: '7100',
    country: 'DK',
    existsInBackOffice: false,
  };
}

/** Calls of one system, method and path prefix (`rackbeat`, `GET`, `/customers?`). */
export function callsTo(calls: readonly CallRecord[], system: string, method: string, pathStart: string): CallRecord[] {
  return calls.filter((call) => call.system === system && call.method === method && call.path.startsWith(pathStart));
}
