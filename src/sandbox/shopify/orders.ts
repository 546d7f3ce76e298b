import { CATALOGUE_CUSTOMERS, CATALOGUE_PRODUCTS, DOMESTIC_VAT_PERCENT, type CatalogueCustomer } from '../catalogue.js';
import { roundHalfUp, type Minor } from '../../domain/money.js';

/**
 * The simulator's own order records (not GraphQL shapes: resolvers.ts renders those) and the
 * deterministic seed that fills them from the shared catalogue: every financial and fulfilment
 * status, returning customers and guests, discount codes, shipping, the catalogue's odd SKUs.
 * Prices include 25 % VAT, as Danish shops show them (`taxesIncluded: true`).
 */
export const FINANCIAL_STATUSES = [
  'PAID', 'PENDING', 'AUTHORIZED', 'PARTIALLY_PAID', 'PARTIALLY_REFUNDED', 'VOIDED', 'REFUNDED', 'EXPIRED',
] as const;
export type FinancialStatus = (typeof FINANCIAL_STATUSES)[number];

export const FULFILLMENT_STATUSES = [
  'UNFULFILLED', 'FULFILLED', 'PARTIALLY_FULFILLED', 'IN_PROGRESS', 'ON_HOLD', 'OPEN',
  'PENDING_FULFILLMENT', 'RESTOCKED', 'SCHEDULED', 'REQUEST_DECLINED',
] as const;
export type FulfillmentStatus = (typeof FULFILLMENT_STATUSES)[number];

export interface SimCustomer {
  id: number;
  firstName: string;
  lastName: string;
  email: string;
  /** `TaxExemption` values the merchant gave the customer (`EU_REVERSE_CHARGE_EXEMPTION_RULE`). */
  taxExemptions: string[];
}

/** A B2B order's company and location, with the location's tax settings (its VAT number). */
export interface SimCompany {
  id: number;
  name: string;
  locationId: number;
  locationName: string;
  taxRegistrationId: string | null;
  taxExempt: boolean;
  taxExemptions: string[];
}

export interface SimAddress {
  firstName: string;
  lastName: string;
  company: string | null;
  address1: string;
  city: string;
  zip: string;
  countryCode: string;
}

export interface SimLineItem {
  id: number;
  sku: string | null;
  title: string;
  quantity: number;
  /** One unit, VAT included. */
  unitPrice: Minor;
  /** Discount on the whole line. */
  discount: Minor;
  /** VAT on the whole line after discount. */
  tax: Minor;
}

export interface SimShippingLine {
  id: number;
  title: string;
  code: string;
  price: Minor;
  tax: Minor;
}

export interface SimOrder {
  id: number;
  number: number;
  /** Epoch milliseconds, whole seconds as Shopify reports them. */
  createdAt: number;
  updatedAt: number;
  processedAt: number;
  financialStatus: FinancialStatus;
  fulfillmentStatus: FulfillmentStatus;
  currency: 'DKK';
  email: string;
  customer: SimCustomer | null;
  /** Set on a B2B order: Shopify's `purchasingEntity` is then the company, else the customer. */
  company: SimCompany | null;
  /** The VAT rate the order was taxed at: 25, or 0 for an exempt buyer or an export. */
  vatRatePercent: number;
  billing: SimAddress;
  shipping: SimAddress | null;
  lines: SimLineItem[];
  shippingLines: SimShippingLine[];
  discountCodes: string[];
  gateway: string;
  tags: string[];
  /** Set when the merchant cancelled the order (`orderCancel`). */
  cancelledAt?: number | undefined;
  /** The `reason` it was cancelled with (OrderCancelReason), and the staff's note on it. */
  cancelReason?: string | undefined;
  cancelNote?: string | null | undefined;
}

export const VAT_RATE = DOMESTIC_VAT_PERCENT / 100;
const DISCOUNT_CODE = 'WELCOME10';
const SHIPPING_GROSS = 4_900 as Minor;

/** VAT inside a VAT-inclusive amount. */
export function taxInGross(gross: number): Minor {
  return roundHalfUp((gross * DOMESTIC_VAT_PERCENT) / (100 + DOMESTIC_VAT_PERCENT));
}

export interface OrderSeedOptions {
  /** Lines per order; default 1 to 4, drawn from the seeded random source. */
  lineCount?: number;
  financialStatus?: FinancialStatus;
}

