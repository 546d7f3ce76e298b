import { allPages, type RackbeatContext } from './paging.js';
import { parseRackbeatTime } from './timestamps.js';
import type { ApiOrderShipment, RackbeatOrder } from './types.js';

/**
 * When a shipped order shipped: its `shipped_at` when the order carries one, else the newest
 * shipped shipment's `updated_at` (`GET /order-shipments?order_number=…&is_shipped=true`, as
 * Rackbeat's laravel-client SDK filters them; marking a shipment shipped is its last change).
 * Undefined for an order that is not shipped.
 */
export async function shippedAt(context: RackbeatContext, order: RackbeatOrder): Promise<Date | undefined> {
  if (!order.isShipped) return undefined;
  if (order.shippedAt) return order.shippedAt;
  let newest: Date | undefined;
  for await (const page of allPages<ApiOrderShipment>(context, '/order-shipments', 'order_shipments', { order_number: order.number, is_shipped: true })) {
    for (const shipment of page) {
      const at = parseRackbeatTime(shipment.updated_at, context.timeZone);
      if (shipment.is_shipped && (!newest || at > newest)) newest = at;
    }
  }
  return newest ?? order.updatedAt;
}
