/**
 * VAT zones seen from a Danish business: domestic, eu (another EU member state) or abroad.
 * A sale's zone follows the VAT the shop actually charged and the buyer, never the country alone:
 * a Swedish consumer charged 25 % Danish VAT is a domestic sale.
 */
export type VatZoneName = 'domestic' | 'eu' | 'abroad';

export const HOME_COUNTRY = 'DK';

/** EU member states (ISO 3166-1 alpha-2; Greece is `GR` in ISO, `EL` in VIES: both accepted). */
const EU_COUNTRIES = new Set([
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'EL', 'HR', 'HU', 'IE',
  'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
]);

export function isEuCountry(country: string): boolean {
  return EU_COUNTRIES.has(country.trim().toUpperCase());
}

/**
 * The zone by the country alone: only for what carries no VAT facts (seed data, a Rackbeat order
 * typed in by hand without a zone).
 */
export function vatZoneForCountry(country: string, homeCountry = HOME_COUNTRY): VatZoneName {
  const code = country.trim().toUpperCase();
  if (code === homeCountry.toUpperCase()) return 'domestic';
  return isEuCountry(code) ? 'eu' : 'abroad';
}

/** What decides a sale's zone: the VAT the shop charged and who bought. */
export interface SaleVatFacts {
  /** The highest VAT rate the shop charged on the order, in percent; 0 when it charged none. */
  chargedRatePercent: number;
  /** The buyer's billing country, ISO 3166-1 alpha-2. */
  country: string;
  /** The buyer's VAT number, when the shop has one. */
  vatNumber?: string | undefined;
  /** The shop itself marked the buyer exempt from VAT (reverse charge). */
  vatExempt?: boolean | undefined;
}

export type SaleVatZone = { ok: true; zone: VatZoneName } | { ok: false; message: string; hint: string };

/**
 * VAT charged → domestic (e-conomic may map the rate to another zone: `orders.vatZones.rates`);
 * no VAT to an EU business abroad with a VAT number (or one the shop marked VAT-exempt) → eu,
 * reverse charge; no VAT outside the EU → abroad. No VAT to a Danish buyer, or to an EU buyer
 * abroad with neither, fits no zone: the record fails rather than land in the books wrong.
 */
export function vatZoneOfSale(facts: SaleVatFacts): SaleVatZone {
  if (facts.chargedRatePercent > 0) return { ok: true, zone: 'domestic' };
  const country = facts.country.trim().toUpperCase();
  const byCountry = vatZoneForCountry(country);
  if (byCountry === 'abroad') return { ok: true, zone: 'abroad' };
  if (byCountry === 'eu' && (facts.vatNumber || facts.vatExempt)) return { ok: true, zone: 'eu' };
  if (byCountry === 'domestic') {
    return {
      ok: false,
      message: 'the shop charged no VAT to a buyer in Denmark',
      hint: 'Danish sales carry Danish VAT: fix the tax settings of these products or this customer in the webshop and change the order so it is sent again, or enter it by hand',
    };
  }
  return {
    ok: false,
    message: `the shop charged no VAT to a buyer in ${country || 'an unknown country'}, and the order has no VAT number`,
    hint:
      'an EU sale without VAT is a reverse-charge sale and needs the buyer\'s VAT number (WooCommerce: in the order meta of a common EU VAT plugin, see the README, "VAT"; Shopify: the B2B company location\'s tax registration ID): add it in the webshop and change the order, or charge VAT',
  };
}
