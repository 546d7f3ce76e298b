import { loadConfig } from '../../../src/config/load.js';
import type { ConfigWith } from '../../../src/config/schema.js';
import { ordersFlow } from '../../../src/flows/orders/index.js';
import { runSyncFlow, type FlowRun } from '../../../src/services/run-flow.js';
import type { FlowWorld } from './world.js';
export type { FlowRun } from '../../../src/services/run-flow.js';

export type OrdersConfig = ConfigWith<'webshop' | 'rackbeat' | 'economic' | 'orders'>;

/** One orders run through the generic run service, as the CLI does it, without the printing. */
export function runOrders(options: { config: OrdersConfig; command: string; dryRun?: boolean; since?: Date }): Promise<FlowRun> {
  return runSyncFlow({ flow: ordersFlow, ...options });
}

/** The config the orders flow takes, loaded from a written file exactly as the CLI loads it. */
export async function loadOrdersConfig(file: string): Promise<OrdersConfig> {
  const { config } = await loadConfig({ path: file, cwd: process.cwd(), env: {}, sections: ['webshop', 'rackbeat', 'economic', 'orders'], optional: ['smtp'] });
  return config;
}

/** The world's config, written again with these `orders` keys over its own, and loaded. */
export function worldConfig(world: FlowWorld, orders: Record<string, unknown> = {}): Promise<OrdersConfig> {
  return loadOrdersConfig(world.writeConfig(orders));
}
