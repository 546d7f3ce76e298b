import { parseDocumentKey } from '../../connectors/economic/document-key.js';
import { isSyncHttpError } from '../../connectors/http/errors.js';
import { formatMinor, type Minor } from '../../domain/money.js';
import { businessDate } from '../../domain/time.js';
import { RecordError } from '../../engine/errors.js';
import type { StateChangeStep, TargetDoc } from '../../engine/leg.js';
import type { InvoiceContext } from './invoice-context.js';
import type { RackbeatOrderRecord } from './rackbeat-to-economic.js';
import { SettingError } from './setting-error.js';
import { ORDER_STEPS } from './steps.js';

/** What the upgrade sends beyond e-conomic's own template: which order, and the invoice date. */
interface UpgradePayload {
  order: string;
  date: string;
}

/**
 * `orders.invoice.when` with `orders.document: order`: the e-conomic order becomes a draft invoice
 * the way e-conomic does it (its upgrade-instructions template, posted to `/invoices/drafts`),
 * keeping `references.other`, lines and customer. The state is read first: a draft or booked
 * invoice carrying the order's reference (made by an earlier attempt, or by a bookkeeper) is the
 * result, and nothing is made again.
 */
export function upgradeStep(context: InvoiceContext): StateChangeStep<RackbeatOrderRecord, UpgradePayload> {
  const { economic, rackbeat, settings } = context;
  const dateFrom = settings.invoice.date ?? (settings.invoice.when === 'shipped' ? 'shipped' : 'today');
  return {
    kind: 'state-change',
    name: ORDER_STEPS.economicInvoice,
    about: 'invoice',
    targetSystem: 'economic',
    of: ORDER_STEPS.economicDocument,
    stage: 'invoiced',
    wanted: context.due,
    async isDone(doc, record) {
      const found = await economic.draftInvoices.findByReference(context.reference(record));
      if (found) return context.placed(found);
      const { state, number } = parseDocumentKey(doc.id);
      if (state === 'archived') {
        throw new RecordError(
          `e-conomic order ${number} is archived, and no invoice carries its reference ${context.reference(record)}`,
          'a bookkeeper invoiced or deleted it in e-conomic: check the invoice there, then dismiss this order (iex-sync dismiss)',
        );
      }
      return false;
    },
    async payload(doc, record) {
      const shipped = dateFrom === 'shipped' ? await rackbeat.shippedAt(record.order) : undefined;
      return { order: doc.id, date: businessDate(shipped ?? new Date(), settings.timezone) };
    },
    async apply(doc, _record, payload, options) {
      const { state, number } = parseDocumentKey(doc.id);
      const template = await economic.invoices.upgradeTemplate(number, state === 'sent' ? 'sent' : 'draft', payload.date);
      try {
        return context.placed(await economic.invoices.createDraft(template, { idempotencyKey: options.idempotencyKey }));
      } catch (error) {
        if (isSyncHttpError(error) && error.kind === 'validation' && error.refused?.fields.includes('layoutNumber')) {
          throw new SettingError(
            `e-conomic refused the layout that orders.layoutNumber names: ${error.platformMessage ?? error.message}`,
            'set orders.layoutNumber to a layout that exists in e-conomic (Settings → Layouts), then run again',
          );
        }
        throw error;
      }
    },
  };
}

/**
 * `orders.invoice.book`: books the draft invoice under its final number (the draft disappears;
 * its number and the booked number stay apart on their links). Before booking, its gross total must
 * be what the customer paid in the webshop (when the order came from it) and what the Rackbeat order
 * says, to the rounding of net line prices; otherwise it stays a draft and the record fails.
 * `sendBy: ean` sends it through NemHandel at booking; a customer without an EAN fails alone.
 */
export function bookStep(context: InvoiceContext, of: string): StateChangeStep<RackbeatOrderRecord, ReturnType<typeof bookingOf>> {
  const { economic, settings } = context;
  const draftOf = async (doc: TargetDoc) => {
    const { number } = parseDocumentKey(doc.id);
    const known = context.documents.get(doc.id);
    if (known) return known;
    const read = await economic.draftInvoices.get(number);
    if (read) context.documents.set(doc.id, read);
    return read;
  };
  return {
    kind: 'state-change',
    name: ORDER_STEPS.economicBook,
    about: 'invoice',
    targetSystem: 'economic',
    of,
    stage: 'booked',
    wanted: context.due,
    async isDone(doc, record) {
      if (parseDocumentKey(doc.id).state === 'booked') return true;
      if (await draftOf(doc)) return false;
      // The draft is gone: booked by an earlier attempt or by a bookkeeper.
      const found = await economic.draftInvoices.findByReference(context.reference(record));
      if (found?.state === 'booked') return context.placed(found);
      throw new RecordError(`e-conomic draft invoice ${doc.number ?? doc.id} is gone, and no booked invoice carries ${context.reference(record)}`, 'look for it in e-conomic; when it was deleted on purpose, dismiss this order (iex-sync dismiss)');
    },
    async payload(doc, record) {
      const draft = await draftOf(doc);
      if (!draft) throw new RecordError(`e-conomic draft invoice ${doc.id} is gone`, 'look for it in e-conomic');
      await assertPaidTotal(context, record, draft.grossAmount, draft.number);
      if (settings.invoice.sendBy === 'ean' && !(await economic.customers.get(draft.customerNumber))?.ean?.trim()) {
        throw new RecordError(
          `e-conomic customer ${draft.customerNumber} has no EAN number, and orders.invoice.sendBy is ean`,
          `add the customer's EAN in e-conomic (Customers → ${draft.customerNumber}), then the order is retried; the invoice stays a draft until then`,
        );
      }
      return bookingOf(draft.number, settings.invoice.sendBy);
    },
    async apply(_doc, _record, body, options) {
      try {
        return context.placed(await economic.invoices.book(body, { idempotencyKey: options.idempotencyKey }));
      } catch (error) {
        if (isSyncHttpError(error) && error.kind === 'validation' && error.refused?.fields.includes('sendBy')) {
          throw new RecordError(`e-conomic would not send the invoice by EAN: ${error.platformMessage ?? error.message}`, 'check the customer\'s EAN and contact person in e-conomic; the invoice stays a draft until then', error);
        }
        throw error;
      }
    },
  };
}

export function bookingOf(draftInvoiceNumber: number, sendBy: 'none' | 'ean') {
  return { draftInvoice: { draftInvoiceNumber }, sendBy: sendBy === 'ean' ? ('EAN' as const) : ('none' as const) };
}

/** The draft's gross total against what the customer paid (webshop) and what Rackbeat says, to the rounding of net line prices. */
async function assertPaidTotal(context: InvoiceContext, record: RackbeatOrderRecord, gross: Minor, draftNumber: number): Promise<void> {
  const tolerance = 2 * Math.max(1, record.order.lines.length);
  const shop = await context.shopOrderOf(record);
  const sources = [
    ...(shop ? [{ label: `the customer paid in webshop order #${shop.number}`, amount: shop.totals.total }] : []),
    { label: `Rackbeat order ${record.order.number} says`, amount: record.order.total },
  ];
  const differing = sources.find((source) => Math.abs(source.amount - gross) > tolerance);
  if (!differing) return;
  throw new RecordError(
    `e-conomic draft invoice ${draftNumber} totals ${formatMinor(gross)}, but ${differing.label} ${formatMinor(differing.amount)}: not booked`,
    'it stays a draft: correct it in e-conomic and book it there (the next run finds it booked), or fix the order and run again',
  );
}
