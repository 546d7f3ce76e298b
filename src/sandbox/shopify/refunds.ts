import { roundHalfUp, type Minor } from '../../domain/money.js';
import { orderTotals, type SimOrder } from './orders.js';
import { connection, iso, moneyBag, type ConnectionArgs } from './render-kit.js';

/**
 * Refunds as Shopify keeps them on an order (Admin GraphQL 2026-01: `Order.refunds`, `Refund`,
 * `RefundLineItem`, `RefundShippingLine`). A refund line's `subtotalSet` is on the order's tax basis
 * (VAT included: the simulator's prices include it) with its VAT in `totalTaxSet`; a refunded
 * shipping line's `subtotalAmountSet` is net, its VAT in `taxAmountSet` [low: Shopify does not say
 * which basis; read together with the client's mapping]. A refund moves the order's financial status
 * to PARTIALLY_REFUNDED, or REFUNDED once everything paid is back, and its `updatedAt`.
 */
export interface SimRefundLine {
  lineId: number;
  quantity: number;
  restockType: SimRestockType;
  /** On the order's basis (VAT included), for these units. */
  subtotal: Minor;
  tax: Minor;
}

export interface SimRefund {
  id: number;
  createdAt: number;
  note: string | null;
  lines: SimRefundLine[];
  shipping: { net: Minor; tax: Minor } | undefined;
  total: Minor;
}

/** What happens to a refunded unit's stock (SDL `RefundLineItemRestockType`). */
export type SimRestockType = 'RETURN' | 'CANCEL' | 'NO_RESTOCK' | 'LEGACY_RESTOCK';

export interface SimRefundInput {
  lines: Array<{ lineId: number; quantity: number; restockType?: SimRestockType }>;
  /** Refund the order's shipping whole. */
  shipping?: boolean;
  note?: string;
}

/** Makes a refund of these units (and the shipping) as the admin's "Refund" does; returns it. */
export function refundOrder(order: SimOrder, earlier: readonly SimRefund[], input: SimRefundInput, ids: { refundId: number; now: number }): SimRefund {
  const lines = input.lines.map(({ lineId, quantity, restockType = 'NO_RESTOCK' }) => {
    const line = order.lines.find((candidate) => candidate.id === lineId);
    if (!line || quantity <= 0 || quantity > line.quantity) throw new Error(`order ${order.id} has no ${quantity} units on line ${lineId} to refund`);
    const share = (amount: number): Minor => roundHalfUp((amount * quantity) / line.quantity);
    return { lineId, quantity, restockType, subtotal: share(line.unitPrice * line.quantity - line.discount), tax: share(line.tax) };
  });
  const shippingLine = input.shipping ? order.shippingLines[0] : undefined;
  const shipping = shippingLine ? { net: (shippingLine.price - shippingLine.tax) as Minor, tax: shippingLine.tax } : undefined;
  const total = (lines.reduce((sum, line) => sum + line.subtotal, 0) + (shipping ? shipping.net + shipping.tax : 0)) as Minor;
  const refunded = earlier.reduce((sum, refund) => sum + refund.total, 0) + total;
  const paid = orderTotals(order).total;
  if (refunded > paid) throw new Error(`order ${order.id}: refunds of ${refunded} would exceed the ${paid} paid`);
  order.financialStatus = refunded === paid ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
  return { id: ids.refundId, createdAt: ids.now, note: input.note ?? null, lines, shipping, total };
}

/** A refund in the shape of the SDL's `Refund`. */
export function renderRefund(refund: SimRefund, order: SimOrder) {
  const money = (amount: Minor) => moneyBag(amount, order.currency);
  const shippingLines = refund.shipping ? [refund.shipping] : [];
  return {
    id: `gid://shopify/Refund/${refund.id}`,
    legacyResourceId: String(refund.id),
    createdAt: iso(refund.createdAt),
    processedAt: iso(refund.createdAt),
    updatedAt: iso(refund.createdAt),
    note: refund.note,
    totalRefundedSet: money(refund.total),
    refundLineItems: (args: ConnectionArgs) =>
      connection(refund.lines, args, 'refundLineItems', (line) => [line.lineId, line.lineId], (line) => {
        const item = order.lines.find((candidate) => candidate.id === line.lineId);
        return {
          id: `gid://shopify/RefundLineItem/${refund.id}${line.lineId}`,
          quantity: line.quantity,
          restockType: line.restockType,
          // Shopify puts the units back for a return, a cancel (never shipped) and an old-style restock.
          restocked: line.restockType !== 'NO_RESTOCK',
          lineItem: { id: `gid://shopify/LineItem/${line.lineId}`, sku: item?.sku ?? null, name: item?.title ?? '', title: item?.title ?? '' },
          priceSet: money(item?.unitPrice ?? (0 as Minor)),
          subtotalSet: money(line.subtotal),
          totalTaxSet: money(line.tax),
        };
      }),
    refundShippingLines: (args: ConnectionArgs) =>
      connection(shippingLines, args, 'refundShippingLines', () => [refund.id, refund.id], (line) => ({
        id: `gid://shopify/RefundShippingLine/${refund.id}`,
        subtotalAmountSet: money(line.net),
        taxAmountSet: money(line.tax),
      })),
  };
}
