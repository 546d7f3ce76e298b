import type { FulfilmentPlan, Shipment, ShippedLine, ShopOrderRef } from '../webshop.js';

/**
 * What a shipment still needs on a Shopify order, from the order's state. Pure. Per order line:
 * due = units shipped so far − units Shopify shows fulfilled (currentQuantity − unfulfilledQuantity),
 * never more than the line still has; the due units are taken from the fulfillment orders that take
 * fulfillments (CREATE_FULFILLMENT), grouped by their location (one fulfillment per location).
 */
export interface FulfilmentOrderState {
  id: string;
  status: string;
  fulfillable: boolean;
  locationId: string | undefined;
  lines: Array<{ id: string; remaining: number; lineItemId: string; currentQuantity: number; unfulfilledQuantity: number }>;
}

export interface OrderFulfilmentState {
  cancelled: boolean;
  financialStatus: string | null;
  fulfillmentOrders: FulfilmentOrderState[];
}

/** The fulfillment order line items to fulfil, per location. */
export type FulfilmentGroups = Array<Array<{ fulfillmentOrderId: string; fulfillmentOrderLineItems: Array<{ id: string; quantity: number }> }>>;

const REFUNDED = new Set(['REFUNDED', 'VOIDED']);

export function planShopifyFulfilment(
  order: ShopOrderRef,
  state: OrderFulfilmentState,
  shipment: Shipment,
  notifyCustomer: boolean,
): { plan: FulfilmentPlan; groups: FulfilmentGroups } {
  const none = (why: Partial<FulfilmentPlan>) => ({ plan: { complete: false, writes: [], ...why }, groups: [] });
  if (state.cancelled) return none({ refused: `order ${order.number} was cancelled in Shopify` });
  if (state.financialStatus && REFUNDED.has(state.financialStatus)) {
    return none({ refused: `order ${order.number} was ${state.financialStatus.toLowerCase()} in Shopify` });
  }
  const lines = new Map<string, { current: number; fulfilled: number }>();
  for (const fulfillmentOrder of state.fulfillmentOrders) {
    for (const line of fulfillmentOrder.lines) {
      lines.set(line.lineItemId, { current: line.currentQuantity, fulfilled: Math.max(0, line.currentQuantity - line.unfulfilledQuantity) });
    }
  }
  const taken = new Map<string, number>();
  const byLocation = new Map<string, Map<string, Array<{ id: string; quantity: number }>>>();
  let waiting: string | undefined;
  for (const shipped of shipment.shipped) {
    const line = lines.get(shipped.lineId);
    if (!line) throw new Error(`line ${shipped.lineId} of the shipment ${shipment.reference} is not on Shopify order ${order.number}`);
    let due = Math.max(0, Math.min(shipped.quantity, line.current) - line.fulfilled);
    for (const fulfillmentOrder of state.fulfillmentOrders) {
      for (const candidate of fulfillmentOrder.lines) {
        if (due === 0 || candidate.lineItemId !== shipped.lineId || candidate.remaining === 0) continue;
        if (!fulfillmentOrder.fulfillable) {
          waiting ??= `order ${order.number}'s fulfillment order is ${fulfillmentOrder.status.toLowerCase().replace(/_/g, ' ')} in Shopify`;
          continue;
        }
        const quantity = Math.min(due, candidate.remaining);
        due -= quantity;
        taken.set(shipped.lineId, (taken.get(shipped.lineId) ?? 0) + quantity);
        const location = fulfillmentOrder.locationId ?? '';
        const orders = byLocation.get(location) ?? new Map<string, Array<{ id: string; quantity: number }>>();
        orders.set(fulfillmentOrder.id, [...(orders.get(fulfillmentOrder.id) ?? []), { id: candidate.id, quantity }]);
        byLocation.set(location, orders);
      }
    }
  }
  const complete = [...lines].every(([lineId, line]) => line.fulfilled + (taken.get(lineId) ?? 0) >= line.current);
  const groups: FulfilmentGroups = [...byLocation.values()].map((orders) =>
    [...orders].map(([fulfillmentOrderId, fulfillmentOrderLineItems]) => ({ fulfillmentOrderId, fulfillmentOrderLineItems })),
  );
  // One write per fulfillment (location), in our terms: units per order line.
  const writes = [...byLocation.values()].map((orders) => {
    const units = new Map<string, number>();
    for (const items of orders.values()) {
      for (const item of items) {
        const lineId = lineOf(state, item.id);
        units.set(lineId, (units.get(lineId) ?? 0) + item.quantity);
      }
    }
    const shippedLines: ShippedLine[] = [...units].map(([lineId, quantity]) => ({ lineId, quantity }));
    return { kind: 'fulfilment' as const, lines: shippedLines, tracking: shipment.tracking, notifyCustomer };
  });
  return { plan: { complete, writes, ...(writes.length === 0 && waiting ? { waiting } : {}) }, groups };
}

function lineOf(state: OrderFulfilmentState, fulfillmentOrderLineId: string): string {
  for (const fulfillmentOrder of state.fulfillmentOrders) {
    const line = fulfillmentOrder.lines.find((candidate) => candidate.id === fulfillmentOrderLineId);
    if (line) return line.lineItemId;
  }
  return fulfillmentOrderLineId;
}
