import { formatMinor, roundHalfUp, toMinor, type Minor } from '../../domain/money.js';
import type { WooOrder, WooRefund } from '../../connectors/woocommerce/types.js';
import type { SimRequest, SimRoute } from '../harness/types.js';
import { bodyOf, guarded, invalidId, WooSimError } from './errors.js';
import type { WooSimState } from './state.js';

/**
 * Order refunds as WooCommerce keeps them (WooCommerce REST API docs, Order refunds; `wc_create_refund`):
 * each refund item copies the order item with negative quantity and totals and points back at it by
 * `_refunded_item_id`; a shipping item refunded whole goes in `shipping_lines`. Every refund bumps
 * the order's modified time; the one that brings the remaining amount to 0 sets status `refunded`.
 * A refund whose amount exceeds what remains is refused ("Invalid refund amount.", 500).
 */
export interface SimRefundLine {
  /** The order item id (as the order renders it). */
  itemId: number;
  quantity: number;
}

export interface SimRefundInput {
  lines: SimRefundLine[];
  /** Refund the order's shipping item whole. */
  shipping?: boolean;
  /** Gross amount; default: what the lines and shipping come to. More than that is refunded without lines. */
  amount?: Minor;
  reason?: string;
}

export function createRefund(state: WooSimState, orderId: number, input: SimRefundInput): WooRefund {
  const order = state.orders.get(orderId);
  if (!order) throw invalidId('shop_order', 404);
  const shown: WooOrder = state.renderOrder(order);
  const items = input.lines.map(({ itemId, quantity }) => {
    const item = shown.line_items.find((line) => line.id === itemId);
    if (!item || quantity <= 0 || quantity > item.quantity) throw new WooSimError(400, 'woocommerce_rest_invalid_order_refund', 'Invalid refund line item.');
    const share = (amount: string): Minor => roundHalfUp((toMinor(amount) * quantity) / item.quantity);
    const total = share(item.total);
    const tax = share(item.total_tax);
    return { id: state.newPostId(), name: item.name, sku: item.sku, quantity: -quantity, total: formatMinor(-total as Minor), total_tax: formatMinor(-tax as Minor), meta_data: [{ id: state.newPostId(), key: '_refunded_item_id', value: String(itemId) }], gross: total + tax };
  });
  const shippingItem = input.shipping ? shown.shipping_lines[0] : undefined;
  const shippingLines = shippingItem
    ? [{ id: state.newPostId(), total: formatMinor(-toMinor(shippingItem.total) as Minor), total_tax: formatMinor(-toMinor(shippingItem.total_tax) as Minor) }]
    : [];
  const itemsGross = items.reduce((sum, item) => sum + item.gross, 0) + (shippingItem ? toMinor(shippingItem.total) + toMinor(shippingItem.total_tax) : 0);
  const amount = input.amount ?? (itemsGross as Minor);
  const refunds = state.refunds.get(orderId) ?? [];
  const remaining = toMinor(shown.total) - refunds.reduce((sum, refund) => sum + toMinor(refund.amount), 0);
  if (amount < 0) throw new WooSimError(400, 'woocommerce_rest_invalid_order_refund', 'Refund amount must be greater than zero.');
  if (amount > remaining) throw new WooSimError(500, 'woocommerce_rest_cannot_create_order_refund', 'Invalid refund amount.');
  const refund: WooRefund = {
    id: state.newPostId(),
    date_created_gmt: state.gmt(state.shopNow()),
    amount: formatMinor(amount),
    reason: input.reason ?? '',
    line_items: items.map(({ gross: _gross, ...item }) => item),
    shipping_lines: shippingLines,
  };
  state.refunds.set(orderId, [...refunds, refund]);
  state.modifyOrder(orderId, amount === remaining ? { status: 'refunded' } : {});
  return refund;
}

/** `GET|POST /orders/:id/refunds`. */
export function refundRoutes(state: WooSimState, base: string): SimRoute[] {
  const orderOf = (request: SimRequest) => {
    const order = state.orders.get(Number(request.params.id));
    if (!order) throw invalidId('shop_order', 404);
    return order;
  };
  return [
    {
      method: 'GET',
      pattern: `${base}/orders/:id/refunds`,
      handler: guarded((request) => ({ status: 200, body: state.refundsOf(orderOf(request)) })),
    },
    {
      method: 'POST',
      pattern: `${base}/orders/:id/refunds`,
      handler: guarded((request) => {
        const order = orderOf(request);
        const body = bodyOf(request);
        // Without api_refund: false WooCommerce asks the payment gateway to pay it back; the simulator has none.
        if (body.api_refund !== false) throw new WooSimError(500, 'woocommerce_rest_cannot_create_order_refund', 'The payment gateway for this order does not support automatic refunds.');
        const lines = Array.isArray(body.line_items) ? (body.line_items as Array<{ id?: unknown; quantity?: unknown }>) : [];
        const amount = body.amount === undefined ? undefined : toMinor(String(body.amount));
        const refund = createRefund(state, order.id, {
          lines: lines.map((line) => ({ itemId: Number(line.id), quantity: Number(line.quantity ?? 0) })),
          amount,
          reason: typeof body.reason === 'string' ? body.reason : undefined,
        });
        return { status: 201, body: refund };
      }),
    },
  ];
}
