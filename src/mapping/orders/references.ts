import type { WebshopPlatform } from '../../connectors/systems.js';
import { SYSTEM_LABELS } from '../../connectors/systems.js';

/**
 * Deterministic references (protocol step 4): derived only from the source record, so the
 * same source always gives the same text, and the target can be searched for it exactly.
 */

/** The Rackbeat order `heading` for a webshop order: `WooCommerce order #1042`. */
export function rackbeatHeading(platform: WebshopPlatform, orderNumber: string): string {
  return `${SYSTEM_LABELS[platform]} order #${orderNumber}`;
}

/** Reads a heading written by rackbeatHeading back; undefined for orders made elsewhere. */
export function parseRackbeatHeading(heading: string | null | undefined): { platform: WebshopPlatform; orderNumber: string } | undefined {
  const match = /^(WooCommerce|Shopify) order #(\S+)$/.exec(heading?.trim() ?? '');
  if (!match) return undefined;
  const platform: WebshopPlatform = match[1] === 'Shopify' ? 'shopify' : 'woocommerce';
  return { platform, orderNumber: match[2] as string };
}

/**
 * The e-conomic `references.other` for a Rackbeat order: `rackbeat:5512`, plus
 * ` woocommerce:1042` when the Rackbeat order came from the shop. Derived only from the Rackbeat
 * order (its number and heading), never from local state.
 */
export function economicReference(rackbeatOrderNumber: number, heading: string | null | undefined): string {
  const fromShop = parseRackbeatHeading(heading);
  const base = `rackbeat:${rackbeatOrderNumber}`;
  return fromShop ? `${base} ${fromShop.platform}:${fromShop.orderNumber}` : base;
}

/** Reads a reference written by economicReference back; undefined for a document made elsewhere. */
export function parseEconomicReference(reference: string | null | undefined): { rackbeatOrderNumber: number; shop?: { platform: WebshopPlatform; orderNumber: string } } | undefined {
  const match = /^rackbeat:(\d+)(?: (woocommerce|shopify):(\S+))?$/.exec(reference?.trim() ?? '');
  if (!match) return undefined;
  const rackbeatOrderNumber = Number(match[1]);
  if (!match[2]) return { rackbeatOrderNumber };
  return { rackbeatOrderNumber, shop: { platform: match[2] as WebshopPlatform, orderNumber: match[3] as string } };
}

/**
 * The text of the journal entry that registers an order's payment: the order's e-conomic
 * reference after a fixed word, so the entry is found by it exactly and never entered twice.
 */
export function paymentText(rackbeatOrderNumber: number, heading: string | null | undefined): string {
  return `Payment ${economicReference(rackbeatOrderNumber, heading)}`;
}

/**
 * The e-conomic `references.other` of a refund's credit note: `woocommerce-refund:724`,
 * `shopify-refund:9900000001` (the number of Shopify's `gid://shopify/Refund/…`). Derived only from
 * the refund's id, so one refund is one credit note, found again by it after any doubt.
 */
export function creditNoteReference(platform: WebshopPlatform, refundId: string): string {
  return `${platform}-refund:${refundId.replace(/^gid:\/\/shopify\/Refund\//, '')}`;
}

/**
 * The `references.other` of the credit note that takes back the whole booked invoice of a webshop
 * order cancelled without a refund: `woocommerce-cancel:1042`. One per order, found again by it.
 */
export function cancellationCreditReference(platform: WebshopPlatform, orderNumber: string): string {
  return `${platform}-cancel:${orderNumber}`;
}

/** Reads a reference written by cancellationCreditReference back; undefined for any other document. */
export function parseCancellationCreditReference(reference: string | null | undefined): { platform: WebshopPlatform; orderNumber: string } | undefined {
  const match = /^(woocommerce|shopify)-cancel:(\S+)$/.exec(reference?.trim() ?? '');
  return match ? { platform: match[1] as WebshopPlatform, orderNumber: match[2] as string } : undefined;
}

/** Reads a reference written by creditNoteReference back; undefined for any other document. */
export function parseCreditNoteReference(reference: string | null | undefined): { platform: WebshopPlatform; refundId: string } | undefined {
  const match = /^(woocommerce|shopify)-refund:(\S+)$/.exec(reference?.trim() ?? '');
  return match ? { platform: match[1] as WebshopPlatform, refundId: match[2] as string } : undefined;
}

/**
 * The `description` of the Rackbeat inventory adjustment that puts a refund's returned units of one
 * SKU back into stock: `shopify-refund:9900000001 sku:MUG-1`. Derived only from the refund's id and
 * the SKU, so each refund restocks each SKU once, found again by it after any doubt.
 */
export function restockReference(platform: WebshopPlatform, refundId: string, sku: string): string {
  return `${creditNoteReference(platform, refundId)} sku:${sku.trim()}`;
}

/** The text of the journal entry that registers a refund paid back: its credit note's reference after a fixed word. */
export function refundPaymentText(creditNoteRef: string): string {
  return `Repayment ${creditNoteRef}`;
}
