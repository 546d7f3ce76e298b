import { parseDocumentKey } from '../../connectors/economic/document-key.js';
import { RecordError } from '../../engine/errors.js';
import type { StateChangeStep } from '../../engine/leg.js';
import type { InvoiceContext } from './invoice-context.js';
import type { RackbeatOrderRecord } from './rackbeat-to-economic.js';
import { SettingError } from './setting-error.js';
import { ORDER_STEPS } from './steps.js';

/** The mail as the log keeps it: everything but the PDF's bytes. */
interface InvoiceMail {
  from: string;
  to: string;
  bcc?: string | undefined;
  subject: string;
  text: string;
  attachment: string;
}

/**
 * `orders.invoice.mail`: the booked invoice's PDF (from e-conomic) to the customer over SMTP. At
 * most once: the intent is written before the mail goes, and a mail whose outcome is unknown (a
 * crash between sending and recording, a connection lost mid-message) is never sent again by
 * itself: it stays `unknown` with a hint how to send it again on purpose.
 */
export function mailStep(context: InvoiceContext): StateChangeStep<RackbeatOrderRecord, InvoiceMail> {
  const { economic, settings, mailer } = context;
  const mail = settings.invoice.mail;
  if (!mail) throw new TypeError('mailStep needs orders.invoice.mail');
  if (!mailer) throw new SettingError('orders.invoice.mail is set, but the config has no smtp section to send through', 'add the smtp section (host, port, user, password: ${SMTP_PASSWORD}), or leave orders.invoice.mail out');
  const orderNumberOf = (record: RackbeatOrderRecord) => context.shopNumberOf(record) ?? String(record.order.number);
  return {
    kind: 'state-change',
    name: ORDER_STEPS.invoiceMail,
    about: 'invoice',
    targetSystem: 'mail',
    of: ORDER_STEPS.economicBook,
    stage: 'mailed',
    wanted: context.due,
    atMostOnce: {
      hint: (record) =>
        `check whether the customer got it (the mail server's log); to send it again on purpose run iex-sync orders --order ${orderNumberOf(record)}, or leave it with iex-sync dismiss ${orderNumberOf(record)}`,
    },
    // Nothing to look up: a sent mail leaves no trace the tool can read back.
    isDone: () => Promise.resolve(false),
    async payload(doc, record) {
      const shop = await context.shopOrderOf(record);
      const to = record.customer?.email?.trim() || shop?.customer.email.trim();
      if (!to) throw new RecordError(`Rackbeat customer ${record.order.customerNumber} has no e-mail to send the invoice to`, 'add the e-mail to the customer in Rackbeat, then the order is retried');
      const values: Record<string, string> = {
        invoiceNumber: String(parseDocumentKey(doc.id).number),
        orderNumber: orderNumberOf(record),
        customerName: record.customer?.name ?? record.order.customerName ?? shop?.customer.name ?? '',
      };
      const fill = (template: string) => template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
      return { from: mail.from, to, bcc: mail.bcc, subject: fill(mail.subject), text: fill(mail.text), attachment: `invoice-${values.invoiceNumber}.pdf` };
    },
    async apply(doc, _record, message) {
      const number = parseDocumentKey(doc.id).number;
      const pdf = await economic.invoices.pdf(number);
      const { attachment, ...envelope } = message;
      const sent = await mailer.send({ ...envelope, attachments: [{ filename: attachment, content: pdf, contentType: 'application/pdf' }] });
      return { id: sent.messageId || `invoice ${number}`, number: String(number) };
    },
  };
}
