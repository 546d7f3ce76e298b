import { z } from 'zod';
import { httpUrl } from './url.js';

/**
 * The webshop connection. WooCommerce authenticates with a consumer key and secret; Shopify with an
 * Admin API access token, or a client id and secret for the client credentials grant (custom apps
 * made since 2026 get their tokens that way: ../shared/api/webshops.md).
 */
export const webshopSection = z
  .strictObject({
    platform: z.enum(['woocommerce', 'shopify']).meta({ description: 'Which webshop.', examples: ['woocommerce'] }),
    url: httpUrl.meta({
      description: 'WooCommerce: the site root. Shopify: the shop root, https://NAME.myshopify.com.',
      examples: ['https://shop.example.com'],
    }),
    consumerKey: z.string().min(1).optional().meta({
      description: 'WooCommerce REST API consumer key (ck_…).',
      examples: ['${WOOCOMMERCE_CONSUMER_KEY}'],
    }),
    consumerSecret: z.string().min(1).optional().meta({
      description: 'WooCommerce REST API consumer secret (cs_…).',
      examples: ['${WOOCOMMERCE_CONSUMER_SECRET}'],
    }),
    accessToken: z.string().min(1).optional().meta({
      description: 'Shopify Admin API access token (shpat_…).',
      examples: ['${SHOPIFY_ACCESS_TOKEN}'],
    }),
    clientId: z.string().min(1).optional().meta({
      description: 'Shopify app client id, for the client credentials grant (instead of accessToken).',
      examples: ['${SHOPIFY_CLIENT_ID}'],
    }),
    clientSecret: z.string().min(1).optional().meta({
      description: 'Shopify app client secret, for the client credentials grant (instead of accessToken).',
      examples: ['${SHOPIFY_CLIENT_SECRET}'],
    }),
    apiVersion: z.string().min(1).optional().meta({
      description: 'API version to pin (Shopify: YYYY-MM). Left out, the connector uses the version it was built for.',
      examples: ['2026-10'],
    }),
  })
  .superRefine((shop, context) => {
    const missing = (key: string, when: string) =>
      context.addIssue({ code: 'custom', path: [key], input: undefined, message: when, params: { missing: true } });
    if (shop.platform === 'woocommerce') {
      if (!shop.consumerKey) missing('consumerKey', 'for woocommerce');
      if (!shop.consumerSecret) missing('consumerSecret', 'for woocommerce');
    } else if (!shop.accessToken && !(shop.clientId && shop.clientSecret)) {
      missing('accessToken', 'for shopify (or clientId and clientSecret)');
    }
  });
