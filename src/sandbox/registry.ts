import type { SystemName, WebshopPlatform } from '../connectors/systems.js';
import type { RunningSimulator } from './harness/types.js';

/**
 * The simulators `iex-sync sandbox` and `iex-sync demo` start. Each connector issue adds its
 * simulator here with a lazy import, so normal runs never load simulator code.
 */
export interface SimulatorStartOptions {
  seed: number;
  latencyMs: number;
  /** 0 or undefined picks a free port. */
  port?: number;
  webshop: WebshopPlatform;
}

export interface StartedSimulator {
  simulator: RunningSimulator;
  /** This system's section of the config file, e.g. `{ url, apiKey }`. */
  config: Record<string, unknown>;
}

export interface SimulatorEntry {
  system: SystemName;
  start(options: SimulatorStartOptions): Promise<StartedSimulator>;
}

/**
 * Add one entry per simulator, importing lazily:
 * `{ system: 'rackbeat', start: async (options) => (await import('./rackbeat/sandbox.js')).startRackbeatSandbox(options) }`
 */
export const SIMULATORS: SimulatorEntry[] = [
  { system: 'rackbeat', start: async (options) => (await import('./rackbeat/simulator.js')).startRackbeatSimulator(options) },
  { system: 'economic', start: async (options) => (await import('./economic/simulator.js')).startEconomicSimulator(options) },
  { system: 'woocommerce', start: async (options) => (await import('./woocommerce/simulator.js')).startWooCommerceSimulator(options) },
  { system: 'shopify', start: async (options) => (await import('./shopify/simulator.js')).startShopifySimulator({ orders: 40, ...options }) },
];

const WEBSHOPS: readonly SystemName[] = ['woocommerce', 'shopify'];

/** The entries one sandbox runs: the back-office systems plus the chosen webshop only. */
export function simulatorsFor(webshop: WebshopPlatform): SimulatorEntry[] {
  return SIMULATORS.filter((entry) => !WEBSHOPS.includes(entry.system) || entry.system === webshop);
}
