import type { Minor } from '../domain/money.js';
import type { WebshopPlatform } from './systems.js';

/**
 * The one interface flows use to talk to a webshop, whichever platform it is.
 * Shopify (GraphQL Admin API) and WooCommerce (REST v3) implement it; flows never ask which.
 * What it returns is our own types: no platform field names reach a flow.
 */
export interface Webshop {
  readonly platform: WebshopPlatform;
  /** Who this shop is, for the store's identity binding (README, "Guarantees": a store belongs to one set of systems). */
  identity(): Promise<WebshopIdentity>;
  /**
   * Orders modified at or after `since` (UTC), oldest first with a stable tiebreak on the platform id,
   * one page at a time. Orders modified while paging are neither skipped nor doubled.
   */
  changedOrders(since: Date, options?: { pageSize?: number }): AsyncIterable<ShopOrder[]>;
  /** One order by its number as the shop shows it (WooCommerce `1042`, Shopify `#1042` or `1042`). */
  orderByNumber(number: string): Promise<ShopOrder | undefined>;
  /**
   * Sellable items (products without variants, and each variant) changed at or after `since` (UTC),
   * oldest change first, one page at a time. A change to a product counts for each of its variants
   * (their names carry its name). Items changed while paging are neither skipped nor doubled: a
   * changed one comes again with its new state, later in the same read (Shopify) or in the next
   * read from the newest time this one gave out (WooCommerce, whose read covers changes up to its
   * start). Items without a SKU come with `sku` undefined.
   */
  changedProducts(since: Date, options?: { pageSize?: number }): AsyncIterable<ShopProduct[]>;
  /**
   * The items carrying these SKUs (exact match), with their ids and current stock, looked up in
   * batches (WooCommerce 100 SKUs a request, Shopify 50 a query). A SKU no item carries is absent
   * from the answer; one that several items carry (Shopify allows it) comes once per item.
   */
  productsBySku(skus: readonly string[], options?: StockOptions): Promise<ShopProduct[]>;
  /**
   * Sets absolute stock levels, batched (WooCommerce 100 items a request, Shopify 250 quantities a
   * call), switching an item that does not track stock to tracked. One result per level, in the
   * same order: a refusal of one item fails that SKU alone and the rest still count. Throws only
   * when the shop cannot be written at all (credentials, unreachable, a persisting 5xx).
   */
  setStock(levels: readonly StockLevel[], options?: SetStockOptions): Promise<StockWriteResult[]>;
  /** The most levels one setStock request takes (WooCommerce 100 items a batch, Shopify 250 quantities a call). */
  readonly stockBatchSize: number;
  /**
   * What `fulfil` would write now, read fresh from the shop; writes nothing (dry-run, and the
   * state check before a state change). No writes: the shop already shows the shipment (adopt it).
   */
  fulfilmentPlan(order: ShopOrderRef, shipment: Shipment, options?: FulfilOptions): Promise<FulfilmentPlan>;
  /**
   * Brings the shop's fulfilment up to the shipment: reads the current state first and writes only
   * what is missing, so running it again, or after a person fulfilled by hand, writes nothing more.
   * Shopify: `fulfillmentCreate` on the order's open fulfillment orders for the units shipped and
   * not yet fulfilled, with the tracking. WooCommerce: an order note with the tracking and the
   * shipment's reference (a customer note when notifying), then the completed status once every
   * line has shipped. Writes nothing when the plan is refused or waiting.
   */
  fulfil(order: ShopOrderRef, shipment: Shipment, options?: FulfilOptions): Promise<FulfilmentResult>;
  /**
   * The order's refunds, oldest first, each with what it gave back (lines, shipping, amounts net of
   * VAT and the VAT beside them): WooCommerce `GET /orders/{id}/refunds`, Shopify `Order.refunds`.
   * Read only for orders whose `refunded` says they have any.
   */
  refunds(order: ShopOrderRef): Promise<ShopRefund[]>;
  /**
   * How far the shop's clock, which stamps its orders' times, ran from ours at its latest answer
   * (ms; negative: behind), or undefined before the first answer.
   */
  clockSkewMs(): number | undefined;
}

