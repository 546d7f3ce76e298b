import { sumMinor, toMinor, type Minor } from '../../domain/money.js';
import type { ShopOrderRef, ShopRefund } from '../webshop.js';
import type { ShopifyConnection, ShopifyMoney } from './types.js';

/** RefundLineItem.restockType (Admin GraphQL 2026-01): CANCEL, units never shipped; NO_RESTOCK, the customer kept them. */
export type ShopifyRestockType = 'RETURN' | 'CANCEL' | 'NO_RESTOCK' | 'LEGACY_RESTOCK';

/** The restock types that say the goods came back: a return, or an old-style restock. */
const CAME_BACK: ReadonlySet<ShopifyRestockType> = new Set(['RETURN', 'LEGACY_RESTOCK']);

/** A refund as ORDER_REFUNDS selects it. */
export interface ShopifyRefund {
  id: string;
  createdAt: string | null;
  note: string | null;
  totalRefundedSet: ShopifyMoney;
  refundLineItems: ShopifyConnection<{ quantity: number; restockType: ShopifyRestockType; lineItem: { id: string; sku: string | null; name: string }; subtotalSet: ShopifyMoney; totalTaxSet: ShopifyMoney }>;
  refundShippingLines: ShopifyConnection<{ subtotalAmountSet: ShopifyMoney; taxAmountSet: ShopifyMoney }>;
}

/**
 * Pure. A refund line's `subtotalSet` is on the order's tax basis (VAT included when the shop's
 * prices include it), with its VAT in `totalTaxSet`; a refunded shipping line's `subtotalAmountSet`
 * is net, its VAT in `taxAmountSet` (Shopify Admin GraphQL, RefundLineItem, RefundShippingLine).
 */
export function toShopRefund(order: ShopOrderRef, refund: ShopifyRefund, taxesIncluded: boolean, orderCreatedAt: Date): ShopRefund {
  const amount = (money: ShopifyMoney): Minor => toMinor(money.shopMoney.amount);
  const shipping = refund.refundShippingLines.nodes;
  return {
    id: refund.id,
    order: { id: order.id, number: order.number },
    createdAt: refund.createdAt ? new Date(refund.createdAt) : orderCreatedAt,
    reason: refund.note ?? '',
    lines: refund.refundLineItems.nodes.map((line) => {
      const tax = amount(line.totalTaxSet);
      const subtotal = amount(line.subtotalSet);
      return {
        lineId: line.lineItem.id,
        sku: line.lineItem.sku,
        name: line.lineItem.name,
        quantity: line.quantity,
        returned: CAME_BACK.has(line.restockType),
        net: (taxesIncluded ? subtotal - tax : subtotal) as Minor,
        tax,
      };
    }),
    shipping: { net: sumMinor(shipping.map((line) => amount(line.subtotalAmountSet))), tax: sumMinor(shipping.map((line) => amount(line.taxAmountSet))) },
    total: amount(refund.totalRefundedSet),
    raw: refund,
  };
}
