import { creditsRefunds, type OrdersSettings } from '../../config/sections/orders.js';
import type { WebshopPlatform } from '../../connectors/systems.js';
import { startOfBusinessDay } from '../../domain/time.js';

/** What both legs read: the `orders` section and the business time zone. */
export type OrdersLegSettings = OrdersSettings & { timezone: string };

/** The webshop states that may transfer when `orders.states` is not set (issue: the platform's own names). */
export const DEFAULT_ORDER_STATES: Record<WebshopPlatform, readonly string[]> = {
  woocommerce: ['processing', 'completed'],
  shopify: ['paid', 'partially_paid'],
};

/** The allowed states, lower case, for comparing case-insensitively. */
export function allowedStates(settings: Pick<OrdersSettings, 'states'>, platform: WebshopPlatform): Set<string> {
  return new Set((settings.states ?? DEFAULT_ORDER_STATES[platform]).map((state) => state.trim().toLowerCase()));
}

/** The settings that decide whether refunds become credit notes. */
type RefundRules = Pick<OrdersSettings, 'refunds' | 'document' | 'invoice'>;

/** Shopify's status of a partly refunded order (a WooCommerce order keeps its status). */
const PARTLY_REFUNDED = 'partially_refunded';

/**
 * Whether a transferred order now in `status` goes on as transferred rather than being flagged for a
 * person: partly refunded, while refunds become credit notes (creditsRefunds).
 */
export function followsPartlyRefunded(settings: RefundRules, status: string): boolean {
  return status.trim().toLowerCase() === PARTLY_REFUNDED && creditsRefunds(settings);
}

/** `orders.startFrom` as an instant: a plain date starts at midnight in the business time zone. */
export function startFromInstant(startFrom: string, timeZone: string): Date {
  return startFrom.includes('T') ? new Date(startFrom) : startOfBusinessDay(startFrom, timeZone);
}

/** Product numbers the config names (shipping, discount, fee), by number: `SHIP` → `orders.shippingProduct`. */
export function configuredProductKeys(settings: Pick<OrdersLegSettings, 'shippingProduct' | 'discountProduct' | 'feeProduct'>): Map<string, string> {
  const keys = new Map<string, string>();
  if (settings.shippingProduct) keys.set(settings.shippingProduct, 'orders.shippingProduct');
  if (settings.discountProduct) keys.set(settings.discountProduct, 'orders.discountProduct');
  if (settings.feeProduct) keys.set(settings.feeProduct, 'orders.feeProduct');
  return keys;
}