export interface WebshopIdentity {
  platform: WebshopPlatform;
  /** Stable id of the shop: the normalised shop URL (`https://name.myshopify.com`, the site root). */
  id: string;
  name: string;
}

export interface ShopAddress {
  name: string;
  company?: string | undefined;
  address1: string;
  address2?: string | undefined;
  city: string;
  postcode: string;
  /** ISO 3166-1 alpha-2 (`DK`). */
  country: string;
  state?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
}

export interface ShopCustomer {
  /** The platform's customer id; undefined for guest checkouts. */
  id?: string | undefined;
  email: string;
  name: string;
  company?: string | undefined;
  phone?: string | undefined;
  /**
   * The buyer's VAT number as the shop keeps it (B2B): WooCommerce from the EU VAT plugins' order
   * meta, Shopify from the B2B company location's tax registration ID.
   */
  vatNumber?: string | undefined;
  /**
   * The shop marked the buyer exempt from VAT: WooCommerce's `is_vat_exempt` order meta (what the
   * EU VAT plugins set for a valid VAT number), Shopify's order tax exemption or the customer's EU
   * reverse-charge exemption. Whether VAT was charged is read from the amounts, not from this.
   */
  vatExempt?: boolean | undefined;
}

export interface ShopOrderLine {
  /** The platform's line id. */
  id: string;
  /** null when the product has no SKU or was deleted: the flow fails the order with a hint. */
  sku: string | null;
  name: string;
  quantity: number;
  /**
   * Price of one unit before line discounts, as the shop shows it (incl. VAT when pricesIncludeTax).
   * Platforms that only keep line amounts (WooCommerce) divide by the quantity, rounding half-up.
   */
  unitPrice: Minor;
  /** Discount on the whole line (all units), same tax basis as unitPrice. */
  discount: Minor;
  /** VAT on the whole line after discount. */
  tax: Minor;
  /** VAT rate in percent (25, 25.5, 0) when the platform tells it or it can be derived. */
  taxRatePercent?: number | undefined;
}

export interface ShopChargeLine {
  /** Shipping method, fee or coupon code as the shop names it. */
  title: string;
  /** Amount on the same tax basis as the order's lines. */
  amount: Minor;
  tax: Minor;
}

export interface ShopOrderTotals {
  /** What the buyer pays, VAT included. */
  total: Minor;
  tax: Minor;
  shipping: Minor;
  discount: Minor;
}

export interface ShopOrder {
  platform: WebshopPlatform;
  /** The platform's own id (WooCommerce `727`, Shopify `gid://shopify/Order/…`). */
  id: string;
  /** The number people see, without `#` (`1042`). */
  number: string;
  /** The platform's own status name (`processing`, `paid`, `partially_paid`), lower case. */
  status: string;
  currency: string;
  customer: ShopCustomer;
  billing: ShopAddress;
  shipping?: ShopAddress | undefined;
  lines: ShopOrderLine[];
  shippingLines: ShopChargeLine[];
  feeLines: ShopChargeLine[];
  /** Coupon or discount codes applied to the order (their amounts are inside the lines' discount). */
  discountCodes: string[];
  totals: ShopOrderTotals;
  pricesIncludeTax: boolean;
  paymentMethod: string;
  /**
   * The payment method's id as the platform names it, for mapping methods to accounts
   * (`orders.invoice.payment.byMethod`): WooCommerce `payment_method` (`stripe`), Shopify the first
   * payment gateway (`shopify_payments`).
   */
  paymentGateway: string;
  /** When the buyer paid, if the shop says the order is paid (WooCommerce `date_paid_gmt`; Shopify `processedAt` of a paid order). */
  paidAt?: Date | undefined;
  createdAt: Date;
  modifiedAt: Date;
  /**
   * Whether the order has refunds (WooCommerce: its `refunds` list; Shopify: financial status
   * partially refunded or refunded): Webshop.refunds reads them.
   */
  refunded?: boolean | undefined;
  /** Whether the order was cancelled (WooCommerce status `cancelled`; Shopify `cancelledAt`). */
  cancelled?: boolean | undefined;
  /** The raw platform payload, for the transfer log's source payload. */
  raw: unknown;
}