/** Builds one seeded order; `index` picks statuses, customer, discount and shipping in turn. */
export function seedOrder(
  index: number,
  ids: { order: number; number: number; nextLineId: () => number; customerId: (customer: CatalogueCustomer) => number },
  at: number,
  random: () => number,
  options: OrderSeedOptions = {},
): SimOrder {
  const catalogueCustomer = CATALOGUE_CUSTOMERS[index % CATALOGUE_CUSTOMERS.length] as CatalogueCustomer;
  const [firstName = '', ...rest] = catalogueCustomer.name.split(' ');
  const lastName = rest.join(' ');
  // Every seventh order is a guest checkout: no customer record, only the e-mail.
  const guest = index % 7 === 6;
  const discounted = index % 4 === 3;
  const lineCount = options.lineCount ?? 1 + Math.floor(random() * 4);
  const lines: SimLineItem[] = [];
  for (let n = 0; n < lineCount; n += 1) {
    const product = CATALOGUE_PRODUCTS[Math.floor(random() * CATALOGUE_PRODUCTS.length)] ?? CATALOGUE_PRODUCTS[0];
    if (!product) break;
    const quantity = 1 + Math.floor(random() * 3);
    const unitPrice = roundHalfUp(product.netPrice * (1 + VAT_RATE));
    const discount = discounted ? roundHalfUp(unitPrice * quantity * 0.1) : (0 as Minor);
    lines.push({
      id: ids.nextLineId(),
      sku: product.sku,
      title: product.name,
      quantity,
      unitPrice,
      discount,
      tax: taxInGross(unitPrice * quantity - discount),
    });
  }
  // Every fifth order is picked up in the shop: a free shipping line.
  const pickup = index % 5 === 4;
  const shippingPrice = pickup ? (0 as Minor) : SHIPPING_GROSS;
  const address: SimAddress = {
    firstName,
    lastName,
    company: catalogueCustomer.company ?? null,
    address1: catalogueCustomer.address,
    city: catalogueCustomer.city,
    zip: catalogueCustomer.postcode,
    countryCode: catalogueCustomer.country,
  };
  const seconds = Math.floor(at / 1000) * 1000;
  return {
    id: ids.order,
    number: ids.number,
    createdAt: seconds,
    updatedAt: seconds,
    processedAt: seconds,
    financialStatus: options.financialStatus ?? (FINANCIAL_STATUSES[index % 3 === 0 ? 0 : index % FINANCIAL_STATUSES.length] ?? 'PAID'),
    fulfillmentStatus: FULFILLMENT_STATUSES[index % FULFILLMENT_STATUSES.length] ?? 'UNFULFILLED',
    currency: 'DKK',
    email: catalogueCustomer.email,
    customer: guest ? null : { id: ids.customerId(catalogueCustomer), firstName, lastName, email: catalogueCustomer.email, taxExemptions: [] },
    company: null,
    vatRatePercent: DOMESTIC_VAT_PERCENT,
    billing: address,
    shipping: pickup ? null : address,
    lines,
    shippingLines: [
      { id: ids.nextLineId(), title: pickup ? 'Pickup in store' : 'Standard', code: pickup ? 'PICKUP' : 'STANDARD', price: shippingPrice, tax: taxInGross(shippingPrice) },
    ],
    discountCodes: discounted ? [DISCOUNT_CODE] : [],
    gateway: index % 2 === 0 ? 'shopify_payments' : 'mobilepay',
    tags: [],
  };
}

export interface OrderTotals {
  subtotal: Minor;
  shipping: Minor;
  discounts: Minor;
  tax: Minor;
  total: Minor;
}

export function orderTotals(order: SimOrder): OrderTotals {
  let subtotal = 0;
  let discounts = 0;
  let tax = 0;
  let shipping = 0;
  for (const line of order.lines) {
    subtotal += line.unitPrice * line.quantity - line.discount;
    discounts += line.discount;
    tax += line.tax;
  }
  for (const line of order.shippingLines) {
    shipping += line.price;
    tax += line.tax;
  }
  return {
    subtotal: subtotal as Minor,
    shipping: shipping as Minor,
    discounts: discounts as Minor,
    tax: tax as Minor,
    total: (subtotal + shipping) as Minor,
  };
}
