import * as z from 'zod';

const accountNumber = z.number().int().positive();

/** The text templates of an invoice mail may use these placeholders. */
export const MAIL_PLACEHOLDERS = ['invoiceNumber', 'orderNumber', 'customerName'] as const;

const template = (description: string, example: string) =>
  z
    .string()
    .min(1)
    .superRefine((text, context) => {
      for (const [, name] of text.matchAll(/\{(\w+)\}/g)) {
        if (!(MAIL_PLACEHOLDERS as readonly string[]).includes(name as string)) {
          context.addIssue({ code: 'custom', message: `{${name}} is not a placeholder here; use ${MAIL_PLACEHOLDERS.map((known) => `{${known}}`).join(', ')}` });
        }
      }
    })
    .meta({ description, examples: [example] });

/**
 * `orders.invoice`: what happens to leg 2's e-conomic document after it is made. Each step is
 * optional and runs once: upgrade the order to a draft invoice (`when`), book it, register the
 * webshop payment in a journal, mail the booked invoice.
 */
export const invoiceSection = z
  .strictObject({
    when: z.enum(['never', 'booked', 'shipped']).default('never').meta({
      description:
        'When the e-conomic document becomes an invoice: never (documents stay as leg 2 made them), booked (at once) or shipped (once the Rackbeat order is fully shipped). With orders.document: invoice it only says when the steps below run.',
      examples: ['shipped'],
    }),
    date: z.enum(['shipped', 'today']).optional().meta({
      description: 'The invoice date: the business date the order shipped (default with when: shipped) or the day the invoice is made (default otherwise).',
      examples: ['shipped'],
    }),
    book: z.boolean().default(false).meta({
      description: 'Book each draft invoice this tool made, once its gross total equals what the customer paid (a difference leaves it a draft and fails the order).',
      examples: [true],
    }),
    sendBy: z.enum(['none', 'ean']).default('none').meta({
      description: 'Send the invoice at booking: none, or ean (e-invoice through NemHandel; the customer needs an EAN number in e-conomic).',
      examples: ['none'],
    }),
    payment: z
      .strictObject({
        journalNumber: accountNumber.meta({ description: 'e-conomic journal the customer payments are entered in (as drafts, for the bookkeeper to book).', examples: [2] }),
        contraAccount: accountNumber.optional().meta({
          description: 'Account the money came in on (bank, payment provider), for methods byMethod does not name.',
          examples: [5820],
        }),
        byMethod: z.record(z.string().min(1), accountNumber).default({}).meta({
          description: 'Contra account per webshop payment method id (WooCommerce payment_method, Shopify gateway), e.g. { stripe: 5821, mobilepay: 5822 }.',
          examples: [{ stripe: 5821, mobilepay: 5822 }],
        }),
      })
      .optional()
      .meta({ description: 'Register the webshop payment against the booked invoice (off unless set; needs book: true).' }),
    mail: z
      .strictObject({
        from: z.string().min(3).meta({ description: 'Sender of the invoice mails.', examples: ['Shop <invoices@shop.example.com>'] }),
        subject: template('Subject; may use {invoiceNumber}, {orderNumber}, {customerName}.', 'Invoice {invoiceNumber}').default('Invoice {invoiceNumber}'),
        text: template('Body text; may use {invoiceNumber}, {orderNumber}, {customerName}.', 'Dear {customerName}, thank you for order {orderNumber}. Your invoice {invoiceNumber} is attached.').default(
          'Dear {customerName},\n\nthank you for your order {orderNumber}. Your invoice {invoiceNumber} is attached.',
        ),
        bcc: z.string().min(3).optional().meta({ description: 'A copy of every invoice mail to this address.', examples: ['bookkeeping@shop.example.com'] }),
      })
      .optional()
      .meta({ description: 'E-mail the booked invoice\'s PDF to the customer through the smtp section (off unless set; needs book: true).' }),
  })
  .superRefine((invoice, context) => {
    const needsBook = (key: 'payment' | 'mail') => {
      if (invoice[key] !== undefined && !invoice.book) {
        context.addIssue({ code: 'custom', path: [key], message: `works on booked invoices: set orders.invoice.book: true, or leave ${key} out` });
      }
    };
    needsBook('payment');
    needsBook('mail');
    if (invoice.when === 'never' && (invoice.book || invoice.payment !== undefined || invoice.mail !== undefined)) {
      context.addIssue({ code: 'custom', path: ['when'], message: 'is never, so nothing would be booked, paid or mailed: set when: booked or shipped' });
    }
  });

export type InvoiceSettings = z.output<typeof invoiceSection>;
