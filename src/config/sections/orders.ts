import * as z from 'zod';
import { flowEnabled } from './fields.js';
import { fulfilmentSection } from './fulfilment.js';
import { invoiceSection } from './invoice.js';
import { refundsSection } from './refunds.js';

const positiveNumber = z.number().int().positive();

/** A key of `orders.vatZones.rates`: `25`, `25.5`, or with a country, `SE:25`. */
const VAT_RATE_KEY = /^(?:[A-Za-z]{2}:)?\d{1,2}(?:\.\d{1,2})?$/;

/**
 * The order flow: webshop → Rackbeat (leg 1), Rackbeat → e-conomic (leg 2).
 * Numbers refer to things that must already exist in e-conomic or Rackbeat (layouts, payment terms,
 * customer groups, VAT zones, products): `iex-sync orders` names the key when one is missing.
 */
export const ordersSection = z.strictObject({
  enabled: flowEnabled,
  startFrom: z
    .string()
    .refine((text) => z.iso.date().safeParse(text).success || z.iso.datetime({ offset: true }).safeParse(text).success, {
      message: 'must be a date (2026-11-25) or an ISO time with its zone (2026-11-25T08:00:00+01:00)',
    })
    .meta({
      description:
        'Cut-over: orders created before this date (or ISO time) are never transferred, on either leg. Required: a first run must not flood Rackbeat and e-conomic with history.',
      examples: ['2026-11-25'],
    }),
  states: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .meta({
      description:
        'Webshop order states that may transfer (the platform\'s own names, case-insensitive). Default: WooCommerce processing, completed; Shopify paid, partially_paid.',
      examples: [['processing', 'completed']],
    }),
  document: z.enum(['order', 'invoice']).default('order').meta({
    description: 'What a booked Rackbeat order becomes in e-conomic: an order draft or a draft invoice.',
    examples: ['order'],
  }),
  layoutNumber: positiveNumber.meta({ description: 'e-conomic layout of the documents.', examples: [19] }),
  paymentTermsNumber: positiveNumber.meta({
    description: 'e-conomic payment terms of the documents and of new e-conomic customers.',
    examples: [1],
  }),
  customerGroupNumber: positiveNumber.default(1).meta({
    description: 'e-conomic customer group of new customers.',
    examples: [1],
  }),
  customerMatch: z.enum(['email', 'number']).default('email').meta({
    description:
      'How a Rackbeat customer is found in e-conomic: by e-mail, or by the same customer number (when Rackbeat\'s own app keeps numbers equal).',
    examples: ['email'],
  }),
  createCustomers: z.boolean().default(true).meta({
    description: 'Create an e-conomic customer when none matches (else the order fails with a hint).',
    examples: [true],
  }),
  vatZones: z
    .strictObject({
      domestic: positiveNumber.default(1).meta({
        description: 'e-conomic VAT zone of sales the shop charged VAT on (Danish buyers, EU consumers charged Danish VAT).',
        examples: [1],
      }),
      eu: positiveNumber.default(2).meta({
        description: 'e-conomic VAT zone of EU sales without VAT to a buyer with a VAT number (reverse charge).',
        examples: [2],
      }),
      abroad: positiveNumber.default(3).meta({
        description: 'e-conomic VAT zone of sales without VAT to buyers outside the EU (export).',
        examples: [3],
      }),
      rates: z
        .record(z.string(), positiveNumber)
        .superRefine((rates, context) => {
          for (const key of Object.keys(rates).filter((candidate) => !VAT_RATE_KEY.test(candidate))) {
            context.addIssue({ code: 'custom', path: [key], message: `"${key}" must be a VAT rate in percent ("25", "25.5") or a country code and a rate ("SE:25")` });
          }
        })
        .default({})
        .meta({
          description:
            'e-conomic VAT zone per VAT rate the buyer was charged, instead of domestic: "19" for any buyer charged 19 %, "SE:25" for buyers in Sweden charged 25 % (OSS, or a zone of its own for EU consumers). A country key wins over a plain rate.',
          examples: [{ 'DE:19': 5 }],
        }),
    })
    .default({ domestic: 1, eu: 2, abroad: 3, rates: {} })
    .meta({
      description: 'e-conomic VAT zone numbers. The zone follows the VAT the shop charged and the buyer, not the country alone (README, "VAT").',
      examples: [{ domestic: 1, eu: 2, abroad: 3 }],
    }),
  shippingProduct: z.string().min(1).default('SHIPPING').meta({
    description: 'Product number (in Rackbeat and e-conomic) that shipping charges become.',
    examples: ['SHIPPING'],
  }),
  discountProduct: z.string().min(1).default('DISCOUNT').meta({
    description: 'Product number that order discounts (coupons) become, as one negative line.',
    examples: ['DISCOUNT'],
  }),
  feeProduct: z.string().min(1).default('FEE').meta({
    description: 'Product number that fees (e.g. payment fees) become.',
    examples: ['FEE'],
  }),
  rackbeat: z
    .strictObject({
      book: z.boolean().default(true).meta({ description: 'Book the Rackbeat order after creating it.', examples: [true] }),
      paymentTermsNumber: positiveNumber.meta({
        description: 'Rackbeat payment terms of new Rackbeat customers (Rackbeat requires them).',
        examples: [1],
      }),
    })
    .meta({ description: 'Rackbeat side of leg 1.' }),
  updateDrafts: z.boolean().default(false).meta({
    description: 'When a linked Rackbeat order changes, update its e-conomic draft (never a booked invoice).',
    examples: [false],
  }),
  invoice: invoiceSection.default({ when: 'never', book: false, sendBy: 'none' }).meta({
    description: 'The invoice lifecycle after leg 2: upgrade to a draft invoice, book, register the payment, mail (README, "Invoices").',
  }),
  fulfilment: fulfilmentSection.default({ enabled: false, notifyCustomer: true, wooStatus: 'completed' }).meta({
    description: 'Leg 3: shipped Rackbeat orders mark their webshop orders fulfilled, with tracking (README, "Fulfilment").',
  }),
  refunds: refundsSection.default({ mode: 'credit-note', waitDays: 30, product: 'REFUND', restock: false }),
  lookbackMinutes: z.number().int().min(0).max(1440).default(10).meta({
    description: 'Overlap re-read before the checkpoint on every run, so late-committed changes are not missed.',
    examples: [10],
  }),
}).superRefine((orders, context) => {
  // Restocking rides on the refunds leg, which runs only where refunds become credit notes.
  if (orders.refunds.restock && !creditsRefunds(orders)) {
    context.addIssue({
      code: 'custom',
      path: ['refunds', 'restock'],
      message:
        'is true, but no invoices are made (orders.document is order and orders.invoice.when is never), so refunds are never read and nothing would be restocked; set orders.invoice.when (or orders.document: invoice), or restock to false',
    });
  }
});

export type OrdersSettings = z.output<typeof ordersSection>;

/**
 * Whether refunds become credit notes (the refunds leg runs): `orders.refunds.mode: credit-note` and
 * invoices are made (`orders.document: invoice`, or `orders.invoice.when` other than never).
 * Without invoices there is nothing to credit, and refunds would only wait.
 */
export function creditsRefunds(settings: Pick<OrdersSettings, 'refunds' | 'document' | 'invoice'>): boolean {
  return settings.refunds.mode === 'credit-note' && (settings.document === 'invoice' || settings.invoice.when !== 'never');
}
