import type { EconomicClient } from '../../connectors/economic/client.js';
import type { EconomicSalesDocument } from '../../connectors/economic/types.js';
import { isSyncHttpError } from '../../connectors/http/errors.js';
import type { RackbeatClient } from '../../connectors/rackbeat/client.js';
import type { WebshopPlatform } from '../../connectors/systems.js';
import { RecordError } from '../../engine/errors.js';
import type { StateChangeStep } from '../../engine/leg.js';
import { documentsOfShopOrder } from './shop-events.js';
import { ORDER_LEGS, ORDER_STEPS } from './steps.js';
import type { ShopOrderRecord } from './webshop-to-rackbeat.js';

/**
 * A cancelled webshop order's Rackbeat order, deleted while Rackbeat allows it: its API has no cancel
 * call (the UI's Cancel only), and it deletes an order only before any shipment or invoice (Rackbeat
 * helpdesk, "Cancel or delete an order"). Shipped first: the record fails with a hint, and nothing in
 * e-conomic is touched (the goods are out; the money side is a refund in the shop).
 */
export function rackbeatCancelStep(rackbeat: RackbeatClient): StateChangeStep<ShopOrderRecord> {
  const shippedFirst = (number: string, record: ShopOrderRecord) =>
    new RecordError(
      `webshop order #${record.order.number} was cancelled, but its Rackbeat order ${number} has a shipment or invoice, so Rackbeat keeps it`,
      'the goods have gone: take them back into stock in Rackbeat if they come back, refund the order in the webshop (it becomes a credit note), then dismiss this order (iex-sync dismiss)',
    );
  return {
    kind: 'state-change',
    name: ORDER_STEPS.rackbeatCancel,
    about: 'order',
    targetSystem: 'rackbeat',
    of: { leg: ORDER_LEGS.webshopRackbeat, step: ORDER_STEPS.rackbeatOrder },
    stage: 'cancelled',
    wanted: () => true,
    async isDone(doc, record) {
      const order = await rackbeat.order(Number(doc.id));
      if (!order || order.isCancelled) return true;
      if (order.isShipped) throw shippedFirst(doc.id, record);
      return false;
    },
    async apply(doc, record) {
      try {
        await rackbeat.deleteOrder(Number(doc.id));
      } catch (error) {
        if (isSyncHttpError(error) && error.kind === 'validation') throw shippedFirst(doc.id, record);
        throw error;
      }
    },
  };
}

/**
 * Then the order's e-conomic drafts (order draft, draft invoice) are deleted. A booked invoice
 * stays (booking cannot be undone): a refund of the order becomes its credit note, and without one
 * the next step credits it whole (cancel-credit-step.ts). A sent order is the bookkeeper's: it
 * fails with a hint.
 */
export function economicCancelStep(economic: EconomicClient, platform: WebshopPlatform): StateChangeStep<ShopOrderRecord, EconomicSalesDocument[]> {
  const documentsOf = (record: ShopOrderRecord) => documentsOfShopOrder(economic, { platform, number: record.order.number }, ['orderDrafts', 'draftInvoices']);
  const drafts = (documents: EconomicSalesDocument[]) => documents.filter((document) => document.state === 'draft');
  return {
    kind: 'state-change',
    name: ORDER_STEPS.economicCancel,
    about: 'document',
    targetSystem: 'economic',
    of: ORDER_STEPS.rackbeatCancel,
    stage: 'cancelled',
    wanted: () => true,
    async isDone(_doc, record) {
      const documents = await documentsOf(record);
      const sent = documents.find((document) => document.state === 'sent');
      if (sent) {
        throw new RecordError(
          `webshop order #${record.order.number} was cancelled, but its e-conomic order ${sent.number} is sent`,
          'a bookkeeper sent it: cancel it in e-conomic, then dismiss this order (iex-sync dismiss)',
        );
      }
      return drafts(documents).length === 0;
    },
    payload: async (_doc, record) => drafts(await documentsOf(record)),
    async apply(_doc, _record, documents) {
      for (const document of documents) await (document.kind === 'order' ? economic.orderDrafts : economic.draftInvoices).delete(document.number);
    },
  };
}
