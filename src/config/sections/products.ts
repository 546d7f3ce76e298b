import * as z from 'zod';
import { flowEnabled } from './fields.js';

const positiveNumber = z.number().int().positive();

/** The product fields a run can keep in step after creation (`products.update`). */
export const PRODUCT_FIELDS = ['name', 'salesPrice', 'costPrice', 'barcode'] as const;
export type ProductField = (typeof PRODUCT_FIELDS)[number];

/**
 * The products flow: webshop → Rackbeat (leg 1), Rackbeat → e-conomic (leg 2). Products are keyed
 * by SKU (Rackbeat `number`, e-conomic `productNumber`). Group and unit numbers must already exist
 * in the system they name: `iex-sync products` names the key when one does not.
 */
export const productsSection = z.strictObject({
  enabled: flowEnabled,
  startFrom: z
    .string()
    .refine((text) => z.iso.date().safeParse(text).success || z.iso.datetime({ offset: true }).safeParse(text).success, {
      message: 'must be a date (2026-11-25) or an ISO time with its zone (2026-11-25T08:00:00+01:00)',
    })
    .optional()
    .meta({
      description:
        'Cut-over: products created before this date (or ISO time) are never transferred. Default: none, the whole catalogue goes on the first run.',
      examples: ['2026-11-25'],
    }),
  create: z.boolean().default(true).meta({
    description: 'Create a product missing in Rackbeat or e-conomic (one that exists is always adopted by its number). false: only update existing ones.',
    examples: [true],
  }),
  update: z
    .array(z.enum(PRODUCT_FIELDS))
    .default(['name', 'salesPrice'])
    .meta({
      description:
        'Fields kept in step after creation: a change to one of them in the source updates the target. A field not listed is written once, on create, and then left to whoever edits it in Rackbeat or e-conomic. [] means create only.',
      examples: [['name', 'salesPrice']],
    }),
  includeDrafts: z.boolean().default(false).meta({
    description: 'Also transfer webshop products that are drafts or archived (else they are skipped with the reason).',
    examples: [false],
  }),
  vatPercent: z.number().min(0).max(100).default(25).meta({
    description: 'VAT rate in the shop\'s prices, when the shop enters prices with VAT: sales prices reach Rackbeat and e-conomic net of it.',
    examples: [25],
  }),
  rackbeat: z
    .strictObject({
      groupNumber: positiveNumber.meta({ description: 'Rackbeat product group of new products (Rackbeat requires one).', examples: [1] }),
      unitNumber: positiveNumber.optional().meta({ description: 'Rackbeat unit of new products (default: Rackbeat\'s own).', examples: [1] }),
    })
    .meta({ description: 'Rackbeat side of leg 1.' }),
  economic: z
    .strictObject({
      productGroupNumber: positiveNumber.meta({ description: 'e-conomic product group of new products (e-conomic requires one).', examples: [1] }),
      unitNumber: positiveNumber.optional().meta({ description: 'e-conomic unit of new products (default: none).', examples: [1] }),
    })
    .meta({ description: 'e-conomic side of leg 2.' }),
  lookbackMinutes: z.number().int().min(0).max(1440).default(10).meta({
    description: 'Overlap re-read before the checkpoint on every run, so late-committed changes are not missed.',
    examples: [10],
  }),
});

export type ProductsSettings = z.output<typeof productsSection>;
