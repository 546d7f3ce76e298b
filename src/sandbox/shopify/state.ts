import type { CatalogueCustomer } from '../catalogue.js';
import { seededRandom } from '../harness/random.js';
import { SimFulfillments } from './fulfillment.js';
import { SimInventory, PRIMARY_LOCATION_ID } from './inventory.js';
import { SimJobs } from './jobs.js';
import { seedOrder, type OrderSeedOptions, type SimOrder } from './orders.js';
import { refundOrder, type SimRefund, type SimRefundInput } from './refunds.js';
import type { NewSimProduct, SimProduct, SimVariant } from './products.js';

export interface ShopifySimStateOptions {
  /** Milliseconds since the epoch; tests move it by hand. */
  now?: () => number;
  seed?: number;
  /** The fixed Admin API access token a custom app shows once (X-Shopify-Access-Token). */
  accessToken?: string;
  clientId?: string;
  clientSecret?: string;
  /** [S] client-credentials tokens live about 24 hours (Shopify API docs, Authentication). */
  tokenLifetimeSeconds?: number;
}

export const SIM_SHOPIFY_ACCESS_TOKEN = 'sim-shopify-token';
export const SIM_SHOPIFY_CLIENT_ID = 'sim-shopify-client-id';
export const SIM_SHOPIFY_CLIENT_SECRET = 'sim-shopify-client-secret';
const FIRST_ORDER_ID = 5_500_000_001;
const FIRST_REFUND_ID = 9_900_000_001;
const FIRST_ORDER_NUMBER = 1001;
const FIRST_PRODUCT_ID = 8_800_000_001;
const FIRST_VARIANT_ID = 4_400_000_001;
const FIRST_INVENTORY_ITEM_ID = 4_900_000_001;

/** The simulated shop's data and the in-process controls tests use (update an order or a product, expire tokens). */
export class ShopifySimState {
  readonly shop = {
    id: 'gid://shopify/Shop/77001',
    name: 'iex-sync sandbox shop',
    myshopifyDomain: 'iex-sync-sandbox.myshopify.com',
    currency: 'DKK' as const,
    timezone: 'Europe/Copenhagen',
    /** Danish shops show prices with VAT. */
    taxesIncluded: true,
  };
  readonly orders = new Map<number, SimOrder>();
  /** Refunds by order id, oldest first (refunds.ts). */
  readonly refunds = new Map<number, SimRefund[]>();
  readonly products = new Map<number, SimProduct>();
  /** Every product's variants by id, and by their inventory item's id. */
  readonly variants = new Map<number, SimVariant>();
  readonly variantsByItem = new Map<number, SimVariant>();
  readonly inventory = new SimInventory();
  readonly fulfillments = new SimFulfillments();
  /** Asynchronous jobs (`orderCancel`), run at the start of the request after the one that queued them. */
  readonly jobs = new SimJobs();
  /** Idempotency keys of mutations (refundCreate's prefixed with its name): the input they came with and the result (undefined: failed). */
  readonly idempotency = new Map<string, { params: string; result: unknown }>();
  /** Cost points charged so far (the actual costs), for benchmarks. */
  pointsCharged = 0;
  readonly now: () => number;
  readonly accessToken: string;
  readonly clientId: string;
  readonly clientSecret: string;
  tokenLifetimeSeconds: number;
  /** Tokens issued by the client-credentials grant, with their expiry (ms). */
  private readonly issuedTokens = new Map<string, number>();
  private readonly random: () => number;
  private readonly customerIds = new Map<string, number>();
  private nextOrderIndex = 0;
  private nextLineId = 9_100_000_001;
  private tokenCounter = 0;
  private nextProductId = FIRST_PRODUCT_ID;
  private nextVariantId = FIRST_VARIANT_ID;
  private nextInventoryItemId = FIRST_INVENTORY_ITEM_ID;

