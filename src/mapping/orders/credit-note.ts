import type { EconomicSalesDocument, SalesDocumentInput, SalesDocumentLine } from '../../connectors/economic/types.js';
import { SYSTEM_LABELS, type WebshopPlatform } from '../../connectors/systems.js';
import type { ShopRefund } from '../../connectors/webshop.js';
import { roundHalfUp, type Minor } from '../../domain/money.js';
import { businessDate } from '../../domain/time.js';
import { cancellationCreditReference, creditNoteReference } from './references.js';

/**
 * A webshop refund as an e-conomic credit note. e-conomic has no credit-note resource: a credit note
 * is a draft invoice with negative quantities, booked like any invoice (e-conomic REST docs,
 * "Invoices": "For a credit note this amount will be negative"; invoices.drafts.post sets no minimum
 * on a line's quantity). It goes to the original invoice's customer and recipient, in the same VAT
 * zone, so its VAT reverses at the rate charged; no field links invoices, so its heading names the
 * invoice it credits. Pure: no I/O.
 */
export interface CreditNoteSettings {
  timezone: string;
  layoutNumber: number;
  paymentTermsNumber: number;
  /** Product number of refunded shipping (`orders.shippingProduct`). */
  shippingProduct: string;
  /** Product number of an amount refunded without lines (`orders.refunds.product`). */
  refundProduct: string;
}

export function mapRefundToCreditNote(platform: WebshopPlatform, refund: ShopRefund, invoice: EconomicSalesDocument, settings: CreditNoteSettings): SalesDocumentInput {
  const lines: SalesDocumentLine[] = refund.lines
    .filter((line) => line.quantity > 0)
    .map((line) => ({
      productNumber: (line.sku ?? '').trim(),
      description: line.name,
      quantity: -line.quantity,
      unitNetPrice: roundHalfUp(line.net / line.quantity),
    }));
  if (refund.shipping.net !== 0) lines.push({ productNumber: settings.shippingProduct, description: 'Shipping', quantity: -1, unitNetPrice: refund.shipping.net });
  const rest = unlistedRefund(refund, invoice);
  if (rest !== 0) lines.push({ productNumber: settings.refundProduct, description: refund.reason.trim() || 'Refund', quantity: -1, unitNetPrice: rest });
  const invoiceName = invoice.state === 'booked' ? `invoice ${invoice.number}` : `draft invoice ${invoice.number}`;
  return {
    date: businessDate(refund.createdAt, settings.timezone),
    currency: invoice.currency,
    customerNumber: invoice.customerNumber,
    layoutNumber: settings.layoutNumber,
    paymentTermsNumber: settings.paymentTermsNumber,
    recipient: { name: invoice.recipient.name, vatZoneNumber: invoice.recipient.vatZoneNumber },
    notes: { heading: `Credit note for ${invoiceName}`, textLine1: `Refund of ${SYSTEM_LABELS[platform]} order #${refund.order.number}` },
    reference: creditNoteReference(platform, refund.id),
    lines,
  };
}

/**
 * What the refund gave back beyond its lines and shipping (an amount-only refund), net of VAT at the
 * original invoice's ratio of net to gross: it was charged with that invoice's VAT.
 */
export function unlistedRefund(refund: ShopRefund, invoice: Pick<EconomicSalesDocument, 'netAmount' | 'grossAmount'>): Minor {
  const listed = refund.lines.reduce((sum, line) => sum + line.net + line.tax, 0) + refund.shipping.net + refund.shipping.tax;
  const rest = refund.total - listed;
  if (rest <= 0 || invoice.grossAmount === 0) return 0 as Minor;
  return roundHalfUp((rest * invoice.netAmount) / invoice.grossAmount);
}

/** What the credit note is worth, VAT included, as a negative amount: the refund's total. */
export function creditNoteGross(refund: ShopRefund): Minor {
  return -refund.total as Minor;
}

/**
 * The credit note of a booked invoice whose webshop order was cancelled without a refund: the
 * invoice's own lines with their quantities negated, at the same prices and discounts, for the same
 * customer in the same VAT zone, so it comes to minus the invoice to the øre. Dated `date`.
 */
export function mapCancellationToCreditNote(
  platform: WebshopPlatform,
  orderNumber: string,
  invoice: EconomicSalesDocument,
  invoiceLines: readonly SalesDocumentLine[],
  date: string,
  settings: Pick<CreditNoteSettings, 'layoutNumber' | 'paymentTermsNumber'>,
): SalesDocumentInput {
  return {
    date,
    currency: invoice.currency,
    customerNumber: invoice.customerNumber,
    layoutNumber: settings.layoutNumber,
    paymentTermsNumber: settings.paymentTermsNumber,
    recipient: { name: invoice.recipient.name, vatZoneNumber: invoice.recipient.vatZoneNumber },
    notes: { heading: `Credit note for invoice ${invoice.number}`, textLine1: `Cancellation of ${SYSTEM_LABELS[platform]} order #${orderNumber}` },
    reference: cancellationCreditReference(platform, orderNumber),
    lines: invoiceLines.map((line) => ({ ...line, quantity: -line.quantity })),
  };
}
