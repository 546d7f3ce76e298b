import * as z from 'zod';

/**
 * `orders.refunds`: what a webshop refund or cancellation of a transferred order becomes (README,
 * "Refunds and cancellations"). `credit-note`: one e-conomic credit note per refund, and a cancelled
 * order's Rackbeat order and e-conomic drafts deleted while nothing was shipped or booked; `ignore`: nothing.
 */
export const refundsSection = z
  .strictObject({
    mode: z.enum(['credit-note', 'ignore']).default('credit-note').meta({
      description:
        'credit-note: each webshop refund of an invoiced order becomes one e-conomic credit note (a draft invoice with negative quantities), booked and paid back as orders.invoice says, and a cancelled order\'s unshipped Rackbeat order and e-conomic drafts are deleted; ignore: refunds and cancellations are left to people.',
      examples: ['credit-note'],
    }),
    waitDays: z.number().int().min(1).max(365).default(30).meta({
      description:
        'How long a refund made before its order is invoiced (or, with orders.invoice.book, booked) waits for that invoice; after that it fails with a hint, for a person to credit by hand.',
      examples: [30],
    }),
    product: z.string().min(1).default('REFUND').meta({
      description: 'Product number (in e-conomic) of the credit-note line for an amount refunded without lines or shipping (goodwill, rounding).',
      examples: ['REFUND'],
    }),
  })
  .meta({ description: 'Webshop refunds and cancellations after the transfer (README, "Refunds and cancellations").' });

export type RefundsSettings = z.output<typeof refundsSection>;
