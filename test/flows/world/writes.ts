import type { RunningSimulator, WriteLogEntry } from '../../../src/sandbox/harness/types.js';
import type { FlowWorld } from './world.js';

/**
 * The requests that changed something in a simulator. Shopify's Admin API is GraphQL, where every
 * query is a POST too: only mutations and token grants count as writes there, and not the shop
 * owner's own (the shop driver's refunds and cancellations, operations named `ShopAdmin…`).
 */
export function writesOf(simulator: RunningSimulator): WriteLogEntry[] {
  if (simulator.system !== 'shopify') return [...simulator.writeLog];
  return simulator.writeLog.filter((entry) => {
    const query = (entry.body as { query?: unknown } | undefined)?.query;
    return typeof query !== 'string' || (/^\s*mutation\b/.test(query) && !SHOP_ADMIN_OPERATION.test(query));
  });
}

/** How the shop driver names what the shop owner does through the Admin API (shop-drivers.ts). */
const SHOP_ADMIN_OPERATION = /^\s*mutation\s+ShopAdmin/;

/** Every simulator's writes, by system: compare two of these to see that a run wrote nothing. */
export function writeCounts(world: FlowWorld): Record<string, number> {
  return Object.fromEntries(world.simulators.map((simulator) => [simulator.system, writesOf(simulator).length]));
}
