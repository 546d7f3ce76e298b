import type { ShopOrder } from '../../connectors/webshop.js';
import { vatZoneOfSale, type VatZoneName } from '../../domain/vat-zones.js';
import { derivedVatPercent, lineVatPercent } from './net-lines.js';

/** How the shop taxed an order: the zone that follows from it and the rate it charged. */
export type ShopVat =
  | { ok: true; zone: VatZoneName; chargedRatePercent: number }
  | { ok: false; message: string; hint: string };

/**
 * The highest VAT rate the shop charged on any line, shipping or fee, in percent; 0 when it
 * charged none. The highest, because an order that mixes rates (a reduced rate on books) is
 * taxed at its country's standard rate plus reduced ones, never the other way round.
 */
export function chargedVatPercent(order: ShopOrder): number {
  const rates = order.lines.map((line) => lineVatPercent(line, order.pricesIncludeTax));
  for (const charge of [...order.shippingLines, ...order.feeLines]) {
    rates.push(derivedVatPercent(charge.tax, order.pricesIncludeTax ? charge.amount - charge.tax : charge.amount));
  }
  const highest = Math.max(0, ...rates);
  if (highest > 0 || order.totals.tax === 0) return highest;
  // VAT on the order but on none of its lines or charges: the order's overall rate.
  return derivedVatPercent(order.totals.tax, order.totals.total - order.totals.tax);
}

/** The VAT zone a shop order lands in (vatZoneOfSale), from what the shop charged and the buyer. */
export function shopVat(order: ShopOrder): ShopVat {
  const chargedRatePercent = chargedVatPercent(order);
  const zone = vatZoneOfSale({
    chargedRatePercent,
    country: order.billing.country,
    vatNumber: order.customer.vatNumber,
    vatExempt: order.customer.vatExempt,
  });
  return zone.ok ? { ok: true, zone: zone.zone, chargedRatePercent } : zone;
}