/** One refunded order line: positive quantities, amounts for all its units. */
export interface ShopRefundLine {
  /** The order line's id (ShopOrderLine.id). */
  lineId: string;
  sku: string | null;
  name: string;
  quantity: number;
  /**
   * Whether the shop says these units came back into stock: Shopify's `restockType` RETURN or
   * LEGACY_RESTOCK; WooCommerce says it per refund only when it is made (`api_restock`), so every
   * refunded unit of a product line counts (orders.refunds.restock, README).
   */
  returned: boolean;
  /** What was given back for these units, net of VAT. */
  net: Minor;
  tax: Minor;
}

/** One refund of an order, in the shop's own words, normalised (WooCommerce's negative quantities made positive). */
export interface ShopRefund {
  /** The platform's refund id (WooCommerce `724`, Shopify `gid://shopify/Refund/…`). */
  id: string;
  order: ShopOrderRef;
  createdAt: Date;
  reason: string;
  lines: ShopRefundLine[];
  /** Shipping given back, net of VAT, and its VAT. */
  shipping: { net: Minor; tax: Minor };
  /** What the buyer got back in all, VAT included (positive). More than lines and shipping: an amount refunded without lines. */
  total: Minor;
  raw: unknown;
}

/** Where stock is read and written. */
export interface StockOptions {
  /**
   * Shopify: the location (a Location GID or its number); default the shop's primary location.
   * WooCommerce keeps one stock per item and has no locations: it leaves this alone.
   */
  locationId?: string | undefined;
}

export interface SetStockOptions extends StockOptions {
  /** Shopify: the inventory change's reason (default `correction`; Shopify's list of reasons). */
  reason?: string | undefined;
  /**
   * Shopify: the URI recorded as the change's source in the inventory history
   * (`referenceDocumentUri`), e.g. `gid://iex-sync/StockSync/<run>`; default names the time.
   */
  reference?: string | undefined;
}

/** One level to write: the item as productsBySku gave it, and the units it is to show as available. */
export interface StockLevel {
  sku: string;
  /** The item's stock as productsBySku (or changedProducts) answered it: its target says where to write. */
  stock: ShopStock;
  /** Absolute units available, a whole number ≥ 0. */
  quantity: number;
}

export type StockWriteResult =
  | { sku: string; ok: true; quantity: number }
  /** The shop refused this item: its message (and code), for the record's failure. */
  | { sku: string; ok: false; message: string; code?: string | undefined };

/** The order to fulfil: its platform id (and number, for messages), as ShopOrder has them. */
export type ShopOrderRef = Pick<ShopOrder, 'id' | 'number'>;

/** A shipment of the order, as its source (Rackbeat) knows it. */
export interface Shipment {
  /**
   * The shipment's reference in its source, derived only from it (`Rackbeat delivery 5012`): the
   * WooCommerce note carries it, so a note for one shipment is never added twice.
   */
  reference: string;
  /**
   * Per order line (ShopOrderLine.id), the units shipped so far in all: this shipment and every
   * one before it. A line left out has shipped nothing. Cumulative, so the same shipment asked again
   * fulfils nothing more.
   */
  shipped: readonly ShippedLine[];
  /** Absent when the shipment has no tracking: it is fulfilled without. */
  tracking?: ShipmentTracking | undefined;
}

export interface ShippedLine {
  lineId: string;
  quantity: number;
}

export interface ShipmentTracking {
  number?: string | undefined;
  /** The carrier as the shop shows it (`UPS`, `PostNord`). */
  company?: string | undefined;
  url?: string | undefined;
}

export interface FulfilOptions {
  /** Let the shop tell the customer (Shopify `notifyCustomer`, WooCommerce a customer note); default true. */
  notifyCustomer?: boolean | undefined;
  /** WooCommerce: the status a fully shipped order gets (default `completed`). */
  completedStatus?: string | undefined;
}

