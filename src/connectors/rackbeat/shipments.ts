import { allPages, type RackbeatContext } from './paging.js';
import { parseRackbeatTime } from './timestamps.js';
import type { ApiOrderShipment, RackbeatOrder, RackbeatShipment } from './types.js';

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

/**
 * An order's shipped deliveries, oldest first (`GET /order-shipments?order_number=…&is_shipped=true`,
 * as Rackbeat's laravel-client SDK filters them), with what each delivered and its tracking when
 * the answer carries one (see ApiOrderShipment: not confirmed that Rackbeat keeps it there).
 */
export async function orderShipments(context: RackbeatContext, orderNumber: number): Promise<RackbeatShipment[]> {
  const shipments: RackbeatShipment[] = [];
  for await (const page of allPages<ApiOrderShipment>(context, '/order-shipments', 'order_shipments', { order_number: orderNumber, is_shipped: true })) {
    for (const shipment of page) {
      if (!shipment.is_shipped) continue;
      shipments.push({
        id: shipment.id,
        shippedAt: parseRackbeatTime(shipment.updated_at, context.timeZone),
        lines: (shipment.lines ?? []).map((line) => ({ orderLineId: line.id, quantity: line.quantity })),
        trackingNumber: text(shipment.tracking_number),
        trackingUrl: text(shipment.tracking_url),
        carrier: text(shipment.carrier),
      });
    }
  }
  return shipments.sort((a, b) => a.shippedAt.getTime() - b.shippedAt.getTime() || a.id - b.id);
}

function text(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
