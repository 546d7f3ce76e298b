/**
 * WooCommerce REST API v3 shapes (WooCommerce REST API docs, Orders, Products, Errors), the parts iex-sync reads
 * and writes. Money is a decimal string, except `line_items[].price`, which is a number.
 * Dates carry no zone: `*_gmt` are UTC, the others are site-local.
 */

/** Every status `status=any` lists (`checkout-draft` is left out: unconfirmed whether `any` includes it). */
export const WOO_ORDER_STATUSES = [
  'pending',
  'processing',
  'on-hold',
  'completed',
  'cancelled',
  'refunded',
  'failed',
] as const;
export type WooOrderStatus = (typeof WOO_ORDER_STATUSES)[number];

export interface WooAddress {
  first_name: string;
  last_name: string;
  company: string;
  address_1: string;
  address_2: string;
  city: string;
  state: string;
  postcode: string;
  country: string;
}

export interface WooBillingAddress extends WooAddress {
  email: string;
  phone: string;
}

export interface WooMetaData {
  id: number;
  key: string;
  value: unknown;
  display_key?: string;
  display_value?: string;
}

export interface WooTaxAmount {
  id: number;
  total: string;
  subtotal: string;
}

export interface WooLineItem {
  id: number;
  /** May contain HTML entities (`&ndash;`). */
  name: string;
  parent_name: string | null;
  product_id: number;
  variation_id: number;
  quantity: number;
  tax_class: string;
  /** Line amount before discounts, excluding tax. */
  subtotal: string;
  subtotal_tax: string;
  /** Line amount after discounts, excluding tax. */
  total: string;
  total_tax: string;
  taxes: WooTaxAmount[];
  meta_data: WooMetaData[];
  /** The product's CURRENT SKU; null when the product was deleted. */
  sku: string | null;
  /** total / quantity as a number: after discounts, excluding tax. Not the catalogue price. */
  price: number;
}

export interface WooTaxLine {
  id: number;
  rate_code: string;
  rate_id: number;
  label: string;
  compound: boolean;
  tax_total: string;
  shipping_tax_total: string;
  rate_percent?: number;
  meta_data: WooMetaData[];
}

export interface WooShippingLine {
  id: number;
  method_title: string;
  method_id: string;
  instance_id: string;
  total: string;
  total_tax: string;
  taxes: WooTaxAmount[];
  meta_data: WooMetaData[];
}

export interface WooFeeLine {
  id: number;
  name: string;
  tax_class: string;
  tax_status: 'taxable' | 'none';
  total: string;
  total_tax: string;
  taxes: WooTaxAmount[];
  meta_data: WooMetaData[];
}

export interface WooCouponLine {
  id: number;
  code: string;
  discount: string;
  discount_tax: string;
  meta_data: WooMetaData[];
}

export interface WooRefundSummary {
  id: number;
  reason: string;
  /** Negative decimal string. */
  total: string;
}

/**
 * A refund as `GET /orders/{id}/refunds` answers it (WooCommerce REST API docs, Order refunds; the
 * V2 controller adds shipping_lines): its items are copies of the order's with negative quantities
 * and totals, pointing back at the order item through the `_refunded_item_id` meta.
 */
export interface WooRefund {
  id: number;
  date_created_gmt: string;
  /** Gross, positive decimal string. */
  amount: string;
  reason: string;
  line_items: Array<{ id: number; name: string; sku: string | null; quantity: number; total: string; total_tax: string; meta_data: WooMetaData[] }>;
  shipping_lines?: Array<{ id: number; total: string; total_tax: string }>;
}

