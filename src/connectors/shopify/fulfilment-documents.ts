import { connectionCost } from './documents.js';

/**
 * The GraphQL documents for fulfilment (validated against Shopify's 2026-01 schema by
 * test/shopify/schema-fidelity.test.ts). Cost: one fulfillment order node costs
 * FULFILLMENT_ORDER_NODE_COST = 1 + supportedActions 1 + assignedLocation 1 + its location 1
 * + lineItems (2 + 50 × (1 + lineItem 1)) = 106; the state of an order, 5 fulfillment orders a page,
 * 1 + 2 + 5 × 106 = 533. A fulfillment order with more than 50 lines gets the rest from
 * FULFILLMENT_ORDER_LINES, 250 at a time (1 + 2 + 250 × 2 = 503).
 */
export const FULFILLMENT_ORDERS_PER_PAGE = 5;
export const FULFILLMENT_ORDER_LINES_PER_ORDER = 50;
export const FULFILLMENT_ORDER_LINE_NODE_COST = 2;
export const FULFILLMENT_ORDER_NODE_COST = 4 + connectionCost(FULFILLMENT_ORDER_LINES_PER_ORDER, FULFILLMENT_ORDER_LINE_NODE_COST);
export const FULFILLMENT_ORDER_LINES_PER_PAGE = 250;

const LINE_FIELDS = 'id remainingQuantity lineItem { id currentQuantity unfulfilledQuantity }';

/** An order's cancellation, payment state and every fulfillment order with what remains on it. */
export const FULFILMENT_STATE = `
query FulfilmentState($id: ID!, $after: String) {
  order(id: $id) {
    id cancelledAt displayFinancialStatus
    fulfillmentOrders(first: ${FULFILLMENT_ORDERS_PER_PAGE}, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes {
        id status
        supportedActions { action }
        assignedLocation { location { id } }
        lineItems(first: ${FULFILLMENT_ORDER_LINES_PER_ORDER}) { pageInfo { hasNextPage endCursor } nodes { ${LINE_FIELDS} } }
      }
    }
  }
}`;

export const FULFILLMENT_ORDER_LINES = `
query FulfillmentOrderLines($id: ID!, $after: String) {
  fulfillmentOrder(id: $id) {
    lineItems(first: ${FULFILLMENT_ORDER_LINES_PER_PAGE}, after: $after) { pageInfo { hasNextPage endCursor } nodes { ${LINE_FIELDS} } }
  }
}`;

/** Fulfillment orders of one location in one fulfillment (Shopify keeps a fulfillment to one location). */
export const FULFILLMENT_CREATE = `
mutation FulfillmentCreate($fulfillment: FulfillmentInput!) {
  fulfillmentCreate(fulfillment: $fulfillment) {
    fulfillment { id status }
    userErrors { field message }
  }
}`;
