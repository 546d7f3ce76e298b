import { randomUUID } from 'node:crypto';
import { ExitCode, SyncError } from '../../domain/errors.js';
import { createHttpClient } from '../http/client.js';
import { explainFirstCallError, unexpectedFirstAnswer, type BaseUrlCheck } from '../http/first-call.js';
import { CostBucketLimiter, type CostBucketLimiterOptions } from '../http/rate-limit.js';
import type { AuthPlugin, CallRecord, RetryPolicy } from '../http/types.js';
import type { ShopOrder, Webshop, WebshopIdentity } from '../webshop.js';
import { accessTokenAuth, clientCredentialsAuth, type RenewableAuth } from './auth.js';
import {
  CHANGED_ORDERS,
  connectionCost,
  LINE_ITEM_NODE_COST,
  LINE_ITEMS_PER_PAGE,
  MUTATION_COST,
  ORDER_LINE_ITEMS,
  ORDER_NODE_COST,
  ORDER_SHIPPING_LINES,
  ORDERS_BY_NAME,
  ORDERS_BY_NAME_PAGE,
  ORDERS_PER_PAGE,
  SHIPPING_LINE_NODE_COST,
  SHIPPING_LINES_PER_PAGE,
  SHOP_IDENTITY,
  TAGS_ADD,
} from './documents.js';
import { createShopifyGraphql, isShopifyThrottled, parseShopifyError } from './graphql.js';
import { toShopOrder } from './map-order.js';
import { toShopRefund, type ShopifyRefund } from './map-refund.js';
import { ORDER_REFUNDS, ORDER_REFUNDS_COST, REFUND_LINES_PER_REFUND, REFUND_SHIPPING_LINES_PER_REFUND } from './refund-documents.js';
import { allNodes } from './paging.js';
import { shopifyFulfilment } from './fulfilment.js';
import { shopifyProducts } from './products.js';
import { QUANTITIES_PER_CALL } from './stock-documents.js';
import { shopifyStock } from './stock.js';
import { wholeSecondsIso } from './times.js';
import { DEFAULT_SHOPIFY_API_VERSION, type ShopifyConnection, type ShopifyLineItem, type ShopifyOrder, type ShopifyShippingLine, type ShopifyUserError } from './types.js';

export interface ShopifyClientOptions {
  /** The shop root, `https://NAME.myshopify.com` (or a simulator's URL). */
  url: string;
  /** A fixed Admin API access token, or … */
  accessToken?: string;
  /** … a client id and secret for the client-credentials grant (renewed before the token expires). */
  clientId?: string;
  clientSecret?: string;
  apiVersion?: string;
  onCall?: (call: CallRecord) => void;
  /** Overrides for tests and benchmarks. */
  costBucket?: CostBucketLimiterOptions;
  retry?: Partial<RetryPolicy>;
  concurrency?: number;
  timeoutMs?: number;
  /** Clock (milliseconds) for token expiry and the cost bucket, and the sleep that waits on it: tests move time by hand. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** A new idempotency key for each mutation body that carries one (default: a random UUID). */
  idempotencyKey?: () => string;
}

export interface ShopifyClient extends Webshop {
  readonly platform: 'shopify';
  /** Adds tags to an order (e.g. a transfer mark); userErrors fail with kind `validation`. */
  addOrderTags(orderId: string, tags: string[]): Promise<void>;
  /** HTTP calls made so far (token grants not counted). */
  callCount(): number;
}

interface OrdersPage {
  orders: ShopifyConnection<ShopifyOrder>;
}

const SHOP_URL_CHECK: BaseUrlCheck = { urlKey: 'webshop.url', expected: 'the shop root, https://NAME.myshopify.com' };