/** One write a fulfilment makes, in our terms (for the log and dry-run). */
export type FulfilmentWrite =
  /** Shopify: a fulfillment of these units (per order line) now. */
  | { kind: 'fulfilment'; lines: ShippedLine[]; tracking?: ShipmentTracking | undefined; notifyCustomer: boolean }
  /** WooCommerce: an order note. */
  | { kind: 'note'; text: string; customerNote: boolean }
  /** WooCommerce: the order's new status. */
  | { kind: 'status'; status: string };

export interface FulfilmentPlan {
  /** Why the order must not be fulfilled: it was cancelled or refunded in the shop. Nothing is written. */
  refused?: string | undefined;
  /** Why nothing can be fulfilled now though some is due (a fulfillment order on hold or scheduled): try again later. */
  waiting?: string | undefined;
  /** Whether the whole order has shipped once the writes are made. */
  complete: boolean;
  /** What is still to write, in order; empty when the shop already shows the shipment. */
  writes: FulfilmentWrite[];
}

export interface FulfilmentResult extends FulfilmentPlan {
  /** What was made: Shopify fulfillment ids, the WooCommerce note id; empty when nothing was. */
  ids: string[];
}

/** Where an item is in its life: on sale, not on sale yet (or hidden), retired. */
export type ShopProductStatus = 'active' | 'draft' | 'archived';

/**
 * One sellable item: a product without variants, or one variant of a product (each variant is an
 * item of its own, as Rackbeat and e-conomic keep them). Containers (a WooCommerce variable or
 * grouped product) are not items; their variants are.
 */
export interface ShopProduct {
  platform: WebshopPlatform;
  /** The item's own id: the variant's for a variant (WooCommerce `94`, Shopify `gid://shopify/ProductVariant/…`), else the product's. */
  id: string;
  /** The product it belongs to (WooCommerce: itself for a simple product, the parent for a variation). */
  productId: string;
  /** Set for a variant (the same as `id`). */
  variantId?: string | undefined;
  /** Trimmed; undefined when the item has none (the products flow skips it with the reason). */
  sku: string | undefined;
  /** `Parent – option values` for a variant (the values as the shop shows them: `Red, M`, `Red / M`), else the product's name. */
  name: string;
  /**
   * Price of one unit as the shop states it: WooCommerce's regular price (not a temporary sale
   * price), Shopify's price; undefined when the shop has none (WooCommerce allows an empty price).
   */
  price: Minor | undefined;
  /** Whether `price` includes VAT (the shop's prices-include-tax setting). */
  pricesIncludeTax: boolean;
  /** Cost of one unit where the platform keeps one (Shopify's inventory item unit cost), net of VAT. */
  costPrice?: Minor | undefined;
  /** GTIN, EAN, UPC or ISBN (WooCommerce `global_unique_id`, Shopify `barcode`). */
  barcode?: string | undefined;
  status: ShopProductStatus;
  stock: ShopStock;
  createdAt: Date;
  /**
   * The time the changes cursor orders this item by (UTC, whole seconds): the newer of the
   * variant's and its product's modified times (WooCommerce), the product's updated time (Shopify).
   */
  modifiedAt: Date;
  /** The raw platform payload, for the transfer log's source payload. */
  raw: unknown;
}

/** An item's stock as the shop keeps it, and where a new level is written. */
export interface ShopStock {
  /** Whether the shop counts this item's stock (WooCommerce `manage_stock`, Shopify inventory item `tracked`). */
  tracked: boolean;
  /**
   * Units the shop shows as available: the item's own (WooCommerce; a variation keeping its stock on
   * the parent shows the parent's), at the location asked for (Shopify, productsBySku) or across all
   * locations (Shopify, changedProducts); undefined when not tracked or not stocked there.
   */
  available: number | undefined;
  /** Opaque: where setStock writes this item's level. Flows pass it back unchanged. */
  target: string;
}
