import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMinor, netFromGross, roundHalfUp, toMinor, type Minor } from '../../src/domain/money.js';
import { economicVatZone, type VatZoneNumbers } from '../../src/mapping/orders/economic-vat-zone.js';
import { normaliseVatNumber } from '../../src/domain/vat-number.js';
import { isEuCountry, vatZoneOfSale, type VatZoneName } from '../../src/domain/vat-zones.js';

/**
 * Properties of the money and VAT functions over many generated cases (fast-check), where the
 * example tests in money.test.ts and the mapping tests pin single cases.
 */
const minor = (max = 1_000_000_000) => fc.integer({ min: -max, max }).map((value) => value as Minor);
/** VAT rates as quoted: whole or with up to 2 decimals (25, 25.5, 5.25), 0 to 50 %. */
const ratePercent = fc.integer({ min: 0, max: 5_000 }).map((hundredths) => hundredths / 100);
const country = fc.constantFrom('DK', 'SE', 'DE', 'FI', 'GR', 'NL', 'NO', 'US', 'GB', 'CH');
const zone = fc.constantFrom<VatZoneName>('domestic', 'eu', 'abroad');
const ZONES: VatZoneNumbers = { domestic: 1, eu: 2, abroad: 3, rates: {} };

describe('netFromGross', () => {
  it('gives a net whose VAT adds back up to the gross within one øre, same sign, never more', () => {
    fc.assert(
      fc.property(minor(), ratePercent, (gross, rate) => {
        const net = netFromGross(gross, rate);
        const vat = roundHalfUp((net * rate) / 100);
        expect(Math.abs(net + vat - gross)).toBeLessThanOrEqual(1);
        expect(Math.abs(net)).toBeLessThanOrEqual(Math.abs(gross));
        expect(Math.sign(net) * Math.sign(gross)).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('is odd (a refund is the sale negated) and the identity at 0 %', () => {
    fc.assert(
      fc.property(minor(), ratePercent, (gross, rate) => {
        expect(netFromGross(-gross as Minor, rate)).toBe(-netFromGross(gross, rate) || 0);
        expect(netFromGross(gross, 0)).toBe(gross);
      }),
    );
  });
});

describe('toMinor and formatMinor', () => {
  it('round-trip every amount', () => {
    fc.assert(
      fc.property(minor(Number.MAX_SAFE_INTEGER), (amount) => {
        expect(toMinor(formatMinor(amount))).toBe(amount);
      }),
    );
  });
});

describe('vatZoneOfSale', () => {
  const vatNumber = fc.option(fc.stringMatching(/^[A-Z]{2}\d{8,10}$/), { nil: undefined });

  it('puts every sale the shop charged VAT on in the domestic zone, whoever and wherever the buyer', () => {
    fc.assert(
      fc.property(ratePercent.filter((rate) => rate > 0), country, vatNumber, fc.boolean(), (rate, where, number, exempt) => {
        expect(vatZoneOfSale({ chargedRatePercent: rate, country: where, vatNumber: number, vatExempt: exempt })).toEqual({ ok: true, zone: 'domestic' });
      }),
    );
  });

  it('without VAT: outside the EU abroad, an EU buyer abroad with a VAT number eu, anything else refused', () => {
    fc.assert(
      fc.property(country, vatNumber, (where, number) => {
        const result = vatZoneOfSale({ chargedRatePercent: 0, country: where, vatNumber: number });
        if (!isEuCountry(where)) expect(result).toEqual({ ok: true, zone: 'abroad' });
        else if (where !== 'DK' && number) expect(result).toEqual({ ok: true, zone: 'eu' });
        else expect(result.ok).toBe(false);
      }),
    );
  });
});

describe('economicVatZone', () => {
  it('without rates configured, is the zone\'s own number', () => {
    fc.assert(
      fc.property(zone, country, minor(), minor(), (name, where, net, vat) => {
        expect(economicVatZone({ zone: name, country: where, net, vat }, 1 as Minor, ZONES)).toEqual({ number: ZONES[name], setting: `orders.vatZones.${name}` });
      }),
    );
  });

  it('finds the configured rate that the VAT was charged at, the country\'s key before the plain one', () => {
    fc.assert(
      fc.property(country, fc.integer({ min: 1_000, max: 100_000_000 }), fc.constantFrom(5, 12, 19, 21, 25, 25.5), (where, net, rate) => {
        const vat = roundHalfUp((net * rate) / 100);
        const zones = { ...ZONES, rates: { [String(rate)]: 7, [`${where}:${rate}`]: 8 } };
        expect(economicVatZone({ zone: 'domestic', country: where, net: net as Minor, vat }, 1 as Minor, zones).number).toBe(8);
        expect(economicVatZone({ zone: 'domestic', country: 'ZZ', net: net as Minor, vat }, 1 as Minor, zones).number).toBe(7);
      }),
    );
  });
});

describe('normaliseVatNumber', () => {
  it('is idempotent and leaves no spaces, dots or dashes', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('D', 'E', 'x', '1', '2', ' ', '.', '-') }), country, (typed, where) => {
        const once = normaliseVatNumber(typed, where);
        expect(normaliseVatNumber(once, where)).toBe(once);
        expect(once ?? '').not.toMatch(/[\s.\-a-z]/);
      }),
    );
  });
});
