/**
 * Shapes of the GraphQL Admin API answers iex-sync reads (fields as selected in documents.ts).
 * Money is a decimal string (`"199.0"`), times are ISO 8601, ids are GIDs (Shopify Admin GraphQL, orders).
 */

/** The API version the documents are written and checked for (a current stable one). */
export const DEFAULT_SHOPIFY_API_VERSION = '2026-01';

export interface ShopifyMoney {
  shopMoney: { amount: string; currencyCode?: string };
}

export interface ShopifyTaxLine {
  ratePercentage: number | null;
  priceSet: ShopifyMoney;
}

export interface ShopifyAddress {
  name: string | null;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  zip: string | null;
  provinceCode: string | null;
  countryCodeV2: string | null;
  phone: string | null;
}

export interface ShopifyLineItem {
  id: string;
  sku: string | null;
  name: string;
  quantity: number;
  originalUnitPriceSet: ShopifyMoney;
  totalDiscountSet: ShopifyMoney;
  taxLines: ShopifyTaxLine[];
}

export interface ShopifyShippingLine {
  title: string;
  discountedPriceSet: ShopifyMoney;
  taxLines: ShopifyTaxLine[];
}

export interface ShopifyPageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface ShopifyConnection<T> {
  pageInfo: ShopifyPageInfo;
  nodes: T[];
}

export interface ShopifyOrder {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  /** Set once the order is cancelled. */
  cancelledAt?: string | null;
  email: string | null;
  phone: string | null;
  currencyCode: string;
  taxesIncluded: boolean;
  displayFinancialStatus: string | null;
  displayFulfillmentStatus: string;
  paymentGatewayNames: string[];
  processedAt: string;
  discountCodes: string[];
  taxExempt: boolean;
  customer: {
    id: string;
    displayName: string;
    defaultEmailAddress: { emailAddress: string } | null;
    taxExemptions: string[];
  } | null;
  /** A B2B order's company (only `location` selected); `{}` when the buyer is a customer. */
  purchasingEntity: {
    location?: { taxSettings: { taxRegistrationId: string | null; taxExemptions: string[] } };
  } | null;
  billingAddress: ShopifyAddress | null;
  shippingAddress: ShopifyAddress | null;
  totalPriceSet: ShopifyMoney;
  totalTaxSet: ShopifyMoney | null;
  totalDiscountsSet: ShopifyMoney | null;
  lineItems: ShopifyConnection<ShopifyLineItem>;
  shippingLines: ShopifyConnection<ShopifyShippingLine>;
}

export type ShopifyProductStatus = 'ACTIVE' | 'ARCHIVED' | 'DRAFT' | 'UNLISTED';

export interface ShopifyProduct {
  id: string;
  title: string;
  status: ShopifyProductStatus;
  hasOnlyDefaultVariant: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ShopifyVariant {
  id: string;
  sku: string | null;
  barcode: string | null;
  /** Option values joined by ` / ` (`Red / M`), or `Default Title`. */
  title: string;
  /** A decimal string (Money scalar). */
  price: string;
  createdAt: string;
  updatedAt: string;
  /** Across all locations; null when not tracked (selected where the changes are read). */
  inventoryQuantity?: number | null;
  inventoryItem: {
    id: string;
    tracked: boolean;
    unitCost: { amount: string } | null;
    /** At the location asked for, where the variants are looked up by SKU; null when not stocked there. */
    inventoryLevel?: { quantities: Array<{ quantity: number }> } | null;
  };
}

export interface ShopifyFulfillmentOrderLine {
  id: string;
  remainingQuantity: number;
  lineItem: { id: string; currentQuantity: number; unfulfilledQuantity: number };
}

export interface ShopifyFulfillmentOrder {
  id: string;
  status: string;
  supportedActions: Array<{ action: string }>;
  assignedLocation: { location: { id: string } | null };
  lineItems: ShopifyConnection<ShopifyFulfillmentOrderLine>;
}

/** One GraphQL error as Shopify sends it. */
export interface ShopifyGraphqlError {
  message: string;
  extensions?: { code?: string; [key: string]: unknown };
  path?: Array<string | number>;
}

export interface ShopifyUserError {
  field: string[] | null;
  message: string;
  /** Where the payload's error type has one (InventorySetQuantitiesUserError). */
  code?: string | null;
}
