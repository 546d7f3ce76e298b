import type { EconomicClient } from '../../connectors/economic/client.js';
import type { EconomicSalesDocument, SalesDocumentInput } from '../../connectors/economic/types.js';
import type { WebshopPlatform } from '../../connectors/systems.js';
import { businessDate } from '../../domain/time.js';
import { RecordError } from '../../engine/errors.js';
import type { StateChangeStep } from '../../engine/leg.js';
import { mapCancellationToCreditNote } from '../../mapping/orders/credit-note.js';
import { cancellationCreditReference } from '../../mapping/orders/references.js';
import { creditBookStep, placed } from './credit-note-step.js';
import type { OrdersLegSettings } from './settings.js';
import { documentsOfShopOrder } from './shop-events.js';
import { ORDER_STEPS } from './steps.js';
import type { ShopOrderRecord } from './webshop-to-rackbeat.js';

/**
 * A cancelled webshop order whose e-conomic invoice is already booked (booking cannot be undone)
 * gets a credit note for that whole invoice: its own lines negated (mapping/orders/credit-note.ts),
 * so the books no longer say the customer owes what the shop cancelled. Only when the order was
 * not refunded: a refund (Shopify's cancel with its money back, a WooCommerce refund) becomes its
 * own credit note in the refunds leg, and crediting the invoice as well would credit it twice. Its
 * reference is derived from the order's number, looked up before it is ever made; booked with
 * `orders.invoice.book`, like every credit note. After the Rackbeat order is deleted: a shipped
 * order stops the cancellation before this (the goods are out; a refund in the shop credits them).
 */
export function cancelCreditSteps(economic: EconomicClient, platform: WebshopPlatform, settings: OrdersLegSettings): Array<StateChangeStep<ShopOrderRecord>> {
  const reference = (record: ShopOrderRecord) => cancellationCreditReference(platform, record.order.number);
  // Read once a run per order: the credit step and the book step after it ask the same questions.
  const credits = new Map<string, Promise<EconomicSalesDocument | undefined>>();
  const invoices = new Map<string, Promise<EconomicSalesDocument | undefined>>();
  const once = <T>(cache: Map<string, Promise<T>>, id: string, read: () => Promise<T>): Promise<T> => {
    const known = cache.get(id) ?? read();
    cache.set(id, known);
    return known;
  };
  const creditOf = (record: ShopOrderRecord) => once(credits, record.id, () => economic.draftInvoices.findByReference(reference(record)));
  const bookedInvoiceOf = (record: ShopOrderRecord) =>
    once(invoices, record.id, async () => (await documentsOfShopOrder(economic, { platform, number: record.order.number }, ['draftInvoices'])).find((document) => document.state === 'booked'));

  const credit: StateChangeStep<ShopOrderRecord, SalesDocumentInput> = {
    kind: 'state-change',
    name: ORDER_STEPS.cancelCredit,
    about: 'invoice',
    targetSystem: 'economic',
    of: ORDER_STEPS.economicCancel,
    stage: 'credited',
    wanted: (record) => !record.order.refunded,
    async isDone(_doc, record) {
      const found = await creditOf(record);
      if (found) return placed(found);
      // No booked invoice: the drafts were deleted (economic-cancel), and there is nothing to credit.
      return (await bookedInvoiceOf(record)) === undefined;
    },
    async payload(_doc, record) {
      const invoice = await bookedInvoiceOf(record);
      const lines = invoice && (await economic.draftInvoices.lines(invoice.number, 'booked'));
      if (!invoice || !lines) throw new RecordError(`the booked invoice of cancelled webshop order #${record.order.number} is gone from e-conomic`, 'look for it in e-conomic; credit it by hand if it is there, then dismiss this order (iex-sync dismiss)');
      // Dated the day the shop last changed the order: its cancellation (the shops give no cancel date in common).
      return mapCancellationToCreditNote(platform, record.order.number, invoice, lines, businessDate(record.order.modifiedAt, settings.timezone), settings);
    },
    async apply(_doc, record, document, options) {
      const made = economic.draftInvoices.create(document, { idempotencyKey: options.idempotencyKey });
      credits.set(record.id, made);
      return placed(await made);
    },
  };
  if (!settings.invoice.book) return [credit];
  // Only a credit note this leg made (or found) is booked: with none, the step before hands on the order's own document.
  const made = async (record: ShopOrderRecord) => !record.order.refunded && (await creditOf(record)) !== undefined;
  return [credit, creditBookStep(economic, settings, { name: ORDER_STEPS.cancelCreditBook, about: 'invoice', of: ORDER_STEPS.cancelCredit, reference, wanted: made })];
}