export function createShopifyClient(options: ShopifyClientOptions): ShopifyClient {
  const shopUrl = options.url.replace(/\/+$/, '');
  const auth = buildAuth(options, shopUrl);
  const http = createHttpClient({
    system: 'shopify',
    baseURL: shopUrl,
    auth,
    rateLimiter: new CostBucketLimiter({ now: options.now, sleep: options.sleep, ...options.costBucket }),
    isThrottled: isShopifyThrottled,
    parseError: parseShopifyError,
    onCall: options.onCall,
    retry: options.retry,
    concurrency: options.concurrency,
    timeoutMs: options.timeoutMs,
    sleep: options.sleep,
  });
  const graphql = createShopifyGraphql(http, options.apiVersion ?? DEFAULT_SHOPIFY_API_VERSION, 'invalidate' in auth ? auth : undefined);
  const products = shopifyProducts(graphql);
  const fulfilment = shopifyFulfilment(graphql);
  const stock = shopifyStock(graphql, products, { newKey: options.idempotencyKey ?? randomUUID, now: options.now ?? Date.now });

  /** The rest of an order's nested connection (lines, shipping lines) beyond the first query's page. */
  const orderPages = <T>(orderId: string, field: string, document: string, cost: number) => async (after: string) => {
    const data = await graphql.query<{ order: Record<string, ShopifyConnection<T>> | null }>(document, { id: orderId, after }, cost);
    return data.order?.[field];
  };

  async function completeOrder(order: ShopifyOrder): Promise<ShopOrder> {
    const lineItems = await allNodes(order.lineItems, orderPages<ShopifyLineItem>(order.id, 'lineItems', ORDER_LINE_ITEMS, connectionCost(LINE_ITEMS_PER_PAGE, LINE_ITEM_NODE_COST, 1)));
    const shippingLines = await allNodes(
      order.shippingLines,
      orderPages<ShopifyShippingLine>(order.id, 'shippingLines', ORDER_SHIPPING_LINES, connectionCost(SHIPPING_LINES_PER_PAGE, SHIPPING_LINE_NODE_COST, 1)),
    );
    return toShopOrder(order, lineItems, shippingLines);
  }

  return {
    platform: 'shopify',

    /** The first call of a run: it also checks `webshop.url`. */
    async identity(): Promise<WebshopIdentity> {
      const data = await graphql.query<{ shop?: { name?: unknown; myshopifyDomain?: unknown } | null }>(SHOP_IDENTITY, {}, 1).catch((error: unknown) => {
        throw explainFirstCallError(error, SHOP_URL_CHECK);
      });
      const { name, myshopifyDomain } = data.shop ?? {};
      if (typeof name !== 'string' || typeof myshopifyDomain !== 'string') {
        throw unexpectedFirstAnswer('shopify', { method: 'POST', path: graphql.path }, 200, { ...SHOP_URL_CHECK, what: 'the shop (name and myshopifyDomain)' });
      }
      return { platform: 'shopify', id: `https://${myshopifyDomain}`, name };
    },

    /**
     * Keyset paging by (updatedAt, id): an order changed while paging moves behind the cursor and
     * comes again later with its new state; none is skipped and none repeats the same state.
     */
    async *changedOrders(since: Date, pageOptions?: { pageSize?: number }): AsyncIterable<ShopOrder[]> {
      const first = Math.max(1, Math.min(pageOptions?.pageSize ?? ORDERS_PER_PAGE, ORDERS_PER_PAGE));
      const query = `updated_at:>='${wholeSecondsIso(since)}'`;
      let after: string | null = null;
      for (;;) {
        const data: OrdersPage = await graphql.query<OrdersPage>(CHANGED_ORDERS, { first, after, query }, connectionCost(first, ORDER_NODE_COST));
        const orders: ShopOrder[] = [];
        for (const node of data.orders.nodes) orders.push(await completeOrder(node));
        if (orders.length > 0) yield orders;
        if (!data.orders.pageInfo.hasNextPage || !data.orders.pageInfo.endCursor) return;
        after = data.orders.pageInfo.endCursor;
      }
    },

    async orderByNumber(number: string): Promise<ShopOrder | undefined> {
      const wanted = number.trim().replace(/^#/, '');
      const data = await graphql.query<OrdersPage>(ORDERS_BY_NAME, { query: `name:${wanted}` }, connectionCost(ORDERS_BY_NAME_PAGE, ORDER_NODE_COST));
      const match = data.orders.nodes.find((order) => order.name.replace(/^#/, '') === wanted);
      return match ? completeOrder(match) : undefined;
    },

    /** More refund lines than one query reads is refused for the order alone: rare enough to leave to a person. */
    async refunds(order) {
      const data = await graphql.query<{ order: { taxesIncluded: boolean; createdAt: string; refunds: ShopifyRefund[] } | null }>(ORDER_REFUNDS, { id: order.id }, ORDER_REFUNDS_COST);
      if (!data.order) return [];
      const { refunds, taxesIncluded, createdAt } = data.order;
      if (refunds.some((refund) => refund.refundLineItems.pageInfo.hasNextPage || refund.refundShippingLines.pageInfo.hasNextPage)) {
        throw new SyncError(`Shopify order #${order.number} has a refund of more than ${REFUND_LINES_PER_REFUND} lines or ${REFUND_SHIPPING_LINES_PER_REFUND} shipping lines`, {
          exitCode: ExitCode.recordsFailed,
          hint: 'make its credit note in e-conomic by hand, then dismiss it (iex-sync dismiss)',
        });
      }
      return refunds.map((refund) => toShopRefund(order, refund, taxesIncluded, new Date(createdAt)));
    },
    changedProducts: (since, pageOptions) => products.changed(since, pageOptions?.pageSize),
    productsBySku: (skus, stockOptions) => products.bySku(skus, stockOptions?.locationId),
    setStock: (levels, stockOptions) => stock.set(levels, stockOptions),
    stockBatchSize: QUANTITIES_PER_CALL,
    fulfilmentPlan: (order, shipment, fulfilOptions) => fulfilment.plan(order, shipment, fulfilOptions),
    fulfil: (order, shipment, fulfilOptions) => fulfilment.fulfil(order, shipment, fulfilOptions),

    async addOrderTags(orderId: string, tags: string[]): Promise<void> {
      await graphql.mutate<{ userErrors: ShopifyUserError[] }>(TAGS_ADD, 'tagsAdd', { id: orderId, tags }, MUTATION_COST);
    },

    callCount: () => http.callCount(),
    clockSkewMs: () => http.clockSkewMs(),
  };
}

function buildAuth(options: ShopifyClientOptions, shopUrl: string): AuthPlugin | RenewableAuth {
  if (options.accessToken) return accessTokenAuth(options.accessToken);
  if (options.clientId && options.clientSecret) {
    return clientCredentialsAuth({
      shopUrl,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      now: options.now,
      http: { onCall: options.onCall, retry: options.retry, timeoutMs: options.timeoutMs },
    });
  }
  throw new TypeError('Shopify needs webshop.accessToken, or webshop.clientId and webshop.clientSecret');
}