  constructor(options: ShopifySimStateOptions = {}) {
    this.now = options.now ?? Date.now;
    this.random = seededRandom(options.seed ?? 1);
    this.accessToken = options.accessToken ?? SIM_SHOPIFY_ACCESS_TOKEN;
    this.clientId = options.clientId ?? SIM_SHOPIFY_CLIENT_ID;
    this.clientSecret = options.clientSecret ?? SIM_SHOPIFY_CLIENT_SECRET;
    this.tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 86_399;
  }

  /**
   * Adds `count` seeded orders, created `spacingSeconds` (default 600) apart from `startAt`
   * (default: after the newest order; in an empty shop so that the last lands an hour before now,
   * as the other webshop simulator does). Returns them.
   */
  addOrders(count: number, options: OrderSeedOptions & { startAt?: number; spacingSeconds?: number } = {}): SimOrder[] {
    const spacing = (options.spacingSeconds ?? 600) * 1000;
    const newest = this.latestUpdate();
    let at = options.startAt ?? (newest === undefined ? this.now() - 3_600_000 - count * spacing : newest + spacing);
    const added: SimOrder[] = [];
    for (let n = 0; n < count; n += 1) {
      const index = this.nextOrderIndex;
      this.nextOrderIndex += 1;
      const order = seedOrder(
        index,
        {
          order: FIRST_ORDER_ID + index,
          number: FIRST_ORDER_NUMBER + index,
          nextLineId: () => this.nextLineId++,
          customerId: (customer) => this.customerId(customer),
        },
        at,
        this.random,
        options,
      );
      this.orders.set(order.id, order);
      added.push(order);
      at += spacing;
    }
    return added;
  }

  /** Changes an order as a person in the admin would: `updatedAt` moves to now (whole seconds, later than before). */
  updateOrder(id: number, change: (order: SimOrder) => void = () => undefined): SimOrder {
    const order = this.order(id);
    change(order);
    order.updatedAt = this.later(order.updatedAt);
    return order;
  }

  /** A merchant refunds units (and the shipping), by `refundCreate` or a test; the order's status and updatedAt move. */
  refund(id: number, input: SimRefundInput): SimRefund {
    let made: SimRefund | undefined;
    this.updateOrder(id, (order) => {
      const earlier = this.refunds.get(id) ?? [];
      made = refundOrder(order, earlier, input, { refundId: FIRST_REFUND_ID + [...this.refunds.values()].flat().length, now: this.later(order.updatedAt) });
      this.refunds.set(id, [...earlier, made]);
    });
    return made as SimRefund;
  }

  /** Test control: a merchant fulfils everything left on the order in the admin, without tracking. */
  fulfilByHand(id: number): SimOrder {
    const order = this.order(id);
    const take = this.fulfillments
      .of(order)
      .filter((fulfillmentOrder) => fulfillmentOrder.status === 'OPEN' || fulfillmentOrder.status === 'IN_PROGRESS')
      .flatMap((fulfillmentOrder) => fulfillmentOrder.lines.filter((line) => line.remainingQuantity > 0).map((line) => ({ fulfillmentOrder, line, quantity: line.remainingQuantity })));
    this.fulfillments.fulfil(order, take, { createdAt: Math.floor(this.now() / 1000) * 1000, notifyCustomer: false, tracking: null });
    return this.updateOrder(id, (changed) => (changed.fulfillmentStatus = 'FULFILLED'));
  }

  /** Test control: a merchant cancels the order (VOIDED); its fulfillment orders close with nothing left to fulfil. */
  cancelOrder(id: number): SimOrder {
    const order = this.order(id);
    for (const fulfillmentOrder of this.fulfillments.of(order)) {
      fulfillmentOrder.status = 'CLOSED';
      for (const line of fulfillmentOrder.lines) line.remainingQuantity = 0;
    }
    return this.updateOrder(id, (changed) => (changed.financialStatus = 'VOIDED'));
  }

