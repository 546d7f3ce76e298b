import type { EconomicClient } from '../../connectors/economic/client.js';
import type { RackbeatClient } from '../../connectors/rackbeat/client.js';
import type { EconomicSalesDocument } from '../../connectors/economic/types.js';
import type { ShopOrder, ShopRefund, Webshop } from '../../connectors/webshop.js';
import type { Leg, SourceRecord, Step } from '../../engine/leg.js';
import { creditNoteReference } from '../../mapping/orders/references.js';
import { creditBookStep, creditNoteStep } from './credit-note-step.js';
import { refundPaymentStep } from './refund-payment-step.js';
import { restockSteps } from './restock-step.js';
import { documentsOfShopOrder, shopEventSource } from './shop-events.js';
import { allowedStates, followsPartlyRefunded, type OrdersLegSettings } from './settings.js';
import { ORDER_LEGS, ORDER_STEPS } from './steps.js';

/** A webshop refund of an order, as the refunds leg handles it. Its id names the order's number and the refund. */
export interface RefundRecord extends SourceRecord {
  order: ShopOrder;
  refund: ShopRefund;
  /** Every refund of the order, this one included (what earlier ones restocked counts: restock-step.ts). */
  orderRefunds: readonly ShopRefund[];
  /** The invoice it credits, read when the engine is about to work on it (booked, else the draft); undefined: none yet. */
  invoice: EconomicSalesDocument | undefined;
}

const DAY_MS = 86_400_000;

/**
 * The refunds leg of the order flow (`orders.refunds.mode: credit-note`): each refund of a webshop
 * order becomes one e-conomic credit note for what was refunded, made out like the order's invoice
 * and referencing it; booked with `orders.invoice.book`, paid back in the journal with
 * `orders.invoice.payment`. A refund made before its order's invoice exists (or, with book, is
 * booked) waits for it, up to `orders.refunds.waitDays`; the invoice itself is made for the whole
 * order, as leg 2 always does, and the credit note takes back what was refunded.
 */
export function refundsLeg(webshop: Webshop, shopInstance: string, economic: EconomicClient, rackbeat: RackbeatClient, settings: OrdersLegSettings): Leg<RefundRecord> {
  const toRecord = (order: ShopOrder, refund: ShopRefund, orderRefunds: readonly ShopRefund[]): RefundRecord => ({
    id: `#${order.number} refund ${refund.id}`,
    number: order.number,
    // The cut-over counts from the order: a refund of an order from before it was never invoiced here.
    createdAt: order.createdAt,
    modifiedAt: order.modifiedAt,
    order,
    refund,
    orderRefunds,
    invoice: undefined,
  });
  const refundsOf = async (order: ShopOrder): Promise<RefundRecord[]> =>
    order.refunded ? (await webshop.refunds(order)).map((refund, _at, all) => toRecord(order, refund, all)) : [];
  // The order's invoice: booked first, then the lowest number.
  const invoiceOf = async (order: ShopOrder): Promise<EconomicSalesDocument | undefined> =>
    (await documentsOfShopOrder(economic, order, ['draftInvoices'])).sort((a, b) => Number(b.state === 'booked') - Number(a.state === 'booked') || a.number - b.number)[0];
  const states = allowedStates(settings, webshop.platform);
  const steps: Array<Step<RefundRecord>> = [creditNoteStep(economic, webshop.platform, settings)];
  if (settings.invoice.book) {
    steps.push(creditBookStep(economic, settings, { name: ORDER_STEPS.creditBook, about: 'refund', of: ORDER_STEPS.creditNote, reference: (record: RefundRecord) => creditNoteReference(webshop.platform, record.refund.id) }));
  }
  if (settings.invoice.book && settings.invoice.payment) steps.push(refundPaymentStep(economic, webshop.platform, settings));
  if (settings.refunds.restock) steps.push(...restockSteps(rackbeat, webshop.platform, settings));

  return {
    flow: 'orders',
    name: ORDER_LEGS.refunds,
    about: 'refund',
    occasional: true,
    source: {
      ...shopEventSource(webshop, shopInstance, refundsOf, async (id) => {
        const match = /^#(.+) refund (.+)$/.exec(id);
        const order = match ? await webshop.orderByNumber(match[1] as string) : undefined;
        return order && (await refundsOf(order)).find((record) => record.id === id);
      }),
      complete: async (record) => ({ ...record, invoice: await invoiceOf(record.order) }),
    },
    // Refunded before it was invoiced, in a state leg 1 never transfers (refunded in full): nothing to credit.
    // Had leg 1 transferred it before, that leg flags the order for a person (its state changed after the transfer).
    skipReason(record) {
      const status = record.order.status.toLowerCase();
      if (record.invoice || states.has(status) || followsPartlyRefunded(settings, status)) return undefined;
      return `refunded before it was invoiced, and its status ${status} is not in orders.states: nothing to credit`;
    },
    waitReason(record) {
      const booked = !settings.invoice.book || record.invoice?.state === 'booked';
      if (record.invoice && booked) return undefined;
      // Past its time it fails instead (credit-note-step.ts), visibly, and the cursor moves on.
      if (Date.now() - record.refund.createdAt.getTime() > settings.refunds.waitDays * DAY_MS) return undefined;
      return `refund ${record.refund.id} waits for the ${record.invoice ? 'booking of the invoice' : 'invoice'} of webshop order #${record.order.number}`;
    },
    steps,
  };
}
