import type { FulfilmentPlan, FulfilmentResult, FulfilOptions, Shipment, ShopOrderRef } from '../webshop.js';
import { connectionCost, MUTATION_COST } from './documents.js';
import {
  FULFILLMENT_CREATE,
  FULFILLMENT_ORDER_LINE_NODE_COST,
  FULFILLMENT_ORDER_LINES,
  FULFILLMENT_ORDER_LINES_PER_PAGE,
  FULFILLMENT_ORDER_NODE_COST,
  FULFILLMENT_ORDERS_PER_PAGE,
  FULFILMENT_STATE,
} from './fulfilment-documents.js';
import { planShopifyFulfilment, type FulfilmentGroups, type OrderFulfilmentState } from './fulfilment-plan.js';
import type { ShopifyGraphql } from './graphql.js';
import { allNodes } from './paging.js';
import type { ShopifyConnection, ShopifyFulfillmentOrder, ShopifyFulfillmentOrderLine, ShopifyUserError } from './types.js';

/**
 * Fulfilment on Shopify's fulfillment orders (Shopify Admin GraphQL, FulfillmentOrder and fulfillmentCreate): read the order's fulfillment orders,
 * plan what the shipment still needs, and `fulfillmentCreate` it, one fulfillment per location,
 * with the tracking and `notifyCustomer`. Never sent twice by us: a create whose answer was lost
 * is not resent; the next plan reads it back as fulfilled.
 */
interface StatePage {
  order: {
    cancelledAt: string | null;
    displayFinancialStatus: string | null;
    fulfillmentOrders: ShopifyConnection<ShopifyFulfillmentOrder>;
  } | null;
}

export function shopifyFulfilment(graphql: ShopifyGraphql) {
  async function readState(order: ShopOrderRef): Promise<OrderFulfilmentState> {
    const stateCost = 1 + connectionCost(FULFILLMENT_ORDERS_PER_PAGE, FULFILLMENT_ORDER_NODE_COST);
    const first = await graphql.query<StatePage>(FULFILMENT_STATE, { id: order.id, after: null }, stateCost);
    if (!first.order) throw new Error(`Shopify has no order ${order.number} (${order.id})`);
    const found = first.order;
    const fulfillmentOrders = await allNodes(found.fulfillmentOrders, async (after) => (await graphql.query<StatePage>(FULFILMENT_STATE, { id: order.id, after }, stateCost)).order?.fulfillmentOrders);
    const states = [];
    for (const fulfillmentOrder of fulfillmentOrders) {
      const lines = await allNodes(fulfillmentOrder.lineItems, async (after) => {
        const data = await graphql.query<{ fulfillmentOrder: { lineItems: ShopifyConnection<ShopifyFulfillmentOrderLine> } | null }>(
          FULFILLMENT_ORDER_LINES,
          { id: fulfillmentOrder.id, after },
          connectionCost(FULFILLMENT_ORDER_LINES_PER_PAGE, FULFILLMENT_ORDER_LINE_NODE_COST, 1),
        );
        return data.fulfillmentOrder?.lineItems;
      });
      states.push({
        id: fulfillmentOrder.id,
        status: fulfillmentOrder.status,
        fulfillable: fulfillmentOrder.supportedActions.some((supported) => supported.action === 'CREATE_FULFILLMENT'),
        locationId: fulfillmentOrder.assignedLocation.location?.id,
        lines: lines.map((line) => ({
          id: line.id,
          remaining: line.remainingQuantity,
          lineItemId: line.lineItem.id,
          currentQuantity: line.lineItem.currentQuantity,
          unfulfilledQuantity: line.lineItem.unfulfilledQuantity,
        })),
      });
    }
    return { cancelled: found.cancelledAt !== null, financialStatus: found.displayFinancialStatus, fulfillmentOrders: states };
  }

  async function planned(order: ShopOrderRef, shipment: Shipment, options: FulfilOptions): Promise<{ plan: FulfilmentPlan; groups: FulfilmentGroups }> {
    return planShopifyFulfilment(order, await readState(order), shipment, options.notifyCustomer ?? true);
  }

  return {
    plan: async (order: ShopOrderRef, shipment: Shipment, options: FulfilOptions = {}) => (await planned(order, shipment, options)).plan,

    async fulfil(order: ShopOrderRef, shipment: Shipment, options: FulfilOptions = {}): Promise<FulfilmentResult> {
      const { plan, groups } = await planned(order, shipment, options);
      const ids: string[] = [];
      for (const lineItemsByFulfillmentOrder of groups) {
        const tracking = shipment.tracking;
        const fulfillment = {
          lineItemsByFulfillmentOrder,
          notifyCustomer: options.notifyCustomer ?? true,
          ...(tracking && (tracking.number || tracking.url || tracking.company)
            ? { trackingInfo: { number: tracking.number, company: tracking.company, url: tracking.url } }
            : {}),
        };
        const payload = await graphql.mutate<{ fulfillment: { id: string } | null; userErrors: ShopifyUserError[] }>(
          FULFILLMENT_CREATE,
          'fulfillmentCreate',
          { fulfillment },
          MUTATION_COST,
        );
        if (payload.fulfillment) ids.push(payload.fulfillment.id);
      }
      return { ...plan, ids };
    },
  };
}
