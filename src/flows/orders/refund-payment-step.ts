import type { EconomicClient } from '../../connectors/economic/client.js';
import { parseDocumentKey } from '../../connectors/economic/document-key.js';
import { customerPaymentBody } from '../../connectors/economic/journals.js';
import type { WebshopPlatform } from '../../connectors/systems.js';
import type { Minor } from '../../domain/money.js';
import { businessDate } from '../../domain/time.js';
import { RecordError } from '../../engine/errors.js';
import type { StateChangeStep } from '../../engine/leg.js';
import { creditNoteReference, refundPaymentText } from '../../mapping/orders/references.js';
import { contraAccountOf, paymentSettingsCheck } from './payment-step.js';
import type { RefundRecord } from './refunds.js';
import type { OrdersLegSettings } from './settings.js';
import { ORDER_STEPS } from './steps.js';

/**
 * `orders.invoice.payment`: the money paid back, as a customer payment entry against the booked
 * credit note, on the contra account the order's payment came in on. Its amount is positive: a
 * negative amount credits the debtor (the order's payment), so paying back is the opposite sign
 * (e-conomic REST schema journals.journalNumber.vouchers.post, customerPayments.amount: "prefixing
 * the amount with the '-' (minus) sign"). Found by its text before it is ever entered again.
 */
export function refundPaymentStep(economic: EconomicClient, platform: WebshopPlatform, settings: OrdersLegSettings): StateChangeStep<RefundRecord, Record<string, unknown>> {
  const payment = settings.invoice.payment;
  if (!payment) throw new TypeError('refundPaymentStep needs orders.invoice.payment');
  const checkSettings = paymentSettingsCheck(economic, payment);
  const text = (record: RefundRecord) => refundPaymentText(creditNoteReference(platform, record.refund.id));
  return {
    kind: 'state-change',
    name: ORDER_STEPS.refundPayment,
    about: 'payment',
    targetSystem: 'economic',
    of: ORDER_STEPS.creditBook,
    stage: 'paid',
    wanted: (record) => record.order.paidAt !== undefined,
    async isDone(_doc, record) {
      await checkSettings();
      const found = await economic.journals.findEntryByText(payment.journalNumber, text(record));
      return found ? { id: `${found.year}-${found.voucherNumber}`, number: String(found.voucherNumber) } : false;
    },
    payload(doc, record) {
      if (!record.invoice) throw new RecordError(`the invoice of webshop order #${record.order.number} is gone from e-conomic`, 'register the repayment by hand, then dismiss this refund (iex-sync dismiss)');
      return customerPaymentBody({
        journalNumber: payment.journalNumber,
        date: businessDate(record.refund.createdAt, settings.timezone),
        amount: -record.refund.total as Minor,
        currency: record.order.currency,
        customerNumber: record.invoice.customerNumber,
        bookedInvoiceNumber: parseDocumentKey(doc.id).number,
        contraAccountNumber: contraAccountOf(payment, record.order),
        text: text(record),
      });
    },
    async apply(_doc, _record, body, options) {
      const entry = await economic.journals.postVoucher(payment.journalNumber, body, { idempotencyKey: options.idempotencyKey });
      return { id: `${entry.year}-${entry.voucherNumber}`, number: String(entry.voucherNumber) };
    },
  };
}
