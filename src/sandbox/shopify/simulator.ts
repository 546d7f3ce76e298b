import { DEFAULT_SHOPIFY_API_VERSION } from '../../connectors/shopify/types.js';
import { startSimulator } from '../harness/server.js';
import type { RunningSimulator, SimRequest, SimResponse, SimulatorDefinition, SimulatorServerOptions } from '../harness/types.js';
import { createGraphqlEndpoint } from './graphql-endpoint.js';
import { catalogueProducts } from './products.js';
import { ShopifySimState, type ShopifySimStateOptions } from './state.js';

/** Settings for behaviours the facts leave open ([U] in Shopify API docs, API limits), with the most plausible defaults. */
export interface ShopifySimulatorOptions extends ShopifySimStateOptions, SimulatorServerOptions {
  /** Seeded orders at start (default 0: tests add what they need). */
  orders?: number;
  /** Seed the shared catalogue as products, created 30 days before now (default true). */
  catalogue?: boolean;
  /** Cost bucket size (default 2,000: 20 × the restore rate, as measured on a live shop). */
  maximumAvailable?: number;
  /** Points restored per second (default 100: Standard plan). */
  restoreRate?: number;
  /** HTTP status of a THROTTLED answer (default 200, as measured; 429 is the other reading). */
  throttledStatus?: number;
  /** API versions served; an unsupported one falls forward to the oldest of them ([C] versioning). */
  apiVersions?: string[];
}

export interface StartedShopifySimulator {
  simulator: RunningSimulator;
  state: ShopifySimState;
  /** The `webshop` section of a config file pointing at this simulator. */
  config: { platform: 'shopify'; url: string; accessToken: string; apiVersion: string };
}

const INVALID_TOKEN = '[API] Invalid API key or access token (unrecognized login or wrong password)';

export async function startShopifySimulator(options: ShopifySimulatorOptions = {}): Promise<StartedShopifySimulator> {
  const state = new ShopifySimState(options);
  if (options.catalogue ?? true) {
    const createdAt = state.now() - 30 * 86_400_000;
    for (const [index, product] of catalogueProducts().entries()) state.addProduct(product, createdAt + index * 1000);
  }
  if (options.orders) state.addOrders(options.orders);
  const versions = options.apiVersions ?? ['2025-10', DEFAULT_SHOPIFY_API_VERSION, '2026-04'];
  const graphql = createGraphqlEndpoint(state, {
    maximumAvailable: options.maximumAvailable ?? 2000,
    restoreRate: options.restoreRate ?? 100,
    throttledStatus: options.throttledStatus ?? 200,
    now: () => state.now(),
  });

  const definition: SimulatorDefinition = {
    system: 'shopify',
    authenticate: (request) => {
      if (request.path === '/admin/oauth/access_token') return undefined;
      return state.isValidToken(request.headers['x-shopify-access-token']) ? undefined : { status: 401, body: { errors: INVALID_TOKEN } };
    },
    routes: [
      { method: 'POST', pattern: '/admin/oauth/access_token', handler: (request) => grantToken(state, request) },
      {
        method: 'POST',
        pattern: '/admin/api/:version/graphql.json',
        handler: (request) => {
          const requested = request.params.version ?? '';
          const served = versions.includes(requested) ? requested : [...versions].sort()[0] ?? DEFAULT_SHOPIFY_API_VERSION;
          const response = graphql(request, served);
          return { ...response, headers: { ...response.headers, 'x-shopify-api-version': served } };
        },
      },
    ],
    notFound: () => ({ status: 404, body: { errors: 'Not Found' } }),
    clock: () => state.now(),
  };
  const simulator = await startSimulator(definition, options);
  return {
    simulator,
    state,
    config: { platform: 'shopify', url: simulator.url, accessToken: state.accessToken, apiVersion: DEFAULT_SHOPIFY_API_VERSION },
  };
}

/**
 * [C] Client-credentials grant: POST /admin/oauth/access_token with grant_type, client_id and
 * client_secret; the answer carries access_token, scope and expires_in.
 * [U] The refusal's shape; OAuth's usual `invalid_client` is assumed.
 */
function grantToken(state: ShopifySimState, request: SimRequest): SimResponse {
  const fields = typeof request.body === 'object' && request.body !== null
    ? (request.body as Record<string, unknown>)
    : Object.fromEntries(new URLSearchParams(request.rawBody));
  if (fields.grant_type !== 'client_credentials') {
    return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'grant_type must be client_credentials' } };
  }
  if (fields.client_id !== state.clientId || fields.client_secret !== state.clientSecret) {
    return { status: 400, body: { error: 'invalid_client', error_description: 'Client authentication failed' } };
  }
  const { token, expiresInSeconds } = state.issueToken();
  return { status: 200, body: { access_token: token, scope: 'read_orders,read_all_orders,read_products,write_inventory', expires_in: expiresInSeconds } };
}
