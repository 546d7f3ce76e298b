import * as z from 'zod';
import { flowEnabled } from './fields.js';

/**
 * The stock flow: Rackbeat → webshop. Rackbeat is the stock master; the webshop gets absolute
 * levels. Every key has a default, so `stock: {}` is a complete section.
 */
const LOCATION_NUMBER = 'must be the number of a Rackbeat location (Rackbeat: Settings → Locations), e.g. 1';
const WHOLE_UNITS = 'must be a whole number of units, 0 or more';

export const stockSection = z.strictObject({
  enabled: flowEnabled,
  quantity: z
    .enum(['available', 'in_stock'], { error: 'must be available (on hand less what booked orders reserve) or in_stock (on hand)' })
    .default('available')
    .meta({
      description:
        "Which Rackbeat quantity the shop shows: available (available_quantity: on hand less what booked orders reserve, so a unit sold but not yet shipped is not sold twice) or in_stock (stock_quantity: on hand).",
      examples: ['available'],
    }),
  locationNumber: z
    .number({ error: LOCATION_NUMBER })
    .int({ error: LOCATION_NUMBER })
    .positive({ error: LOCATION_NUMBER })
    .optional()
    .meta({
      description:
        'Only the stock at this Rackbeat location (its number). Left out: the whole account. Costs one more Rackbeat call per product and run.',
      examples: [1],
    }),
  buffer: z
    .number({ error: WHOLE_UNITS })
    .int({ error: WHOLE_UNITS })
    .min(0, { error: WHOLE_UNITS })
    .default(0)
    .meta({
      description: 'Units held back from the shop: it shows the Rackbeat level minus this, never below 0.',
      examples: [0],
    }),
  enableTracking: z.boolean({ error: 'must be true or false' }).default(false).meta({
    description:
      'Switch a shop product that does not track stock to tracked before setting its level. Left false, such a product is skipped with the reason (once).',
    examples: [false],
  }),
  shopifyLocationId: z
    .string()
    .regex(/^(?:\d+|gid:\/\/shopify\/Location\/\d+)$/, { error: 'must be a Shopify location id: 655441491 or gid://shopify/Location/655441491' })
    .optional()
    .meta({
      description: "Shopify only: the location whose level is set (its id or GID). Left out: the shop's primary location.",
      examples: ['gid://shopify/Location/655441491'],
    }),
});

export type StockSettings = z.output<typeof stockSection>;
