import type { RackbeatOrder, RackbeatShipment } from '../../connectors/rackbeat/types.js';
import type { Shipment, ShippedLine, ShopOrderLine } from '../../connectors/webshop.js';

/**
 * Leg 3 mapping: what a Rackbeat order's shipped deliveries mean for the webshop order it came from.
 * Pure. Units are cumulative (every delivery so far), so asking again fulfils nothing more. Rackbeat
 * lines are matched to the shop's by SKU (leg 1 made one Rackbeat line per shop line, by SKU, then
 * service lines the shop has no line for); a SKU on several shop lines fills them in order.
 */
/** The reference of a delivery in the shop (the WooCommerce note carries it): one per Rackbeat shipment. */
export function shipmentReference(orderNumber: number, shipmentId: number): string {
  return `Rackbeat order ${orderNumber} shipment ${shipmentId}`;
}

/** Undefined when nothing has shipped yet; without tracking when the latest delivery has none. */
export function shipmentOfOrder(order: RackbeatOrder, shipments: readonly RackbeatShipment[], shopLines: readonly ShopOrderLine[]): Shipment | undefined {
  const latest = shipments.at(-1);
  if (!latest) return undefined;
  // A fully shipped order has shipped every unit, whatever its deliveries list.
  const shippedOf = (lineId: number, quantity: number): number =>
    order.isShipped ? quantity : shipments.reduce((sum, shipment) => sum + shipment.lines.filter((line) => line.orderLineId === lineId).reduce((units, line) => units + line.quantity, 0), 0);
  const bySku = new Map<string, number>();
  for (const line of order.lines) bySku.set(line.sku.trim(), (bySku.get(line.sku.trim()) ?? 0) + Math.min(line.quantity, shippedOf(line.id, line.quantity)));
  const shipped: ShippedLine[] = [];
  for (const line of shopLines) {
    const sku = line.sku?.trim();
    const left = sku === undefined ? 0 : (bySku.get(sku) ?? 0);
    const quantity = Math.min(left, line.quantity);
    if (quantity <= 0 || sku === undefined) continue;
    bySku.set(sku, left - quantity);
    shipped.push({ lineId: line.id, quantity });
  }
  if (shipped.length === 0) return undefined;
  const tracking = latest.trackingNumber || latest.trackingUrl ? { number: latest.trackingNumber, company: latest.carrier, url: latest.trackingUrl } : undefined;
  return { reference: shipmentReference(order.number, latest.id), shipped, ...(tracking ? { tracking } : {}) };
}
