import { bearerAuth } from '../http/auth.js';
import { createHttpClient } from '../http/client.js';
import { firstCall, type FirstCallCheck } from '../http/first-call.js';
import { parseRackbeatRateHeaders, type RateHeaderReading } from '../http/rate-headers.js';
import { TokenBucketLimiter } from '../http/rate-limit.js';
import type { CallRecord, HttpClient, RetryPolicy } from '../http/types.js';
import { rackbeatAdjustments, type RackbeatAdjustments } from './adjustments.js';
import { createCustomer, findCustomerByEmail, getCustomer } from './customers.js';
import { parseRackbeatError } from './errors.js';
import { orderShipments, shippedAt } from './shipments.js';
import { OrderHeadingIndex } from './order-headings.js';
import { installedApps, type InstalledApp } from './plugins.js';
import { bookOrder, changedOrders, createDraftOrder, deleteOrder, findOrderByHeading, getOrder, type ChangedOrdersOptions } from './orders.js';
import type { RackbeatContext } from './paging.js';
import { changedProducts, createProduct, createProductGroup, getProduct, listProductGroups, productFinder, updateProduct } from './products.js';
import { rackbeatStock, type RackbeatStockReader } from './stock.js';
import { assertTimeZone } from './timestamps.js';
import type {
  ApiSelf,
  CreatedRackbeatOrder,
  NewRackbeatCustomer,
  NewRackbeatOrder,
  NewRackbeatProduct,
  NewRackbeatProductGroup,
  RackbeatCustomer,
  RackbeatIdentity,
  RackbeatOrder,
  RackbeatShipment,
  RackbeatProduct,
  RackbeatProductChanges,
  RackbeatProductGroup,
} from './types.js';

