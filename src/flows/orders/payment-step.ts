import { parseDocumentKey } from '../../connectors/economic/document-key.js';
import type { InvoiceSettings } from '../../config/sections/invoice.js';
import type { EconomicClient } from '../../connectors/economic/client.js';
import { customerPaymentBody } from '../../connectors/economic/journals.js';
import type { ShopOrder } from '../../connectors/webshop.js';
import { businessDate } from '../../domain/time.js';
import { RecordError } from '../../engine/errors.js';
import type { StateChangeStep } from '../../engine/leg.js';
import { paymentText } from '../../mapping/orders/references.js';
import type { InvoiceContext } from './invoice-context.js';
import type { RackbeatOrderRecord } from './rackbeat-to-economic.js';
import { SettingError } from './setting-error.js';
import { ORDER_STEPS } from './steps.js';

type PaymentSettings = NonNullable<InvoiceSettings['payment']>;

/**
 * Once a run, before the first entry: the journal and every account the config names exist
 * (a missing one stops the step for every record, exit 2, the key named).
 */
export function paymentSettingsCheck(economic: EconomicClient, payment: PaymentSettings): () => Promise<void> {
  let checked: Promise<void> | undefined;
  return (): Promise<void> =>
    (checked ??= (async () => {
      if (!(await economic.journals.journalExists(payment.journalNumber))) {
        throw new SettingError(
          `e-conomic has no journal ${payment.journalNumber} (orders.invoice.payment.journalNumber)`,
          'set orders.invoice.payment.journalNumber to a journal of the agreement (Accounting → Journals), then run again',
        );
      }
      const accounts = [
        ...(payment.contraAccount === undefined ? [] : [{ key: 'orders.invoice.payment.contraAccount', number: payment.contraAccount }]),
        ...Object.entries(payment.byMethod).map(([method, number]) => ({ key: `orders.invoice.payment.byMethod.${method}`, number })),
      ];
      for (const { key, number } of accounts) {
        if (!(await economic.journals.accountExists(number))) {
          throw new SettingError(`e-conomic has no account ${number} (${key})`, `set ${key} to an account of the chart of accounts (the bank or payment provider account), then run again`);
        }
      }
    })());
}

/** The contra account of the webshop order's payment method (`byMethod`), else `contraAccount`; a method without one fails the record. */
export function contraAccountOf(payment: PaymentSettings, shop: ShopOrder): number {
  const method = shop.paymentGateway.trim().toLowerCase();
  const byMethod = Object.entries(payment.byMethod).find(([name]) => name.toLowerCase() === method)?.[1];
  const contraAccount = byMethod ?? payment.contraAccount;
  if (contraAccount === undefined) {
    throw new RecordError(
      `webshop payment method "${shop.paymentGateway}" has no contra account`,
      `add orders.invoice.payment.byMethod.${method || 'METHOD'}: ACCOUNT (or a default orders.invoice.payment.contraAccount), then the order is retried`,
    );
  }
  return contraAccount;
}

/**
 * `orders.invoice.payment`: the webshop payment of a booked invoice, as a customer payment entry in
 * journal `journalNumber`, dated the day it was paid, with the amount and currency paid, on the
 * contra account of the payment method (`byMethod`) or `contraAccount`. Only orders paid in the
 * webshop get one. The entry's text carries the order's reference: after any doubt it is found in
 * the journal by it, never entered twice. Entries stay journal drafts for the bookkeeper to book.
 * A journal or account that does not exist stops the step for every record (exit 2, the key named).
 */
export function paymentStep(context: InvoiceContext): StateChangeStep<RackbeatOrderRecord, Record<string, unknown>> {
  const { economic, settings } = context;
  const payment = settings.invoice.payment;
  if (!payment) throw new TypeError('paymentStep needs orders.invoice.payment');
  const checkSettings = paymentSettingsCheck(economic, payment);
  const text = (record: RackbeatOrderRecord) => paymentText(record.order.number, record.order.heading);

  return {
    kind: 'state-change',
    name: ORDER_STEPS.economicPayment,
    about: 'payment',
    targetSystem: 'economic',
    of: ORDER_STEPS.economicBook,
    stage: 'paid',
    async wanted(record) {
      return context.due(record) && (await context.shopOrderOf(record))?.paidAt !== undefined;
    },
    async isDone(_doc, record) {
      await checkSettings();
      const found = await economic.journals.findEntryByText(payment.journalNumber, text(record));
      return found ? { id: `${found.year}-${found.voucherNumber}`, number: String(found.voucherNumber) } : false;
    },
    async payload(doc, record, done) {
      const shop = await context.shopOrderOf(record);
      if (!shop?.paidAt) throw new RecordError(`webshop order ${context.shopNumberOf(record) ?? ''} is not paid`, 'nothing to register');
      const contraAccount = contraAccountOf(payment, shop);
      return customerPaymentBody({
        journalNumber: payment.journalNumber,
        date: businessDate(shop.paidAt, settings.timezone),
        amount: shop.totals.total,
        currency: shop.currency,
        customerNumber: Number(done[ORDER_STEPS.economicCustomer]?.number),
        bookedInvoiceNumber: parseDocumentKey(doc.id).number,
        contraAccountNumber: contraAccount,
        text: text(record),
      });
    },
    async apply(_doc, _record, body, options) {
      const entry = await economic.journals.postVoucher(payment.journalNumber, body, { idempotencyKey: options.idempotencyKey });
      return { id: `${entry.year}-${entry.voucherNumber}`, number: String(entry.voucherNumber) };
    },
  };
}
