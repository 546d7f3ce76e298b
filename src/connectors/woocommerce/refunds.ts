import { sumMinor, toMinor, type Minor } from '../../domain/money.js';
import type { HttpClient } from '../http/types.js';
import type { ShopOrderRef, ShopRefund } from '../webshop.js';
import { parseWooGmtDate } from './dates.js';
import type { WooRefund } from './types.js';

/** Refunds an order has; WooCommerce keeps them under it (WooCommerce REST API docs, Order refunds). */
const REFUNDS_PER_PAGE = 100;

/** The order's refunds, oldest first: `GET /orders/{id}/refunds`. */
export async function wooRefunds(http: HttpClient, order: ShopOrderRef): Promise<ShopRefund[]> {
  const { data } = await http.request<WooRefund[]>({
    method: 'GET',
    path: `/wp-json/wc/v3/orders/${order.id}/refunds`,
    query: { per_page: REFUNDS_PER_PAGE, order: 'asc', orderby: 'date' },
  });
  return data.map((refund) => toShopRefund(order, refund));
}

/**
 * Pure. Refund items carry negative quantities and totals, net of tax, with the tax beside them
 * (WooCommerce stores item totals exclusive of tax whatever the price setting); made positive here.
 */
export function toShopRefund(order: ShopOrderRef, refund: WooRefund): ShopRefund {
  const positive = (amount: string): Minor => Math.abs(toMinor(amount)) as Minor;
  const shipping = refund.shipping_lines ?? [];
  return {
    id: String(refund.id),
    order: { id: order.id, number: order.number },
    createdAt: parseWooGmtDate(refund.date_created_gmt),
    reason: refund.reason,
    lines: refund.line_items
      .filter((line) => line.quantity !== 0 || toMinor(line.total) !== 0)
      .map((line) => ({
        lineId: String(line.meta_data.find((meta) => meta.key === '_refunded_item_id')?.value ?? line.id),
        sku: line.sku || null,
        name: line.name,
        quantity: Math.abs(line.quantity),
        returned: true,
        net: positive(line.total),
        tax: positive(line.total_tax),
      })),
    shipping: { net: sumMinor(shipping.map((line) => positive(line.total))), tax: sumMinor(shipping.map((line) => positive(line.total_tax))) },
    total: positive(refund.amount),
    raw: refund,
  };
}
