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
    restock: z.boolean().default(false).meta({
      description:
        'true: units the shop says came back (Shopify refund lines with restockType RETURN or LEGACY_RESTOCK; every refunded unit of a WooCommerce product line), up to what Rackbeat shipped, are put back into Rackbeat\'s stock at orders.refunds.restockLocation by an inventory adjustment, once per refund and SKU; false: returned goods are left to the warehouse.',
      examples: [false],
    }),
    restockLocation: z.number().int().positive().optional().meta({
      description: 'Rackbeat location number where returned goods go back into stock. Required with orders.refunds.restock: true.',
      examples: [1],
    }),
  })
  .superRefine((refunds, context) => {
    if (!refunds.restock) return;
    // Restocking is a step of the refunds leg: without it nothing would ever be restocked.
    if (refunds.mode === 'ignore') {
      context.addIssue({
        code: 'custom',
        path: ['restock'],
        message: 'is true, but orders.refunds.mode is ignore: refunds are not read at all, so nothing would be restocked; set restock to false or orders.refunds.mode to credit-note',
      });
    }
    if (refunds.restockLocation === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['restockLocation'],
        message: 'is required when orders.refunds.restock is true: the Rackbeat location number the returned goods go back to (iex-sync doctor lists them)',
      });
    }
  })
  .meta({ description: 'Webshop refunds and cancellations after the transfer (README, "Refunds and cancellations").' });

export type RefundsSettings = z.output<typeof refundsSection>;
