import type { WooMetaData } from './types.js';

/**
 * WooCommerce core has no VAT-number field: the EU VAT plugins keep the buyer's number in the
 * order's meta (REST `meta_data`), each under its own key. Read in this order, first non-empty wins:
 * - `_billing_vat_number`: WooCommerce "EU VAT Number" (woocommerce.com), current versions;
 * - `_vat_number`: the same plugin up to 2.3 ("Stopped saving legacy VAT Number meta key - use
 *   _vat_number", its changelog 2.2.0);
 * - `vat_number`: Aelia "EU VAT Assistant" (`update_post_meta($order_id, 'vat_number', …)`);
 * - `_billing_eu_vat_number`: WPFactory "EU/UK VAT Manager for WooCommerce" (EU VAT for WooCommerce);
 * - `_billing_vat_id`: Germanized;
 * - `_billing_vat`: a key other integrations probe too (which plugin writes it is not confirmed).
 * Plugins and keys as WCPOS's tax-ID detector knows them (WCPOS docs, "Customer Tax IDs"), Aelia's
 * from its own source.
 */
export const VAT_NUMBER_META_KEYS = [
  '_billing_vat_number',
  '_vat_number',
  'vat_number',
  '_billing_eu_vat_number',
  '_billing_vat_id',
  '_billing_vat',
] as const;

/** The buyer's VAT number from the order meta, trimmed; undefined when no known key holds one. */
export function vatNumberFromMeta(meta: readonly WooMetaData[]): string | undefined {
  for (const key of VAT_NUMBER_META_KEYS) {
    const value = meta.find((entry) => entry.key === key)?.value;
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

/**
 * `is_vat_exempt` = `"yes"`: WooCommerce core writes it at checkout from the cart customer's VAT
 * exemption, which the EU VAT plugins set for a valid EU VAT number (WooCommerce source,
 * StoreApi OrderController: `update_meta_data( 'is_vat_exempt', wc_bool_to_string(…) )`).
 */
export function isVatExemptFromMeta(meta: readonly WooMetaData[]): boolean {
  return meta.some((entry) => entry.key === 'is_vat_exempt' && entry.value === 'yes');
}
