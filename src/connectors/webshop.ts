import type { Minor } from '../domain/money.js';
import type { WebshopPlatform } from './systems.js';

/**
 * The one interface flows use to talk to a webshop, whichever platform it is.
 * Shopify (GraphQL Admin API) and WooCommerce (REST v3) implement it; flows never ask which.
 * Stock, fulfilment and notes are added by the flows that need them.
 */
export interface Webshop {
  readonly platform: WebshopPlatform;
  /** Who this shop is, for the store's identity binding (design, "Identity"). */
  identity(): Promise<WebshopIdentity>;
  /**
   * Orders modified at or after `since` (UTC), oldest first with a stable tiebreak on the platform id,
   * one page at a time. Orders modified while paging are neither skipped nor doubled.
   */
  changedOrders(since: Date, options?: { pageSize?: number }): AsyncIterable<ShopOrder[]>;
  /** One order by its number as the shop shows it (WooCommerce `1042`, Shopify `#1042` or `1042`). */
  orderByNumber(number: string): Promise<ShopOrder | undefined>;
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
  createdAt: Date;
  modifiedAt: Date;
  /** The raw platform payload, for the transfer log's source payload. */
  raw: unknown;
}
