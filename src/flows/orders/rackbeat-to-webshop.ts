import type { FulfilmentSettings } from '../../config/sections/fulfilment.js';
import type { RackbeatClient } from '../../connectors/rackbeat/client.js';
import type { RackbeatOrder } from '../../connectors/rackbeat/types.js';
import { SYSTEM_LABELS } from '../../connectors/systems.js';
import type { FulfilmentResult, Shipment, ShopOrder, Webshop } from '../../connectors/webshop.js';
import { isSyncHttpError } from '../../connectors/http/errors.js';
import { RecordError } from '../../engine/errors.js';
import type { Leg, SourceRecord, UpdateApplied, UpdateStep } from '../../engine/leg.js';
import { shipmentOfOrder } from '../../mapping/orders/rackbeat-shipment.js';
import { parseRackbeatHeading } from '../../mapping/orders/references.js';
import { bookedOrderSource } from './booked-order-source.js';
import type { BookedOrders } from './booked-orders.js';
import { SettingError } from './setting-error.js';
import { ORDER_LEGS, ORDER_STEPS } from './steps.js';

/** A Rackbeat order as leg 3 sees it; for a shipped one that came from the webshop, what it shipped and the shop's order. */
export interface ShippedOrderRecord extends SourceRecord {
  order: RackbeatOrder;
  /** Read when the engine is about to work on it (the source's `complete`), only for a shipped order of this shop. */
  fulfilment?: { shopOrder: ShopOrder | undefined; shipped: Shipment | undefined } | undefined;
}

function toRecord(order: RackbeatOrder): ShippedOrderRecord {
  return { id: String(order.number), number: String(order.number), createdAt: order.createdAt, modifiedAt: order.updatedAt, order };
}

/**
 * Leg 3 of the order flow (`orders.fulfilment`): a Rackbeat order that came from this webshop (its
 * heading is leg 1's reference) and has shipped, all or part, marks the webshop order fulfilled for
 * the units shipped, with the latest shipment's tracking. One update step whose payload is the
 * shipment so far (cumulative): a new delivery changes it and fulfils the rest; the webshop reads
 * its own state before every write (Webshop.fulfil), so a rerun, a crash after the write or an
 * order fulfilled by hand in the shop writes nothing twice. An order cancelled or refunded in the
 * shop is skipped with the reason.
 */
export function rackbeatToWebshopLeg(
  rackbeat: RackbeatClient,
  rackbeatInstance: string,
  webshop: Webshop,
  settings: FulfilmentSettings,
  booked: BookedOrders,
): Leg<ShippedOrderRecord> {
  const shop = SYSTEM_LABELS[webshop.platform];
  const shopOrderNumber = (order: RackbeatOrder): string | undefined => {
    const origin = parseRackbeatHeading(order.heading);
    return origin?.platform === webshop.platform ? origin.orderNumber : undefined;
  };
  const options = { notifyCustomer: settings.notifyCustomer, completedStatus: settings.wooStatus };

  const fulfilStep: UpdateStep<ShippedOrderRecord, Shipment> = {
    kind: 'update',
    name: ORDER_STEPS.webshopFulfilment,
    about: 'fulfilment',
    targetSystem: webshop.platform,
    stage: 'fulfilled',
    // A shop order missing is worth a failure; anything else with nothing shipped for the shop's lines waits.
    wanted: (record) => record.fulfilment !== undefined && (record.fulfilment.shopOrder === undefined || record.fulfilment.shipped !== undefined),
    async locate(record) {
      const shopOrder = record.fulfilment?.shopOrder;
      return shopOrder && { id: shopOrder.id, number: shopOrder.number };
    },
    payload(record) {
      const shipped = record.fulfilment?.shipped;
      if (!record.fulfilment?.shopOrder || !shipped) {
        throw new RecordError(
          `${shop} order #${shopOrderNumber(record.order) ?? '?'} of Rackbeat order ${record.order.number} is not in the shop`,
          `the order was deleted in ${shop}, or the Rackbeat order's heading names another order; dismiss it with iex-sync dismiss ${record.order.number} when nothing is to be fulfilled`,
        );
      }
      return shipped;
    },
    async apply(doc, shipment): Promise<UpdateApplied> {
      const result = await webshop.fulfil({ id: doc.id, number: doc.number ?? doc.id }, shipment, options).catch((error: unknown) => {
        throw wooStatusRefused(error, settings.wooStatus) ?? error;
      });
      if (result.refused !== undefined) return { doc, skipped: `not fulfilled: ${result.refused}` };
      if (result.waiting !== undefined) {
        const byHand = `iex-sync orders --order ${doc.number ?? doc.id}`;
        throw new RecordError(`not fulfilled yet: ${result.waiting}`, `release the fulfillment order in ${shop}; it is tried again on a later run, or now with ${byHand}`);
      }
      return { doc, message: describe(result, shipment) };
    },
  };

  return {
    flow: 'orders',
    name: ORDER_LEGS.rackbeatWebshop,
    about: 'order',
    source: {
      ...bookedOrderSource(rackbeat, rackbeatInstance, booked, toRecord),
      // Only a shipped order of this shop reads its deliveries and the shop's order (for its line ids).
      async complete(record) {
        const number = shopOrderNumber(record.order);
        if (number === undefined || record.order.isCancelled || !(record.order.isShipped || record.order.isPartlyShipped)) return record;
        const [shipments, shopOrder] = await Promise.all([rackbeat.shipments(record.order.number), webshop.orderByNumber(number)]);
        return { ...record, fulfilment: { shopOrder, shipped: shopOrder && shipmentOfOrder(record.order, shipments, shopOrder.lines) } };
      },
    },
    steps: [fulfilStep],
  };
}

/**
 * WooCommerce refused the status `orders.fulfilment.wooStatus` names (not one of its statuses): every
 * order would fail alike, so the run stops with the key to fix (exit 2). The note went first, so the
 * next run sets the status only.
 */
function wooStatusRefused(error: unknown, wooStatus: string): SettingError | undefined {
  if (!isSyncHttpError(error) || error.system !== 'woocommerce' || error.method !== 'PUT' || error.code !== 'rest_invalid_param') return undefined;
  return new SettingError(
    `WooCommerce refused the order status "${wooStatus}" that orders.fulfilment.wooStatus names: ${error.platformMessage ?? error.message}`,
    'set orders.fulfilment.wooStatus to a status the shop has (completed, or one a plugin adds), then run again',
  );
}

/** What the fulfilment did, for the log: `fulfilled 3 units (all shipped), tracking UPS 1Z…` or why nothing was written. */
function describe(result: FulfilmentResult, shipment: Shipment): string {
  if (result.writes.length === 0) return 'already fulfilled in the shop (adopted: nothing written)';
  const units = shipment.shipped.reduce((sum, line) => sum + line.quantity, 0);
  const tracking = shipment.tracking;
  const trackingText = tracking ? `tracking ${[tracking.company, tracking.number, tracking.url].filter(Boolean).join(' ')}` : 'without tracking (the Rackbeat shipment has none)';
  return `fulfilled ${units} units shipped so far (${result.complete ? 'all shipped' : 'partly shipped'}), ${trackingText}`;
}
