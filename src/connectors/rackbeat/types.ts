import type { Minor } from '../../domain/money.js';

/**
 * Rackbeat's wire shapes (names from the Rackbeat API docs, its SDKs and its 2018 OpenAPI spec) and
 * the domain shapes the client returns.
 * Wire: money is a JSON number, times are zoneless strings, product numbers are strings and
 * order/customer/group numbers are integers. Domain: Minor, UTC Date, same keys.
 */

// ---- wire ----------------------------------------------------------------------------------

/** `{ <plural>: [...], total, pages, limit, page }`, answered with 206 (Rackbeat API docs, "Pagination"). */
export interface ApiListEnvelope {
  total: number;
  pages: number;
  limit: number;
  page: number;
  [plural: string]: unknown;
}

export interface ApiSelf {
  user_account: { id: number | string; company_name: string };
  user?: unknown;
}

export interface ApiProductGroup {
  number: number;
  name: string;
  has_inventory?: boolean;
  vat_domestic: number;
  vat_eu: number;
  vat_abroad: number;
  vat_domestic_exempt?: number;
  is_sellable?: boolean;
  self?: string;
}

export interface ApiProduct {
  id: number;
  number: string;
  urlfriendly_number?: string;
  type?: string;
  name: string;
  description?: string | null;
  barcode?: string | null;
  sales_price: number;
  cost_price?: number;
  recommended_cost_price?: number;
  stock_quantity: number;
  in_order_quantity: number;
  available_quantity: number;
  is_barred?: boolean;
  group_id?: number;
  group?: { number: number; name: string };
  created_at: string;
  updated_at: string;
  self?: string;
}

export interface ApiCustomer {
  number: number;
  name?: string;
  company_name: string;
  contact_email?: string | null;
  contact_phone?: string | null;
  company_vat?: string | null;
  currency?: string;
  vat_zone?: string;
  address_street?: string;
  address_street2?: string;
  address_zipcode?: string;
  address_city?: string;
  address_country?: string;
  payment_terms_id: number;
  is_barred?: boolean;
  created_at: string;
  updated_at: string;
  self?: string;
}

export interface ApiAddress {
  name?: string;
  street?: string;
  street2?: string;
  zipcode?: string;
  city?: string;
  country?: string;
  email?: string;
  phone?: string;
}

export interface ApiOrderLine {
  id: number;
  name: string;
  quantity: number;
  line_price: number;
  /** Not a documented order-line name (Rackbeat uses it on customer prices); sent and read only when present. */
  discount_percentage?: number;
  item: { number: string; barcode?: string | null };
}

export interface ApiOrder {
  number: number;
  heading: string;
  note?: string;
  customer_id: number;
  customer?: { number: number; name?: string };
  currency: string;
  vat_zone?: string;
  order_date?: string;
  billing_address?: ApiAddress;
  delivery_address?: ApiAddress;
  payment_terms?: { number: number; name: string };
  is_booked: boolean;
  booked_at: string | null;
  is_ready_for_shipping?: boolean;
  is_shipped: boolean;
  is_partly_shipped?: boolean;
  shipped_at?: string | null;
  is_ready_for_invoicing?: boolean;
  is_partly_invoiced?: boolean;
  is_invoiced?: boolean;
  invoice_id?: number | null;
  is_cancelled?: boolean;
  is_archived?: boolean;
  total_subtotal: number;
  total_total: number;
  lines: ApiOrderLine[];
  created_at: string;
  updated_at: string;
  self?: string;
}

/** A Laravel validation answer (Rackbeat API docs, "Errors"): `errors` always, `message` sometimes. */
export interface ApiErrorBody {
  message?: string;
  errors?: Record<string, string[]>;
}

// ---- domain --------------------------------------------------------------------------------

export interface RackbeatIdentity {
  /** `user_account.id` as text: the store's identity key for this Rackbeat account. */
  accountId: string;
  name: string;
}

export interface RackbeatProductGroup {
  number: number;
  name: string;
  vatDomesticPercent: number;
}