export interface RackbeatClientOptions {
  /** `rackbeat.url`, e.g. `https://app.rackbeat.com/api`. */
  url: string;
  /** `rackbeat.apiKey`: sent as a Bearer token, never logged. */
  apiKey: string;
  /** `rackbeat.timezone`: the zone of Rackbeat's zoneless timestamps. */
  timezone: string;
  /** Who calls (the official SDK sends it and warns that leaving it out may get an IP blocked). */
  consumer?: { name: string; contact: string };
  onCall?: (call: CallRecord) => void;
  /**
   * Client-side limit until Rackbeat's headers tell it: default 8 at once, 7.5 a second (under the
   * 480 a minute the laravel-rackbeat client keeps to).
   */
  rateLimit?: { capacity: number; refillPerSecond: number };
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  concurrency?: number;
  /** Rows per list call (default 250; Rackbeat allows up to 1000). */
  pageSize?: number;
  /** Injectable for tests (jitter and backoff sleep). */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface RackbeatClient {
  readonly http: HttpClient;
  /** `GET /self`: the connection check and the account's identity for the store. */
  self(): Promise<RackbeatIdentity>;
  /** Products changed at or after `since`, oldest first, one page at a time. */
  changedProducts(since: Date): AsyncIterable<RackbeatProduct[]>;
  product(number: string): Promise<RackbeatProduct | undefined>;
  /** A new finder of products by exact number, for a run's page-batched look-ups (see productFinder). */
  productFinder(): (numbers: readonly string[]) => Promise<Map<string, RackbeatProduct>>;
  createProduct(input: NewRackbeatProduct): Promise<RackbeatProduct>;
  updateProduct(number: string, changes: RackbeatProductChanges): Promise<RackbeatProduct>;
  productGroups(): Promise<RackbeatProductGroup[]>;
  createProductGroup(input: NewRackbeatProductGroup): Promise<RackbeatProductGroup>;
  customer(number: number): Promise<RackbeatCustomer | undefined>;
  findCustomerByEmail(email: string): Promise<RackbeatCustomer | undefined>;
  createCustomer(input: NewRackbeatCustomer): Promise<RackbeatCustomer>;
  /** Orders changed at or after `since`, oldest first; `{ booked: true }` for leg 2. */
  changedOrders(since: Date, options?: ChangedOrdersOptions): AsyncIterable<RackbeatOrder[]>;
  order(number: number): Promise<RackbeatOrder | undefined>;
  /** Creates a draft and reads it back. A lost answer throws outcome-unknown: use findOrderByHeading. */
  createDraftOrder(input: NewRackbeatOrder): Promise<CreatedRackbeatOrder>;
  /** Books the order; a no-op when it already is. */
  bookOrder(number: number): Promise<RackbeatOrder>;
  /** Deletes an order with no shipment or invoice yet (refused otherwise); false when it is not there. */
  deleteOrder(number: number): Promise<boolean>;
  /** When a shipped order shipped (its `shipped_at`, else its shipments); undefined when it is not shipped. */
  shippedAt(order: RackbeatOrder): Promise<Date | undefined>;
  /** The order's shipped deliveries, oldest first, with their lines and tracking (fulfilment). */
  shipments(orderNumber: number): Promise<RackbeatShipment[]>;
  /** The order carrying our reference in `heading`, or undefined; scans changes since `scanSince` if search misses. */
  findOrderByHeading(heading: string, scanSince: Date): Promise<RackbeatOrder | undefined>;
  /** A new index of orders by heading, for looking many up at once (one read of the orders changed since a time). */
  orderHeadingIndex(): OrderHeadingIndex;
  /** Every product's stock, in the account or at a location (the stock flow). */
  readonly stock: RackbeatStockReader;
  /** Inventory adjustments: returned goods put back into stock (orders.refunds.restock). */
  readonly adjustments: RackbeatAdjustments;
  /** The apps installed on the account (`/user-account-plugins`): Rackbeat's own e-conomic app transfers invoices too. */
  installedApps(): Promise<InstalledApp[]>;
}

export const DEFAULT_RACKBEAT_CONSUMER = { name: 'iex-sync', contact: 'iex-sync@users.noreply.invalid' };

/**
 * `X-RateLimit-Limit` is Laravel's per-minute throttle (read by the laravel-rackbeat client;
 * Rackbeat's docs do not state its limits), so the client adopts it as its refill rate: a raised
 * limit (a benchmark's simulator, a bigger plan) speeds it up by itself, while
 * `X-RateLimit-Remaining` and 429s keep it below what the server allows.
 */
function readRateHeaders(headers: Record<string, string>): RateHeaderReading | undefined {
  const reading = parseRackbeatRateHeaders(headers);
  return reading?.limit === undefined ? reading : { ...reading, windowSeconds: 60 };
}

/** `GET /self` is the first call of a run: it also checks `rackbeat.url`. */
const SELF_CHECK: FirstCallCheck<ApiSelf> = {
  urlKey: 'rackbeat.url',
  expected: 'the API root, https://app.rackbeat.com/api (nothing after /api)',
  what: 'a Rackbeat account (user_account with id and company_name)',
  read: (data) => {
    const account = (data as Partial<ApiSelf> | null | undefined)?.user_account;
    const idOk = typeof account?.id === 'number' || (typeof account?.id === 'string' && account.id !== '');
    return idOk && typeof account?.company_name === 'string' ? (data as ApiSelf) : undefined;
  },
};

export function createRackbeatClient(options: RackbeatClientOptions): RackbeatClient {
  assertTimeZone(options.timezone);
  const consumer = options.consumer ?? DEFAULT_RACKBEAT_CONSUMER;
  const limit = options.rateLimit ?? { capacity: 8, refillPerSecond: 7.5 };
  const http = createHttpClient({
    system: 'rackbeat',
    baseURL: options.url,
    // The headers Rackbeat's official laravel-client SDK sends: version, consumer name and contact,
    // User-Agent.
    auth: bearerAuth(options.apiKey, {
      'Content-Type': 'application/json',
      'API-Version': 'latest',
      'Consumer-Name': consumer.name,
      'Consumer-Contact': consumer.contact,
      'User-Agent': `${consumer.name} (${consumer.contact})`,
    }),
    rateLimiter: new TokenBucketLimiter({ ...limit, parseHeaders: readRateHeaders }),
    parseError: parseRackbeatError,
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.onCall ? { onCall: options.onCall } : {}),
    ...(options.random ? { random: options.random } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  const context: RackbeatContext = { http, timeZone: options.timezone, pageSize: options.pageSize ?? 250 };

  return {
    http,
    async self() {
      const { user_account: account } = await firstCall(http, { method: 'GET', path: '/self' }, SELF_CHECK);
      return { accountId: String(account.id), name: account.company_name };
    },
    changedProducts: (since) => changedProducts(context, since),
    product: (number) => getProduct(context, number),
    productFinder: () => productFinder(context),
    createProduct: (input) => createProduct(context, input),
    updateProduct: (number, changes) => updateProduct(context, number, changes),
    productGroups: () => listProductGroups(context),
    createProductGroup: (input) => createProductGroup(context, input),
    customer: (number) => getCustomer(context, number),
    findCustomerByEmail: (email) => findCustomerByEmail(context, email),
    createCustomer: (input) => createCustomer(context, input),
    changedOrders: (since, changedOptions) => changedOrders(context, since, changedOptions),
    order: (number) => getOrder(context, number),
    createDraftOrder: (input) => createDraftOrder(context, input),
    bookOrder: (number) => bookOrder(context, number),
    deleteOrder: (number) => deleteOrder(context, number),
    shippedAt: (order) => shippedAt(context, order),
    shipments: (orderNumber) => orderShipments(context, orderNumber),
    findOrderByHeading: (heading, scanSince) => findOrderByHeading(context, heading, scanSince),
    orderHeadingIndex: () => new OrderHeadingIndex((since) => changedOrders(context, since)),
    stock: rackbeatStock(context),
    adjustments: rackbeatAdjustments(context),
    installedApps: () => installedApps(context),
  };
}
