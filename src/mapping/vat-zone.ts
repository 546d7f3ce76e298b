/**
 * Which VAT zone a buyer's country falls in, seen from a Danish business:
 * domestic (Denmark), eu (another EU member state) or abroad (everything else).
 */
export type VatZoneName = 'domestic' | 'eu' | 'abroad';

/** EU member states (ISO 3166-1 alpha-2; Greece is `GR` in ISO, `EL` in VIES: both accepted). */
const EU_COUNTRIES = new Set([
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'EL', 'HR', 'HU', 'IE',
  'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
]);

export function vatZoneForCountry(country: string, homeCountry = 'DK'): VatZoneName {
  const code = country.trim().toUpperCase();
  if (code === homeCountry.toUpperCase()) return 'domestic';
  return EU_COUNTRIES.has(code) ? 'eu' : 'abroad';
}