export interface WooOrder {
  id: number;
  parent_id: number;
  number: string;
  order_key: string;
  created_via: string;
  version: string;
  status: WooOrderStatus | 'trash';
  currency: string;
  date_created: string;
  date_created_gmt: string;
  date_modified: string;
  date_modified_gmt: string;
  date_paid: string | null;
  date_paid_gmt: string | null;
  date_completed: string | null;
  date_completed_gmt: string | null;
  discount_total: string;
  discount_tax: string;
  shipping_total: string;
  shipping_tax: string;
  cart_tax: string;
  total: string;
  total_tax: string;
  prices_include_tax: boolean;
  customer_id: number;
  customer_note: string;
  payment_method: string;
  payment_method_title: string;
  transaction_id: string;
  billing: WooBillingAddress;
  shipping: WooAddress;
  line_items: WooLineItem[];
  tax_lines: WooTaxLine[];
  shipping_lines: WooShippingLine[];
  fee_lines: WooFeeLine[];
  coupon_lines: WooCouponLine[];
  refunds: WooRefundSummary[];
  meta_data: WooMetaData[];
}

export type WooStockStatus = 'instock' | 'outofstock' | 'onbackorder';

/** Post statuses a product can have (`future`: scheduled to publish; `trash` only when asked for). */
export type WooProductStatus = 'publish' | 'future' | 'draft' | 'pending' | 'private' | 'trash';

/** A variation's attribute: the attribute's name and the option this variation has (`Color`, `Red`). */
export interface WooVariationAttribute {
  id: number;
  name: string;
  option: string;
}

export interface WooProduct {
  id: number;
  /** May contain HTML entities (`&ndash;`); a variation's is `Parent - Red, M`. */
  name: string;
  slug: string;
  /** `variation` only where a list holds variations too (`GET /products?sku=…`). */
  type: 'simple' | 'variable' | 'grouped' | 'external' | 'variation';
  /** The variable product of a variation; 0 otherwise. */
  parent_id: number;
  status: WooProductStatus;
  sku: string;
  /** GTIN, UPC, EAN or ISBN (WooCommerce 9.2+). */
  global_unique_id?: string;
  /** What the product sells for now (the sale price while on sale). */
  price: string;
  /** The standing price; empty when none is set (and on a variable product). */
  regular_price: string;
  /** `"parent"` on a variation that keeps its stock on the parent. */
  manage_stock: boolean | 'parent';
  /** null unless stock is managed. */
  stock_quantity: number | null;
  stock_status: WooStockStatus;
  backorders: 'no' | 'notify' | 'yes';
  low_stock_amount: number | null;
  variations: number[];
  /** On a variation: the options it has; on a product: its attributes (left out here). */
  attributes: WooVariationAttribute[];
  date_created: string;
  date_created_gmt: string;
  date_modified: string;
  date_modified_gmt: string;
}

export interface WooVariation {
  id: number;
  /** Only on the all-variations list (`GET /variations`, WooCommerce 10.3+). */
  parent_id?: number;
  /** `publish`, or `private` for a variation that is switched off. */
  status: 'publish' | 'private';
  sku: string;
  global_unique_id?: string;
  price: string;
  regular_price: string;
  /** `"parent"` (a string) when the variation inherits stock from its parent. */
  manage_stock: boolean | 'parent';
  stock_quantity: number | null;
  stock_status: WooStockStatus;
  backorders: 'no' | 'notify' | 'yes';
  attributes: WooVariationAttribute[];
  date_created: string;
  date_created_gmt: string;
  date_modified: string;
  date_modified_gmt: string;
}

/** One setting (`GET /settings/{group}/{id}`): `value` is a string, `yes`/`no` for a checkbox or radio. */
export interface WooSetting {
  id: string;
  value: string;
}

/** The error envelope of every WordPress REST error. */
export interface WooErrorBody {
  code: string;
  message: string;
  data: { status: number; params?: Record<string, string>; details?: Record<string, unknown> } | null;
}

/** One element of a batch answer: the object, or `{id, error}` (id 0 for a failed create). */
export type WooBatchItem<T> = T | { id: number; error: WooErrorBody };

export interface WooBatchRequest<T> {
  create?: Partial<T>[];
  update?: (Partial<T> & { id: number })[];
  delete?: number[];
}

export interface WooBatchResponse<T> {
  create?: WooBatchItem<T>[];
  update?: WooBatchItem<T>[];
  delete?: WooBatchItem<T>[];
}

/** The WordPress REST index (`GET /wp-json/`), for the shop's name and URL. */
export interface WpSiteIndex {
  name: string;
  description: string;
  url: string;
  home: string;
  namespaces: string[];
}
