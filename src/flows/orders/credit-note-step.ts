import type { EconomicClient } from '../../connectors/economic/client.js';
import { documentKey, parseDocumentKey } from '../../connectors/economic/document-key.js';
import { salesDocumentBody } from '../../connectors/economic/documents.js';
import type { EconomicSalesDocument, SalesDocumentInput } from '../../connectors/economic/types.js';
import type { WebshopPlatform } from '../../connectors/systems.js';
import { formatMinor } from '../../domain/money.js';
import { RecordError } from '../../engine/errors.js';
import type { CreateStep, SourceRecord, StateChangeStep, TargetDoc } from '../../engine/leg.js';
import type { RecordKind } from '../../store/transfers.js';
import { creditNoteGross, mapRefundToCreditNote } from '../../mapping/orders/credit-note.js';
import { creditNoteReference } from '../../mapping/orders/references.js';
import { bookingOf } from './invoice-steps.js';
import { translateMissingSku } from './missing-sku.js';
import type { RefundRecord } from './refunds.js';
import { configuredProductKeys, type OrdersLegSettings } from './settings.js';
import { ORDER_STEPS } from './steps.js';

export const placed = (document: EconomicSalesDocument): TargetDoc => ({ id: documentKey(document), number: String(document.number) });

/**
 * One e-conomic credit note per webshop refund (mapping/orders/credit-note.ts): a draft invoice with
 * negative quantities, its `references.other` derived from the refund's id, looked up by it wherever
 * it is now (a draft, or booked) before one is ever made. Its gross total must come to minus what was
 * refunded, to the rounding of net line prices; otherwise the record fails and it is not booked.
 */
export function creditNoteStep(economic: EconomicClient, platform: WebshopPlatform, settings: OrdersLegSettings): CreateStep<RefundRecord, SalesDocumentInput> {
  const reference = (record: RefundRecord) => creditNoteReference(platform, record.refund.id);
  const known = new Map<string, EconomicSalesDocument>();
  const remember = (document: EconomicSalesDocument): TargetDoc => {
    const doc = placed(document);
    known.set(doc.id, document);
    return doc;
  };
  const products = configuredProductKeys(settings);
  products.set(settings.refunds.product, 'orders.refunds.product');
  return {
    kind: 'create',
    name: ORDER_STEPS.creditNote,
    about: 'refund',
    noun: 'e-conomic credit note',
    targetSystem: 'economic',
    reference,
    payload(record) {
      const { invoice, refund } = record;
      if (!invoice || (settings.invoice.book && invoice.state !== 'booked')) {
        throw new RecordError(
          `refund ${refund.id} of webshop order #${record.order.number} waited ${settings.refunds.waitDays} days (orders.refunds.waitDays) for the order's ${invoice ? 'invoice to be booked' : 'invoice'}`,
          'credit it in e-conomic by hand and dismiss it (iex-sync dismiss), or invoice the order and it is credited on the next run',
        );
      }
      const missing = refund.lines.find((line) => !line.sku?.trim());
      if (missing) throw new RecordError(`refunded line "${missing.name}" of webshop order #${record.order.number} has no SKU`, 'credit it in e-conomic by hand, then dismiss it (iex-sync dismiss)');
      return mapRefundToCreditNote(platform, refund, invoice, {
        timezone: settings.timezone,
        layoutNumber: settings.layoutNumber,
        paymentTermsNumber: settings.paymentTermsNumber,
        shippingProduct: settings.shippingProduct,
        refundProduct: settings.refunds.product,
      });
    },
    // The amounts and lines decide; the heading names the invoice as it was when the credit note was made.
    kept: (document) => document.lines,
    body: (document) => salesDocumentBody(document),
    async lookup(text) {
      const found = await economic.draftInvoices.findByReference(text);
      return found && remember(found);
    },
    async lookupMany(records) {
      const found = await economic.draftInvoices.findByReferences(records.map(reference));
      return new Map([...found].map(([text, document]) => [text, remember(document)]));
    },
    async create(document, options) {
      try {
        return remember(await economic.draftInvoices.create(document, { idempotencyKey: options.idempotencyKey }));
      } catch (error) {
        throw translateMissingSku(error, 'e-conomic', document.lines.map((line) => line.productNumber), products);
      }
    },
    async verify(doc, record) {
      const { state, number } = parseDocumentKey(doc.id);
      const document = known.get(doc.id) ?? (await economic.draftInvoices.get(number, state));
      if (!document) throw new RecordError(`e-conomic credit note ${doc.id} is gone`, 'look for it in e-conomic');
      const wanted = creditNoteGross(record.refund);
      const tolerance = 2 * Math.max(1, record.refund.lines.length + 1);
      if (Math.abs(document.grossAmount - wanted) > tolerance) {
        throw new RecordError(
          `e-conomic credit note ${document.number} totals ${formatMinor(document.grossAmount)}, but refund ${record.refund.id} of webshop order #${record.order.number} gave back ${formatMinor(record.refund.total)}: not booked`,
          `it stays a draft: check that it is in the invoice's VAT zone ${document.recipient.vatZoneNumber} and its products' prices, correct it in e-conomic and book it there`,
        );
      }
    },
  };
}

/** Which credit note a book step books: the step that made it, and the reference it is found by. */
export interface CreditNoteOf<R extends SourceRecord> {
  name: string;
  /** What the log says the credit note is about: a refund, or a cancelled order's invoice. */
  about: RecordKind;
  of: string;
  reference(record: R): string;
  /** Whether there is a credit note to book at all (default: always, once the step before made one). */
  wanted?(record: R): Promise<boolean>;
}

/** `orders.invoice.book`: the credit note is booked like an invoice (the draft goes; the booked number stays apart on its link). */
export function creditBookStep<R extends SourceRecord>(economic: EconomicClient, settings: OrdersLegSettings, credit: CreditNoteOf<R>): StateChangeStep<R, ReturnType<typeof bookingOf>> {
  return {
    kind: 'state-change',
    name: credit.name,
    about: credit.about,
    targetSystem: 'economic',
    of: credit.of,
    stage: 'credited',
    wanted: (record) => credit.wanted?.(record) ?? true,
    async isDone(doc, record) {
      const { state, number } = parseDocumentKey(doc.id);
      if (state === 'booked') return true;
      if (await economic.draftInvoices.get(number)) return false;
      const found = await economic.draftInvoices.findByReference(credit.reference(record));
      if (found?.state === 'booked') return placed(found);
      throw new RecordError(`e-conomic credit note ${doc.number ?? doc.id} is gone, and none is booked`, 'look for it in e-conomic; when it was deleted on purpose, dismiss this record (iex-sync dismiss)');
    },
    payload: (doc) => bookingOf(parseDocumentKey(doc.id).number, settings.invoice.sendBy),
    apply: async (_doc, _record, body, options) => placed(await economic.invoices.book(body, { idempotencyKey: options.idempotencyKey })),
  };
}
