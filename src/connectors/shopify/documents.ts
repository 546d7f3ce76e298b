/**
 * Every GraphQL document the Shopify client sends. test/shopify/schema-fidelity.test.ts validates
 * each against Shopify's published 2026-01 schema and prices it with the simulator's cost model.
 *
 * Cost (Shopify's documented model: object 1, scalar 0, connection 2 + page size × node cost):
 * one order node below costs ORDER_NODE_COST = 1 (order) + 2 (customer, its e-mail object)
 * + 3 (purchasingEntity, its company location, that location's tax settings) + 2 (addresses)
 * + 3 × 2 (money bags) + shippingLines (2 + 3 × 6) + lineItems (2 + 5 × 8) = 76,
 * so a page of ORDERS_PER_PAGE = 13 orders costs 2 + 13 × 76 = 990, under the 1,000 maximum.
 * Orders with more than 5 lines (or 3 shipping lines) get the rest from the paging documents.
 */
export const LINE_ITEMS_PER_ORDER = 5;
export const SHIPPING_LINES_PER_ORDER = 3;
export const ORDER_NODE_COST = 76;
export const ORDERS_PER_PAGE = 13;
/** Follow-up pages of one order's lines: 1 + 2 + 100 × 8 = 803 and 1 + 2 + 50 × 6 = 303 points. */
export const LINE_ITEMS_PER_PAGE = 100;
export const SHIPPING_LINES_PER_PAGE = 50;
export const LINE_ITEM_NODE_COST = 8;
export const SHIPPING_LINE_NODE_COST = 6;
/** The cost of a mutation field ([C] Shopify API docs, API limits). */
export const MUTATION_COST = 10;

const MONEY = 'shopMoney { amount }';
const TAX_LINES = `taxLines { ratePercentage priceSet { ${MONEY} } }`;
const LINE_ITEM_FIELDS = `id sku name quantity originalUnitPriceSet { ${MONEY} } totalDiscountSet { ${MONEY} } ${TAX_LINES}`;
const SHIPPING_LINE_FIELDS = `title discountedPriceSet { ${MONEY} } ${TAX_LINES}`;
const ADDRESS_FIELDS = 'name firstName lastName company address1 address2 city zip provinceCode countryCodeV2 phone';

/**
 * The buyer's VAT facts (Admin API 2026-01): Shopify has no VAT-number field on orders or
 * customers; a B2B order's company location keeps it as `taxSettings.taxRegistrationId`. Tax
 * exemptions (`EU_REVERSE_CHARGE_EXEMPTION_RULE`) sit on the customer and on the location.
 */
const ORDER_FIELDS = `
fragment OrderFields on Order {
  id name createdAt updatedAt cancelledAt email phone currencyCode taxesIncluded taxExempt
  displayFinancialStatus displayFulfillmentStatus paymentGatewayNames processedAt discountCodes
  customer { id displayName defaultEmailAddress { emailAddress } taxExemptions }
  purchasingEntity { ... on PurchasingCompany { location { taxSettings { taxRegistrationId taxExemptions } } } }
  billingAddress { ${ADDRESS_FIELDS} }
  shippingAddress { ${ADDRESS_FIELDS} }
  totalPriceSet { ${MONEY} }
  totalTaxSet { ${MONEY} }
  totalDiscountsSet { ${MONEY} }
  shippingLines(first: ${SHIPPING_LINES_PER_ORDER}) { pageInfo { hasNextPage endCursor } nodes { ${SHIPPING_LINE_FIELDS} } }
  lineItems(first: ${LINE_ITEMS_PER_ORDER}) { pageInfo { hasNextPage endCursor } nodes { ${LINE_ITEM_FIELDS} } }
}`;

export const SHOP_IDENTITY = `
query ShopIdentity {
  shop { id name myshopifyDomain }
}`;

/** Oldest change first, ties by id (Shopify's cursor carries both), from `query`'s `updated_at:>=`. */
export const CHANGED_ORDERS = `
query ChangedOrders($first: Int!, $after: String, $query: String!) {
  orders(first: $first, after: $after, sortKey: UPDATED_AT, query: $query) {
    pageInfo { hasNextPage endCursor }
    nodes { ...OrderFields }
  }
}
${ORDER_FIELDS}`;

/** `name:1042` may match more than one order on Shopify's search; the client keeps the exact one. */
export const ORDERS_BY_NAME = `
query OrdersByName($query: String!) {
  orders(first: 5, query: $query) {
    pageInfo { hasNextPage endCursor }
    nodes { ...OrderFields }
  }
}
${ORDER_FIELDS}`;
export const ORDERS_BY_NAME_PAGE = 5;

export const ORDER_LINE_ITEMS = `
query OrderLineItems($id: ID!, $after: String) {
  order(id: $id) {
    lineItems(first: ${LINE_ITEMS_PER_PAGE}, after: $after) { pageInfo { hasNextPage endCursor } nodes { ${LINE_ITEM_FIELDS} } }
  }
}`;

export const ORDER_SHIPPING_LINES = `
query OrderShippingLines($id: ID!, $after: String) {
  order(id: $id) {
    shippingLines(first: ${SHIPPING_LINES_PER_PAGE}, after: $after) { pageInfo { hasNextPage endCursor } nodes { ${SHIPPING_LINE_FIELDS} } }
  }
}`;

export const TAGS_ADD = `
mutation TagsAdd($id: ID!, $tags: [String!]!) {
  tagsAdd(id: $id, tags: $tags) {
    userErrors { field message }
  }
}`;

/** Requested cost of a connection page: what the cost bucket must hold before the call. */
export function connectionCost(pageSize: number, nodeCost: number, wrapperObjects = 0): number {
  return wrapperObjects + 2 + pageSize * nodeCost;
}
