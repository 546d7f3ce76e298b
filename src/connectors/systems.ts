/** The systems iex-sync talks to. Used in errors, links, the transfer log and call counters. */
export type WebshopPlatform = 'woocommerce' | 'shopify';
export type SystemName = WebshopPlatform | 'rackbeat' | 'economic';

export const SYSTEM_LABELS: Record<SystemName, string> = {
  woocommerce: 'WooCommerce',
  shopify: 'Shopify',
  rackbeat: 'Rackbeat',
  economic: 'e-conomic',
};
