import type { RunningSimulator, SimRoute, SimulatorDefinition } from '../harness/types.js';
import { startSimulator } from '../harness/server.js';
import { createWooAuthenticator, type WooSimCredentials } from './auth.js';
import type { CollectionSettings } from './collection.js';
import { WooSimError } from './errors.js';
import { refundRoutes } from './refunds.js';
import { orderRoutes } from './order-routes.js';
import { productRoutes } from './product-routes.js';
import { settingRoutes } from './setting-routes.js';
import { seedCatalogue, seedOrders } from './seed.js';
import { WooSimState } from './state.js';

/**
 * The WooCommerce simulator: REST v3 under /wp-json/wc/v3 over HTTP (OAuth 1.0a) or HTTPS (Basic),
 * faithful to the WooCommerce REST API docs. WooCommerce core has no rate limit on /wc/v3
 * (WooCommerce REST API docs, Errors): hosts' 429/503 come from the harness's fault rules.
 */
export const WOO_SIM_CREDENTIALS: WooSimCredentials = {
  consumerKey: 'ck_sim_woocommerce_key',
  consumerSecret: 'cs_sim_woocommerce_secret',
  permissions: 'read_write',
};

export interface WooCommerceSimulatorOptions {
  /** Serve HTTPS with this key and certificate (PEM): Basic auth then works, as on a real shop. */
  tls?: { key: string; cert: string };
  credentials?: Partial<WooSimCredentials>;
  /** Orders to seed (default 40); 0 for an empty shop. */
  orders?: number;
  seed?: number;
  /** Our clock in ms (default Date.now); the shop's clock runs `clockOffsetMs` from it. */
  now?: () => number;
  clockOffsetMs?: number;
  /** Seeded orders are placed every this many seconds, the last one an hour before the shop's now. */
  orderSpacingSeconds?: number;
  /** WordPress `gmt_offset` in minutes (default 120, Copenhagen in summer). */
  utcOffsetMinutes?: number;
  pricesIncludeTax?: boolean;
  currency?: string;
  /** `woocommerce_rest_batch_items_limit` (default 100). */
  batchLimit?: number;
  /** Serve `GET /variations` across all products, as WooCommerce 10.3+ does (default true). */
  variationsEndpoint?: boolean;
  /** Whether date filters include the boundary second (unconfirmed; default false, see collection.ts). */
  inclusiveDateFilters?: boolean;
  latencyMs?: number;
  port?: number;
}

export interface WooCommerceSimulator {
  simulator: RunningSimulator;
  state: WooSimState;
  /** The `webshop` config section that points iex-sync at this simulator. */
  config: { platform: 'woocommerce'; url: string; consumerKey: string; consumerSecret: string };
}

export const WOO_API_BASE = '/wp-json/wc/v3';

export async function startWooCommerceSimulator(options: WooCommerceSimulatorOptions = {}): Promise<WooCommerceSimulator> {
  const credentials = { ...WOO_SIM_CREDENTIALS, ...options.credentials };
  const state = new WooSimState({
    utcOffsetMinutes: options.utcOffsetMinutes ?? 120,
    pricesIncludeTax: options.pricesIncludeTax ?? true,
    currency: options.currency ?? 'DKK',
    baseRatePercent: 25,
    now: options.now ?? Date.now,
  });
  state.setClockOffset(options.clockOffsetMs ?? 0);
  const orderCount = options.orders ?? 40;
  const spacingSeconds = options.orderSpacingSeconds ?? 600;
  const firstAt = state.shopNow() - 3_600_000 - orderCount * spacingSeconds * 1000;
  seedCatalogue(state, firstAt - 30 * 86_400_000);
  seedOrders(state, { count: orderCount, seed: options.seed ?? 7, firstAt, spacingSeconds });

  const secure = options.tls !== undefined;
  const settings: CollectionSettings & { batchLimit: number; base: string; variationsEndpoint: boolean } = {
    utcOffsetMinutes: state.settings.utcOffsetMinutes,
    inclusiveDateFilters: options.inclusiveDateFilters ?? false,
    secure,
    batchLimit: options.batchLimit ?? 100,
    base: WOO_API_BASE,
    variationsEndpoint: options.variationsEndpoint ?? true,
  };
  const siteIndex: SimRoute = {
    method: 'GET',
    pattern: '/wp-json',
    handler: (request) => ({
      status: 200,
      body: {
        name: 'iex-sync sandbox shop',
        description: 'WooCommerce simulator',
        url: `${secure ? 'https' : 'http'}://${request.headers.host ?? 'localhost'}`,
        home: `${secure ? 'https' : 'http'}://${request.headers.host ?? 'localhost'}`,
        namespaces: ['wp/v2', 'wc/v3'],
      },
    }),
  };
  const definition: SimulatorDefinition = {
    system: 'woocommerce',
    routes: [siteIndex, ...orderRoutes(state, settings), ...refundRoutes(state, WOO_API_BASE), ...productRoutes(state, settings), ...settingRoutes(state, WOO_API_BASE)],
    authenticate: createWooAuthenticator(credentials, { secure, now: () => state.shopNow() }),
    clock: () => state.shopNow(),
    notFound: () =>
      new WooSimError(404, 'rest_no_route', 'No route was found matching the URL and request method.').toResponse(),
  };
  const simulator = await startSimulator(definition, {
    tls: options.tls,
    latencyMs: options.latencyMs,
    port: options.port,
    seed: options.seed,
  });
  return {
    simulator,
    state,
    config: {
      platform: 'woocommerce',
      url: simulator.url,
      consumerKey: credentials.consumerKey,
      consumerSecret: credentials.consumerSecret,
    },
  };
}
