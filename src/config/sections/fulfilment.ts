import * as z from 'zod';

/**
 * `orders.fulfilment`: leg 3 of the order flow. A shipped Rackbeat order that came from the webshop
 * marks the webshop order fulfilled, with the shipment's tracking when Rackbeat has it.
 */
export const fulfilmentSection = z.strictObject({
  enabled: z.boolean().default(false).meta({
    description: 'Mark webshop orders fulfilled once their Rackbeat order has shipped (a part shipped: those units).',
    examples: [true],
  }),
  notifyCustomer: z.boolean().default(true).meta({
    description: 'Let the shop tell the customer: Shopify sends its shipping mail; WooCommerce gets a customer note (mailed) instead of a private one.',
    examples: [true],
  }),
  wooStatus: z.string().min(1).default('completed').meta({
    description: 'WooCommerce: the status a fully shipped order gets (completed sends WooCommerce\'s completed-order mail).',
    examples: ['completed'],
  }),
});

export type FulfilmentSettings = z.output<typeof fulfilmentSection>;
