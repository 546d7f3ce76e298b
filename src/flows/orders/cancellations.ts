import type { EconomicClient } from '../../connectors/economic/client.js';
import type { RackbeatClient } from '../../connectors/rackbeat/client.js';
import type { Webshop } from '../../connectors/webshop.js';
import type { Leg } from '../../engine/leg.js';
import { cancelCreditSteps } from './cancel-credit-step.js';
import { economicCancelStep, rackbeatCancelStep } from './cancel-steps.js';
import type { OrdersLegSettings } from './settings.js';
import { shopEventSource } from './shop-events.js';
import { ORDER_LEGS } from './steps.js';
import { shopOrderRecord, type ShopOrderRecord } from './webshop-to-rackbeat.js';

/**
 * The cancellations leg of the order flow (`orders.refunds.mode: credit-note`): a webshop order
 * cancelled after leg 1 transferred it (WooCommerce status `cancelled`, Shopify `cancelledAt`) has its
 * Rackbeat order deleted while it has no shipment or invoice, then its e-conomic drafts deleted
 * (cancel-steps.ts), each its own `cancelled` stage; an invoice already booked is credited whole
 * unless the order was refunded (cancel-credit-step.ts, stage `credited`). Its records are leg 1's (the same ids), and it
 * acts on leg 1's Rackbeat order: an order leg 1 never transferred has nothing to cancel.
 */
export function cancellationsLeg(webshop: Webshop, shopInstance: string, rackbeat: RackbeatClient, economic: EconomicClient, settings: OrdersLegSettings): Leg<ShopOrderRecord> {
  return {
    flow: 'orders',
    name: ORDER_LEGS.cancellations,
    about: 'order',
    occasional: true,
    source: shopEventSource(
      webshop,
      shopInstance,
      async (order) => (order.cancelled ? [shopOrderRecord(order)] : []),
      async (id) => {
        const order = await webshop.orderByNumber(id);
        return order && shopOrderRecord(order);
      },
    ),
    skipReason: (record) => (record.order.cancelled ? undefined : 'the order is not cancelled in the webshop'),
    steps: [rackbeatCancelStep(rackbeat), economicCancelStep(economic, webshop.platform), ...cancelCreditSteps(economic, webshop.platform, settings)],
  };
}
