import { describe, expect, it } from 'vitest';
import { allowedStates, startFromInstant } from '../../src/flows/orders/settings.js';
import { businessDate, startOfBusinessDay } from '../../src/domain/time.js';

describe('startOfBusinessDay', () => {
  it.each([
    ['2026-01-01', 'Europe/Copenhagen', '2025-12-31T23:00:00.000Z'], // winter: UTC+1
    ['2026-07-01', 'Europe/Copenhagen', '2026-06-30T22:00:00.000Z'], // summer: UTC+2
    ['2026-03-29', 'Europe/Copenhagen', '2026-03-28T23:00:00.000Z'], // clocks go forward at 02:00 that day
    ['2026-10-25', 'Europe/Copenhagen', '2026-10-24T22:00:00.000Z'], // clocks go back at 03:00 that day
    ['2026-01-01', 'UTC', '2026-01-01T00:00:00.000Z'],
    ['2026-01-01', 'America/New_York', '2026-01-01T05:00:00.000Z'],
    ['2026-01-01', 'Asia/Kolkata', '2025-12-31T18:30:00.000Z'],
  ])('%s in %s begins at %s', (date, zone, instant) => {
    const start = startOfBusinessDay(date, zone);
    expect(start.toISOString()).toBe(instant);
    expect(businessDate(start, zone)).toBe(date);
    expect(businessDate(new Date(start.getTime() - 1), zone)).not.toBe(date);
  });
});

describe('startFromInstant and allowedStates', () => {
  it('reads a plain date in the business zone and an ISO time as it says', () => {
    expect(startFromInstant('2026-11-25', 'Europe/Copenhagen').toISOString()).toBe('2026-11-24T23:00:00.000Z');
    expect(startFromInstant('2026-11-25T08:00:00+01:00', 'Europe/Copenhagen').toISOString()).toBe('2026-11-25T07:00:00.000Z');
  });

  it('defaults per platform and compares case-insensitively', () => {
    expect(allowedStates({ states: undefined }, 'woocommerce')).toEqual(new Set(['processing', 'completed']));
    expect(allowedStates({ states: undefined }, 'shopify')).toEqual(new Set(['paid', 'partially_paid']));
    expect(allowedStates({ states: [' Processing', 'ON-HOLD'] }, 'woocommerce')).toEqual(new Set(['processing', 'on-hold']));
  });
});
