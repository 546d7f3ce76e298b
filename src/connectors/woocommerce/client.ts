import { basicAuth } from '../http/auth.js';
import { createHttpClient } from '../http/client.js';
import { isSyncHttpError, SyncHttpError } from '../http/errors.js';
import { firstCall, type FirstCallCheck } from '../http/first-call.js';
import { TokenBucketLimiter } from '../http/rate-limit.js';
import type { AuthPlugin, CallRecord, HttpClient, PlatformError, RetryPolicy } from '../http/types.js';
import type { ShopOrder, Webshop, WebshopIdentity } from '../webshop.js';
import { oauth1Auth } from './oauth1.js';
import { toShopOrder } from './order-mapping.js';
import { WOO_MAX_PAGE_SIZE } from './modified-listing.js';
import { changedWooOrders } from './orders.js';
import { wooFulfilment } from './fulfilment.js';
import { wooProducts } from './products.js';
import { wooRefunds } from './refunds.js';
import { WOO_BATCH_ITEMS, wooStock } from './stock.js';
import type { WooErrorBody, WooOrder, WpSiteIndex } from './types.js';

/**
 * WooCommerce REST API v3 (WooCommerce REST API docs, Authentication). WooCommerce takes Basic auth
 * only over HTTPS and OAuth 1.0a signatures only over plain HTTP (WooCommerce REST API docs, Authentication), so the URL's scheme
 * picks the mode unless told otherwise; `query-string` is for servers that strip Authorization.
 */
export type WooAuthMode = 'basic' | 'query-string' | 'oauth1';

export interface WooCommerceClientOptions {
  /** The site root, e.g. `https://shop.example.com` (the API is under /wp-json/wc/v3). */
  url: string;
  consumerKey: string;
  consumerSecret: string;
  auth?: WooAuthMode;
  onCall?: (call: CallRecord) => void;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Requests in flight at once (default 2: shared hosting falls over beyond that, WooCommerce REST API docs, Errors). */
  concurrency?: number;
  /** WooCommerce core has no limit; hosts do (WooCommerce REST API docs, Errors). Default 10 requests, refilled 5 a second. */
  rateLimit?: { capacity: number; refillPerSecond: number };
  /** Injectable clock (ms) for OAuth timestamps. */
  now?: () => number;
}

export interface WooCommerceClient extends Webshop {
  readonly platform: 'woocommerce';
  /** Calls made so far, for the benchmarks. */
  callCount(): number;
}

const SITE_INDEX = '/wp-json/';

/** The WordPress REST index is the first call of a run: it also checks `webshop.url`. */
const SITE_INDEX_CHECK: FirstCallCheck<Partial<WpSiteIndex>> = {
  urlKey: 'webshop.url',
  expected: 'the site root, e.g. https://shop.example.com (without /wp-json/wc/v3)',
  what: 'the WordPress REST index',
  read: (data) => (typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Partial<WpSiteIndex>) : undefined),
};

