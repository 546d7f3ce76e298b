import { afterEach } from 'vitest';
import { createShopifyClient, type ShopifyClientOptions } from '../../../src/connectors/shopify/client.js';
import { startShopifySimulator, type ShopifySimulatorOptions, type StartedShopifySimulator } from '../../../src/sandbox/shopify/simulator.js';

/** A bucket large enough that tests about other things are not slowed by the (correct) throttling. */
export const FAST_BUCKET = { maximumAvailable: 100_000, restoreRate: 100_000 };

/** Shopify simulators started by a test file (closed after each test), and clients for them. */
export function useShopifySims(defaults: ShopifySimulatorOptions = FAST_BUCKET) {
  const started: StartedShopifySimulator[] = [];
  afterEach(async () => {
    for (const sim of started.splice(0)) await sim.simulator.close();
  });
  return {
    async start(options: ShopifySimulatorOptions = {}): Promise<StartedShopifySimulator> {
      const sim = await startShopifySimulator({ ...defaults, ...options });
      started.push(sim);
      return sim;
    },
    clientFor(sim: StartedShopifySimulator, options: Partial<ShopifyClientOptions> = {}) {
      return createShopifyClient({ url: sim.simulator.url, accessToken: sim.state.accessToken, retry: { baseDelayMs: 1 }, ...options });
    },
  };
}

export interface GraphqlAnswer {
  data?: Record<string, any> | null;
  errors?: Array<{ message: string; extensions?: { code?: string } & Record<string, unknown> }>;
  extensions?: { cost: { requestedQueryCost: number; actualQueryCost: number | null }; search?: unknown[] };
}

/** One raw GraphQL call, for contract tests that check Shopify's exact answers. */
export async function graphqlPost(sim: StartedShopifySimulator, query: string, variables: Record<string, unknown> = {}, version = '2026-01'): Promise<GraphqlAnswer> {
  const response = await fetch(`${sim.simulator.url}/admin/api/${version}/graphql.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shopify-access-token': sim.state.accessToken },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphqlAnswer;
}
