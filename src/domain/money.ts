/**
 * Money is never a JS float sum. One type across the code:
 * an integer count of minor units (øre, cents). Conversion from the decimal strings and numbers
 * that APIs send happens here and only here, rounding half-up (away from zero) to 2 decimals.
 */
export type Minor = number & { readonly __minor: unique symbol };

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

/** Parses "12.5", "12.345" (rounded half-up), 12.5 or "-0.01" into minor units. */
export function toMinor(value: string | number): Minor {
  const text = typeof value === 'number' ? numberToPlainString(value) : value.trim();
  const match = DECIMAL.exec(text);
  if (!match) throw new TypeError(`not a decimal amount: ${JSON.stringify(value)}`);
  const [, sign, whole = '0', fraction = ''] = match;
  const padded = (fraction + '000').slice(0, 3);
  let minor = Number(whole) * 100 + Number(padded.slice(0, 2));
  if (Number(padded[2]) >= 5) minor += 1;
  if (!Number.isSafeInteger(minor)) throw new RangeError(`amount out of range: ${text}`);
  return (sign === '-' && minor !== 0 ? -minor : minor) as Minor;
}

/** Minor units as a decimal string with exactly 2 decimals ("-12.50"). */
export function formatMinor(amount: Minor): string {
  const negative = amount < 0;
  const abs = Math.abs(amount);
  const text = `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

/** Minor units as a JSON number with at most 2 decimals, for APIs that want numbers. */
export function minorToNumber(amount: Minor): number {
  return Number(formatMinor(amount));
}

export function sumMinor(amounts: Iterable<Minor>): Minor {
  let total = 0;
  for (const amount of amounts) total += amount;
  return total as Minor;
}

/** Rounds a rational amount of minor units half-up (away from zero) to a whole minor unit. */
export function roundHalfUp(value: number): Minor {
  const rounded = Math.sign(value) * Math.round(Math.abs(value) + Number.EPSILON * Math.abs(value));
  return (rounded === 0 ? 0 : rounded) as Minor;
}

/**
 * The one function that turns a VAT-inclusive amount into its net amount:
 * net = gross / (1 + rate), rounded half-up to the minor unit. `ratePercent` is e.g. 25 or 25.5.
 */
export function netFromGross(gross: Minor, ratePercent: number): Minor {
  if (ratePercent < 0) throw new RangeError(`VAT rate must not be negative: ${ratePercent}`);
  // Scale the rate to an integer (up to 4 decimals) so the division is exact before rounding.
  const scaledRate = Math.round(ratePercent * 10_000);
  return roundHalfUp((gross * 1_000_000) / (1_000_000 + scaledRate));
}

/** Writes a finite number without exponent notation (1e-7 → "0.0000001"). */
function numberToPlainString(value: number): string {
  if (!Number.isFinite(value)) throw new TypeError(`not a finite amount: ${value}`);
  return value.toFixed(10).replace(/\.?0+$/, '') || '0';
}
