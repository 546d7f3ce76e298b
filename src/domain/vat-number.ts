import { isEuCountry } from './vat-zones.js';

/**
 * A buyer's VAT number as the books want it: upper case, no spaces, dots or dashes, with the
 * country prefix (e-conomic keeps a foreign VAT number in `corporateIdentificationNumber` on a
 * Danish agreement, with its prefix, e.g. `DE123456789`). A number typed without its prefix by an
 * EU buyer gets the billing country's (VIES writes Greece as `EL`). Undefined when blank.
 */
export function normaliseVatNumber(vatNumber: string | undefined, country: string): string | undefined {
  const compact = (vatNumber ?? '').toUpperCase().replace(/[\s.\-]/g, '');
  if (compact === '') return undefined;
  const code = country.trim().toUpperCase();
  if (/^[A-Z]{2}/.test(compact) || !isEuCountry(code)) return compact;
  return `${code === 'GR' ? 'EL' : code}${compact}`;
}