export interface RackbeatProduct {
  /** Always a string: `0042`, `GIFT/BOX 01`, `MUG#BLK`. */
  number: string;
  name: string;
  groupNumber: number | undefined;
  salesPrice: Minor;
  costPrice: Minor | undefined;
  barcode: string | undefined;
  stockQuantity: number;
  inOrderQuantity: number;
  availableQuantity: number;
  isBarred: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewRackbeatProduct {
  number: string;
  name: string;
  groupNumber: number;
  salesPrice: Minor;
  costPrice?: Minor;
  barcode?: string;
  description?: string;
  /** Rackbeat's unit (`unit_id`); Rackbeat's default unit when left out. */
  unitNumber?: number;
}

export type RackbeatProductChanges = Partial<Omit<NewRackbeatProduct, 'number'>>;

export interface NewRackbeatProductGroup {
  number: number;
  name: string;
  vatDomesticPercent?: number;
}

export interface RackbeatCustomer {
  number: number;
  name: string;
  email: string | undefined;
  phone: string | undefined;
  /** The customer's VAT number (`company_vat`), trimmed; undefined when empty. */
  vatNumber: string | undefined;
  /** The VAT zone Rackbeat states for the customer (`vat_zone`), as it says it (see RackbeatOrder.vatZone). */
  vatZone: string | undefined;
  /** The customer's own address (`address_street`, `address_zipcode`, …); it has no name of its own. */
  address: RackbeatAddress;
  paymentTermsNumber: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface RackbeatAddressInput {
  name: string;
  street: string;
  street2?: string;
  zipcode: string;
  city: string;
  country: string;
  email?: string;
  phone?: string;
}

/** An address as Rackbeat keeps it on a customer or an order: any part may be missing or empty. */
export type RackbeatAddress = Partial<RackbeatAddressInput>;

export interface NewRackbeatCustomer {
  name: string;
  /** Defaults to `name` (Rackbeat requires `company_name`: its 2018 OpenAPI spec, CustomerForm). */
  companyName?: string;
  email: string;
  phone?: string;
  vatNumber?: string;
  /** Required by Rackbeat: `orders.rackbeat.paymentTermsNumber`. */
  paymentTermsNumber: number;
  currency?: string;
  vatZone?: RackbeatVatZone;
  address?: Omit<RackbeatAddressInput, 'name' | 'email' | 'phone'>;
}

export type RackbeatVatZone = 'domestic' | 'eu' | 'abroad';

export interface RackbeatOrderLine {
  id: number;
  /** The product number (`item.number`). */
  sku: string;
  name: string;
  quantity: number;
  /** Price of one unit, net of VAT. */
  unitPrice: Minor;
  discountPercent: number | undefined;
}

export interface RackbeatOrder {
  number: number;
  heading: string;
  customerNumber: number;
  currency: string;
  isBooked: boolean;
  isShipped: boolean;
  /** Some lines shipped, not all (`is_partly_shipped`). */
  isPartlyShipped: boolean;
  isInvoiced: boolean;
  isCancelled: boolean;
  /** Net of VAT. */
  subtotal: Minor;
  /** VAT included. */
  total: Minor;
  lines: RackbeatOrderLine[];
  /**
   * The VAT zone Rackbeat states on the order (`vat_zone`) exactly as it says it: `domestic`, `eu`
   * or `abroad` when set, and any other text kept as it is, for the mapping to disregard.
   */
  vatZone: string | undefined;
  /** `YYYY-MM-DD` as Rackbeat keeps it (`order_date`, a business date, no time). */
  orderDate: string | undefined;
  /** The customer's name as the order carries it (the embedded `customer`). */
  customerName: string | undefined;
  billingAddress: RackbeatAddress | undefined;
  deliveryAddress: RackbeatAddress | undefined;
  bookedAt: Date | undefined;
  /** `shipped_at`, when Rackbeat sends it on the order (not confirmed; the shipments say it too). */
  shippedAt: Date | undefined;
  createdAt: Date;
  updatedAt: Date;
}

/** A delivery of an order (`order_shipments`): shipped when `is_shipped`, last changed at `updated_at`. */
export interface ApiOrderShipment {
  id: number;
  is_shipped: boolean;
  updated_at: string;
  /** What it delivers (the 2018 spec's OrderShipment lines): `id` read as the order line's. */
  lines?: Array<{ id: number; quantity: number }>;
  /**
   * Tracking: no Rackbeat source shows a field for it (the SDKs and the 2018 spec have none), so these
   * are read only when present: `tracking_number`, and `tracking_url` and `carrier` beside it.
   */
  tracking_number?: string | null;
  tracking_url?: string | null;
  carrier?: string | null;
}

/** A shipped delivery of an order: units per order line, and its tracking when Rackbeat has one. */
export interface RackbeatShipment {
  id: number;
  shippedAt: Date;
  lines: Array<{ orderLineId: number; quantity: number }>;
  trackingNumber: string | undefined;
  trackingUrl: string | undefined;
  carrier: string | undefined;
}

export interface NewRackbeatOrderLine {
  sku: string;
  quantity: number;
  name?: string;
  /** Sent as `line_price`; whether Rackbeat keeps it is unconfirmed: see CreatedRackbeatOrder. */
  unitPrice?: Minor;
  discountPercent?: number;
}

export interface NewRackbeatOrder {
  customerNumber: number;
  /** Our deterministic reference (`WooCommerce order #1042`): the lookup key after a lost answer. */
  heading: string;
  currency?: string;
  vatZone?: RackbeatVatZone;
  /** `YYYY-MM-DD` in the business time zone. */
  orderDate?: string;
  paymentTermsNumber?: number;
  note?: string;
  billingAddress?: RackbeatAddressInput;
  deliveryAddress?: RackbeatAddressInput;
  lines: NewRackbeatOrderLine[];
}

/** A created order as read back from Rackbeat, with what it did to our line prices. */
export interface CreatedRackbeatOrder {
  order: RackbeatOrder;
  /** False when any line price we sent came back different (Rackbeat priced the line itself). */
  linePricesKept: boolean;
}