  /**
   * Adds a product as a merchant would, created and updated `at` (default now, whole seconds), its
   * tracked variants stocked at the primary location.
   */
  addProduct(input: NewSimProduct, at = this.now()): SimProduct {
    const seconds = Math.floor(at / 1000) * 1000;
    const product: SimProduct = {
      id: this.nextProductId++,
      title: input.title,
      status: input.status ?? 'ACTIVE',
      optionNames: input.optionNames ?? [],
      variants: [],
      createdAt: seconds,
      updatedAt: seconds,
    };
    for (const [index, spec] of input.variants.entries()) {
      const tracked = spec.tracked ?? true;
      const variant: SimVariant = {
        id: this.nextVariantId++,
        productId: product.id,
        options: spec.options ?? [],
        sku: spec.sku,
        barcode: spec.barcode ?? null,
        price: spec.price,
        position: index + 1,
        inventoryItem: { id: this.nextInventoryItemId++, tracked, unitCost: spec.unitCost ?? null, createdAt: seconds, updatedAt: seconds },
        createdAt: seconds,
        updatedAt: seconds,
      };
      product.variants.push(variant);
      this.variants.set(variant.id, variant);
      this.variantsByItem.set(variant.inventoryItem.id, variant);
      // Stocked at the primary location whether tracked or not, as Shopify creates an item's level.
      this.inventory.set(variant.inventoryItem.id, PRIMARY_LOCATION_ID, spec.available ?? 0, seconds);
    }
    this.products.set(product.id, product);
    return product;
  }

  /** Changes a product as a merchant would in the admin: its `updatedAt` moves to now. */
  updateProduct(id: number, change: (product: SimProduct) => void = () => undefined): SimProduct {
    const product = this.products.get(id);
    if (!product) throw new Error(`no simulated Shopify product ${id}`);
    change(product);
    product.updatedAt = this.later(product.updatedAt);
    return product;
  }

  /**
   * Changes a variant (price, SKU, barcode): its `updatedAt` moves to now, and so does its product's
   * ([U] a variant edit counts as a product update, as the products/update webhook fires for it).
   */
  updateVariant(id: number, change: (variant: SimVariant) => void = () => undefined): SimVariant {
    const variant = this.variants.get(id);
    if (!variant) throw new Error(`no simulated Shopify variant ${id}`);
    change(variant);
    variant.updatedAt = this.later(variant.updatedAt);
    this.updateProduct(variant.productId);
    return variant;
  }

  private order(id: number): SimOrder {
    const order = this.orders.get(id);
    if (!order) throw new Error(`no simulated Shopify order ${id}`);
    return order;
  }

  /** Now in whole seconds, and later than `previous` (two changes in one second still order). */
  private later(previous: number): number {
    return Math.max(Math.floor(this.now() / 1000) * 1000, previous + 1000);
  }

  /** Client-credentials grant: a new token valid for tokenLifetimeSeconds. */
  issueToken(): { token: string; expiresInSeconds: number } {
    this.tokenCounter += 1;
    const token = `sim-shopify-issued-${this.tokenCounter}`;
    this.issuedTokens.set(token, this.now() + this.tokenLifetimeSeconds * 1000);
    return { token, expiresInSeconds: this.tokenLifetimeSeconds };
  }

  isValidToken(token: string | undefined): boolean {
    if (token === undefined) return false;
    if (token === this.accessToken) return true;
    const expiresAt = this.issuedTokens.get(token);
    return expiresAt !== undefined && this.now() < expiresAt;
  }

  /** Test control: every token issued so far stops working (the fixed access token keeps working). */
  expireTokens(): void {
    for (const token of this.issuedTokens.keys()) this.issuedTokens.set(token, 0);
  }

  private latestUpdate(): number | undefined {
    let latest: number | undefined;
    for (const order of this.orders.values()) latest = Math.max(latest ?? order.updatedAt, order.updatedAt);
    return latest;
  }

  /** A returning customer keeps one id across orders. */
  private customerId(customer: CatalogueCustomer): number {
    let id = this.customerIds.get(customer.email);
    if (id === undefined) {
      id = 7_300_000_001 + this.customerIds.size;
      this.customerIds.set(customer.email, id);
    }
    return id;
  }
}

export type { SimOrder } from './orders.js';
