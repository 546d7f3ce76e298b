import * as z from 'zod';
import { CLEAR_TEXT_MESSAGE, httpUrl, fromEnv, keepsCredentialsSafe } from './fields.js';

/**
 * The webshop connection. WooCommerce authenticates with a consumer key and secret; Shopify with an
 * Admin API access token, or a client id and secret for the client credentials grant (custom apps
 * made since 2026 get their tokens that way: Shopify docs, "Client credentials grant").
 */
export const webshopSection = z
  .strictObject({
    platform: z.enum(['woocommerce', 'shopify']).meta({ description: 'Which webshop.', examples: ['woocommerce'] }),
    url: httpUrl.meta({
      description:
        'WooCommerce: the site root (http:// signs requests with OAuth 1.0a). Shopify: the shop root, https://NAME.myshopify.com (https only, except to loopback).',
      examples: ['https://shop.example.com'],
    }),
    consumerKey: fromEnv('WOOCOMMERCE_CONSUMER_KEY', 'WooCommerce REST API consumer key (ck_…).').optional(),
    consumerSecret: fromEnv('WOOCOMMERCE_CONSUMER_SECRET', 'WooCommerce REST API consumer secret (cs_…).').optional(),
    accessToken: fromEnv('SHOPIFY_ACCESS_TOKEN', 'Shopify Admin API access token (shpat_…).').optional(),
    clientId: fromEnv('SHOPIFY_CLIENT_ID', 'Shopify app client id, for the client credentials grant (instead of accessToken).').optional(),
    clientSecret: fromEnv('SHOPIFY_CLIENT_SECRET', 'Shopify app client secret, for the client credentials grant (instead of accessToken).').optional(),
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
    } else {
      if (!shop.accessToken && !(shop.clientId && shop.clientSecret)) missing('accessToken', 'for shopify (or clientId and clientSecret)');
      // WooCommerce signs each request over http:// (OAuth 1.0a); Shopify would send its token as is.
      if (!keepsCredentialsSafe(shop.url)) context.addIssue({ code: 'custom', path: ['url'], input: shop.url, message: CLEAR_TEXT_MESSAGE });
    }
  });
