/**
 * The GraphQL document that reads an order's refunds (Admin API 2026-01: `Order.refunds`, a list;
 * `Refund.refundLineItems` and `refundShippingLines`, connections). Cost by Shopify's documented
 * model (object 1, connection 2 + page size × node cost, a list costed once like an object):
 * 1 (order) + 1 (refunds) + 2 (totalRefundedSet) + 2 + 50 × 6 (line items: the item, its line,
 * two money bags) + 2 + 5 × 5 (shipping lines: two money bags) = 333.
 */
export const REFUND_LINES_PER_REFUND = 50;
export const REFUND_SHIPPING_LINES_PER_REFUND = 5;
export const ORDER_REFUNDS_COST = 333;

const MONEY = 'shopMoney { amount }';

export const ORDER_REFUNDS = `
query OrderRefunds($id: ID!) {
  order(id: $id) {
    taxesIncluded createdAt
    refunds(first: 50) {
      id createdAt note
      totalRefundedSet { ${MONEY} }
      refundLineItems(first: ${REFUND_LINES_PER_REFUND}) {
        pageInfo { hasNextPage endCursor }
        nodes { quantity restockType lineItem { id sku name } subtotalSet { ${MONEY} } totalTaxSet { ${MONEY} } }
      }
      refundShippingLines(first: ${REFUND_SHIPPING_LINES_PER_REFUND}) {
        pageInfo { hasNextPage endCursor }
        nodes { subtotalAmountSet { ${MONEY} } taxAmountSet { ${MONEY} } }
      }
    }
  }
}`;
