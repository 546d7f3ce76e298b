import type { OrdersSettings } from '../../config/sections/orders.js';
import type { WebshopPlatform } from '../../connectors/systems.js';

/** What both legs read: the `orders` section, the business time zone, and whether this is an `--order` run. */
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

/** `orders.startFrom` as an instant: a plain date starts at midnight in the business time zone. */
export function startFromInstant(startFrom: string, timeZone: string): Date {
  if (startFrom.includes('T')) return new Date(startFrom);
  // Find the UTC offset of that zone at that date's midnight (two passes settle DST edges).
  const guess = new Date(`${startFrom}T00:00:00Z`);
  let instant = guess;
  for (let pass = 0; pass < 2; pass += 1) {
    const local = new Date(instant.toLocaleString('en-US', { timeZone }));
    const utc = new Date(instant.toLocaleString('en-US', { timeZone: 'UTC' }));
    instant = new Date(guess.getTime() - (local.getTime() - utc.getTime()));
  }
  return instant;
}