export function createWooCommerceClient(options: WooCommerceClientOptions): WooCommerceClient {
  const root = normaliseSiteUrl(options.url);
  const http = createHttpClient({
    system: 'woocommerce',
    baseURL: root,
    auth: wooAuth(options, root),
    timeoutMs: options.timeoutMs,
    retry: options.retry,
    concurrency: options.concurrency ?? 2,
    rateLimiter: new TokenBucketLimiter(options.rateLimit ?? { capacity: 10, refillPerSecond: 5 }),
    parseError: parseWooError,
    onCall: options.onCall,
  });

  const products = wooProducts(http);
  const stock = wooStock(http);
  const fulfilment = wooFulfilment(http);

  const client: WooCommerceClient = {
    platform: 'woocommerce',

    async identity(): Promise<WebshopIdentity> {
      const index = await firstCall(http, { method: 'GET', path: SITE_INDEX }, SITE_INDEX_CHECK);
      // WordPress lists its REST namespaces: without wc/v3, WooCommerce is not active at this URL.
      if (Array.isArray(index.namespaces) && !index.namespaces.includes('wc/v3')) {
        throw new SyncHttpError({
          system: 'woocommerce',
          kind: 'not-found',
          method: 'GET',
          path: SITE_INDEX,
          retryable: false,
          platformMessage: 'the site has no wc/v3 REST namespace',
          hint: `WordPress answers at webshop.url, but WooCommerce's REST API (wc/v3) is not there: is WooCommerce 3.5+ active, and is webshop.url ${SITE_INDEX_CHECK.expected}?`,
        });
      }
      return { platform: 'woocommerce', id: root, name: (typeof index.name === 'string' && index.name) || root };
    },

    async *changedOrders(since, pageOptions) {
      for await (const page of changedWooOrders(http, since, pageSize(pageOptions?.pageSize))) {
        yield page.map(toShopOrder);
      }
    },

    async orderByNumber(number: string): Promise<ShopOrder | undefined> {
      const wanted = number.trim().replace(/^#/, '');
      // The number is the id unless a numbering plugin changed it; then search finds it.
      if (/^\d+$/.test(wanted)) {
        const byId = await getOrder(http, wanted);
        if (byId?.number === wanted) return toShopOrder(byId);
      }
      const { data } = await http.request<WooOrder[]>({
        method: 'GET',
        path: '/wp-json/wc/v3/orders',
        query: { search: wanted, status: 'any', per_page: WOO_MAX_PAGE_SIZE },
      });
      const match = data.find((order) => order.number === wanted);
      return match ? toShopOrder(match) : undefined;
    },

    refunds: (order) => wooRefunds(http, order),
    changedProducts: (since, pageOptions) => products.changed(since, pageSize(pageOptions?.pageSize)),
    // One stock per item: WooCommerce has no locations.
    productsBySku: (skus) => products.bySku(skus),
    setStock: (levels) => stock.set(levels),
    stockBatchSize: WOO_BATCH_ITEMS,
    fulfilmentPlan: (order, shipment, fulfilOptions) => fulfilment.plan(order, shipment, fulfilOptions),
    fulfil: (order, shipment, fulfilOptions) => fulfilment.fulfil(order, shipment, fulfilOptions),

    callCount: () => http.callCount(),
    clockSkewMs: () => http.clockSkewMs(),
  };
  return client;
}

async function getOrder(http: HttpClient, id: string): Promise<WooOrder | undefined> {
  try {
    return (await http.request<WooOrder>({ method: 'GET', path: `/wp-json/wc/v3/orders/${id}` })).data;
  } catch (error) {
    if (isSyncHttpError(error) && error.kind === 'not-found') return undefined;
    throw error;
  }
}

function wooAuth(options: WooCommerceClientOptions, root: string): AuthPlugin {
  const secure = root.startsWith('https://');
  const mode = options.auth ?? (secure ? 'basic' : 'oauth1');
  if (mode === 'oauth1') {
    return oauth1Auth({ consumerKey: options.consumerKey, consumerSecret: options.consumerSecret, now: options.now });
  }
  if (!secure) {
    throw new TypeError(`WooCommerce accepts ${mode} auth only over HTTPS: use an https:// webshop URL, or OAuth 1.0a over http://`);
  }
  if (mode === 'basic') return basicAuth(options.consumerKey, options.consumerSecret);
  const query = { consumer_key: options.consumerKey, consumer_secret: options.consumerSecret };
  return { secrets: () => Object.values(query), apply: async () => ({ query }) };
}

function pageSize(requested: number | undefined): number {
  return Math.min(Math.max(requested ?? WOO_MAX_PAGE_SIZE, 1), WOO_MAX_PAGE_SIZE);
}

/** The site root as the shop's identity: lower-case scheme and host, no trailing slash. */
export function normaliseSiteUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`.replace(/\/+$/, '');
}

/** WordPress REST errors: `{code, message, data: {status, params, details}}` (WooCommerce REST API docs, Errors). */
export function parseWooError(status: number, body: unknown): PlatformError {
  if (typeof body !== 'object' || body === null) return { message: typeof body === 'string' ? body.slice(0, 200) : undefined };
  const error = body as Partial<WooErrorBody>;
  return {
    code: error.code,
    message: error.message,
    details: error.data?.params ?? error.data?.details,
    hint: hintFor(status, error.code),
  };
}

function hintFor(status: number, code: string | undefined): string | undefined {
  if (status === 401) {
    return 'Check webshop.consumerKey and webshop.consumerSecret (WooCommerce → Settings → Advanced → REST API, Read/Write); plain http:// needs OAuth 1.0a, https:// uses Basic auth.';
  }
  if (code === 'rest_no_route') return 'Is WooCommerce 3.5+ active with pretty permalinks? /wp-json/wc/v3 was not found at this URL.';
  return undefined;
}
