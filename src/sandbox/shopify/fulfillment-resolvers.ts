import { canFulfil, type SimFulfillment, type SimFulfillmentOrder, type SimFulfillmentOrderLine } from './fulfillment.js';
import { renderLine } from './line-render.js';
import { renderLocation } from './product-resolvers.js';
import { connection, gidNumber, iso, type ConnectionArgs } from './render-kit.js';
import type { ShopifySimState } from './state.js';

/**
 * Fulfillment orders and `fulfillmentCreate` (Admin API 2026-01; Shopify Admin GraphQL, FulfillmentOrder and fulfillmentCreate). A fulfillment
 * names, per fulfillment order, the line items and quantities to fulfil (all that remains when it
 * names none). Refused with userErrors, nothing applied, when a fulfillment order is unknown, not
 * open for fulfilment, at another location than the others, or asked for more than remains
 * ([S] "Invalid fulfillment order line item quantity requested."; the other wordings [U]).
 */
interface FulfillmentInput {
  lineItemsByFulfillmentOrder: Array<{ fulfillmentOrderId: string; fulfillmentOrderLineItems?: Array<{ id: string; quantity: number }> | null }>;
  notifyCustomer?: boolean;
  trackingInfo?: { number?: string | null; company?: string | null; url?: string | null } | null;
}

const QUANTITY_REFUSED = 'Invalid fulfillment order line item quantity requested.';

export function fulfillmentRoot(state: ShopifySimState) {
  return {
    fulfillmentOrder: ({ id }: { id: string }) => {
      const fulfillmentOrder = state.fulfillments.byId(gidNumber(id, 'FulfillmentOrder'));
      return fulfillmentOrder ? renderFulfillmentOrder(state, fulfillmentOrder) : null;
    },

    fulfillmentCreate: ({ fulfillment }: { fulfillment: FulfillmentInput; message?: string | null }) => {
      const refuse = (field: string[], message: string) => ({ fulfillment: null, userErrors: [{ field: ['fulfillment', ...field], message }] });
      const groups = fulfillment.lineItemsByFulfillmentOrder;
      if (groups.length === 0) return refuse(['lineItemsByFulfillmentOrder'], 'Line items by fulfillment order must not be empty.');
      const take: Array<{ fulfillmentOrder: SimFulfillmentOrder; line: SimFulfillmentOrderLine; quantity: number }> = [];
      let locationId: number | undefined;
      for (const [index, group] of groups.entries()) {
        const field = ['lineItemsByFulfillmentOrder', String(index)];
        const fulfillmentOrder = state.fulfillments.byId(gidNumber(group.fulfillmentOrderId, 'FulfillmentOrder'));
        if (!fulfillmentOrder) return refuse([...field, 'fulfillmentOrderId'], 'Fulfillment order does not exist.');
        if (!canFulfil(fulfillmentOrder)) return refuse([...field, 'fulfillmentOrderId'], QUANTITY_REFUSED);
        if (locationId !== undefined && fulfillmentOrder.locationId !== locationId) {
          return refuse([...field, 'fulfillmentOrderId'], 'All fulfillment orders in a fulfillment must be assigned to the same location.');
        }
        locationId = fulfillmentOrder.locationId;
        const asked = group.fulfillmentOrderLineItems ?? fulfillmentOrder.lines.map((line) => ({ id: `gid://shopify/FulfillmentOrderLineItem/${line.id}`, quantity: line.remainingQuantity }));
        for (const item of asked) {
          const line = fulfillmentOrder.lines.find((candidate) => candidate.id === gidNumber(item.id, 'FulfillmentOrderLineItem'));
          const already = take.filter((entry) => entry.line === line).reduce((sum, entry) => sum + entry.quantity, 0);
          if (!line || item.quantity < 0 || item.quantity + already > line.remainingQuantity) return refuse([...field, 'fulfillmentOrderLineItems'], QUANTITY_REFUSED);
          if (item.quantity > 0) take.push({ fulfillmentOrder, line, quantity: item.quantity });
        }
      }
      if (take.length === 0) return refuse(['lineItemsByFulfillmentOrder'], QUANTITY_REFUSED);
      const order = state.orders.get((take[0] as { fulfillmentOrder: SimFulfillmentOrder }).fulfillmentOrder.orderId);
      if (!order) return refuse(['lineItemsByFulfillmentOrder'], 'Fulfillment order does not exist.');
      const tracking = fulfillment.trackingInfo;
      const made = state.fulfillments.fulfil(order, take, {
        createdAt: Math.floor(state.now() / 1000) * 1000,
        notifyCustomer: fulfillment.notifyCustomer ?? false,
        tracking: tracking ? { number: tracking.number ?? null, company: tracking.company ?? null, url: tracking.url ?? null } : null,
      });
      state.updateOrder(order.id, (changed) => {
        changed.fulfillmentStatus = state.fulfillments.progress(changed) === 'all' ? 'FULFILLED' : 'PARTIALLY_FULFILLED';
      });
      return { fulfillment: renderFulfillment(made), userErrors: [] };
    },
  };
}

export function renderFulfillmentOrder(state: ShopifySimState, fulfillmentOrder: SimFulfillmentOrder) {
  const order = state.orders.get(fulfillmentOrder.orderId);
  const location = state.inventory.location(fulfillmentOrder.locationId);
  return {
    id: `gid://shopify/FulfillmentOrder/${fulfillmentOrder.id}`,
    orderId: `gid://shopify/Order/${fulfillmentOrder.orderId}`,
    status: fulfillmentOrder.status,
    updatedAt: iso(fulfillmentOrder.updatedAt),
    supportedActions: canFulfil(fulfillmentOrder) ? [{ action: 'CREATE_FULFILLMENT' }] : [],
    assignedLocation: { name: location?.name ?? '', location: location ? renderLocation(location) : null },
    lineItems: (args: ConnectionArgs) =>
      connection(fulfillmentOrder.lines, args, 'lineItems', (line) => [line.id, line.id], (line) => {
        const item = order?.lines.find((candidate) => candidate.id === line.lineItemId);
        return {
          id: `gid://shopify/FulfillmentOrderLineItem/${line.id}`,
          totalQuantity: line.totalQuantity,
          remainingQuantity: line.remainingQuantity,
          sku: item?.sku ?? null,
          lineItem: item && order ? renderLine(item, order, state.fulfillments.fulfilled(order, item.id)) : null,
        };
      }),
  };
}

export function renderFulfillment(fulfillment: SimFulfillment) {
  return {
    id: `gid://shopify/Fulfillment/${fulfillment.id}`,
    status: 'SUCCESS',
    createdAt: iso(fulfillment.createdAt),
    totalQuantity: [...fulfillment.lines.values()].reduce((sum, quantity) => sum + quantity, 0),
    trackingInfo: () => (fulfillment.tracking ? [fulfillment.tracking] : []),
  };
}
