import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadConfig } from '../../../src/config/load.js';
import type { WebshopPlatform } from '../../../src/connectors/systems.js';
import type { ConfigWith } from '../../../src/config/schema.js';
import { ordersFlow } from '../../../src/flows/orders/index.js';
import { runSyncFlow, type FlowRun } from '../../../src/services/run-flow.js';
export type { FlowRun } from '../../../src/services/run-flow.js';
import { startEconomicSimulator, type StartedEconomicSimulator } from '../../../src/sandbox/economic/simulator.js';
import type { RunningSimulator, WriteLogEntry } from '../../../src/sandbox/harness/types.js';
import { startRackbeatSimulator, type RackbeatSimulator } from '../../../src/sandbox/rackbeat/simulator.js';
import { shopifyDriver, wooCommerceDriver, type ShopDriver } from './shop-drivers.js';

/**
 * The four systems of the order flow on loopback, for flow and crash tests: Rackbeat and e-conomic
 * simulators plus one webshop (driven through a platform-neutral ShopDriver), a config that points
 * at them with a store in the test's folder, and the simulators' writes.
 *
 * Rackbeat's limit is raised (its client adopts X-RateLimit-Limit) so tests do not wait on the
 * real 480 a minute; the other simulators keep their real limits, which a small seed stays under.
 */
export const PLATFORMS: readonly WebshopPlatform[] = ['woocommerce', 'shopify'];

export interface FlowSystems {
  shop: ShopDriver;
  rackbeat: RackbeatSimulator;
  economic: StartedEconomicSimulator;
  simulators: RunningSimulator[];
  /** `orders.startFrom` of the written config: a day before the systems started (ISO, UTC). */
  startFrom: string;
  /** Writes `sync.config.yaml` for these systems into `dir` (store `./iex-sync.db` there) and returns its path. */
  writeConfig(dir: string, orders?: Record<string, unknown>): string;
  stop(): Promise<void>;
}

export interface FlowSystemsOptions {
  /** Orders the webshop simulator seeds (default 14: every status, returning customers, coupons). */
  orders?: number;
  /** Rackbeat requests a minute (default 600,000: no waiting in tests). */
  rackbeatPerMinute?: number;
}

export async function startFlowSystems(platform: WebshopPlatform, options: FlowSystemsOptions = {}): Promise<FlowSystems> {
  const orders = options.orders ?? 14;
  const started: RunningSimulator[] = [];
  try {
    const rackbeat = await startRackbeatSimulator({ rateLimit: { perMinute: options.rackbeatPerMinute ?? 600_000 } });
    started.push(rackbeat.simulator);
    const economic = await startEconomicSimulator();
    started.push(economic.simulator);
    const shop = platform === 'woocommerce' ? await wooCommerceDriver(orders) : await shopifyDriver(orders);
    started.push(shop.simulator);
    const startFrom = new Date(Date.now() - 86_400_000).toISOString();
    const writeConfig = (dir: string, ordersOverrides: Record<string, unknown> = {}): string => {
      const file = join(dir, 'sync.config.yaml');
      const config = {
        store: './iex-sync.db',
        webshop: shop.config,
        rackbeat: rackbeat.config,
        economic: economic.config,
        orders: { startFrom, layoutNumber: 19, paymentTermsNumber: 1, rackbeat: { paymentTermsNumber: 1 }, ...ordersOverrides },
      };
      writeFileSync(file, stringify(config));
      return file;
    };
    return { shop, rackbeat, economic, simulators: [...started], startFrom, writeConfig, stop: () => closeAll(started) };
  } catch (error) {
    await closeAll(started);
    throw error;
  }
}

async function closeAll(simulators: RunningSimulator[]): Promise<void> {
  await Promise.all(simulators.splice(0).map((simulator) => simulator.close()));
}

export type OrdersConfig = ConfigWith<'webshop' | 'rackbeat' | 'economic' | 'orders'>;

/** One orders run through the generic run service, as the CLI does it, without the printing. */
export function runOrders(options: { config: OrdersConfig; command: string; dryRun?: boolean; since?: Date }): Promise<FlowRun> {
  return runSyncFlow({ flow: ordersFlow, ...options });
}

/** The config the orders flow takes, loaded from a written file exactly as the CLI loads it. */
export async function loadOrdersConfig(file: string, dir: string): Promise<OrdersConfig> {
  const { config } = await loadConfig({ path: file, cwd: dir, env: {}, sections: ['webshop', 'rackbeat', 'economic', 'orders'] });
  return config;
}

/**
 * The requests that changed something in a simulator. Shopify's Admin API is GraphQL, where every
 * query is a POST too: only mutations and token grants count as writes there.
 */
export function writesOf(simulator: RunningSimulator): WriteLogEntry[] {
  if (simulator.system !== 'shopify') return [...simulator.writeLog];
  return simulator.writeLog.filter((entry) => {
    const query = (entry.body as { query?: unknown } | undefined)?.query;
    return typeof query !== 'string' || /^\s*mutation\b/.test(query);
  });
}

/** Every simulator's writes, by system: compare two of these to see that a run wrote nothing. */
export function writeCounts(systems: FlowSystems): Record<string, number> {
  return Object.fromEntries(systems.simulators.map((simulator) => [simulator.system, writesOf(simulator).length]));
}
