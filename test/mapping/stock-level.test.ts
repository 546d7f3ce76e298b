import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shopLevel } from '../../src/mapping/stock/level.js';

describe('shopLevel', () => {
  it("takes Rackbeat's available quantity by default, or what is on hand", () => {
    expect(shopLevel({ inStock: 12, available: 10 }, { quantity: 'available', buffer: 0 })).toBe(10);
    expect(shopLevel({ inStock: 12, available: 10 }, { quantity: 'in_stock', buffer: 0 })).toBe(12);
  });

  it('holds back the buffer, offers no fraction of a unit, and never goes below 0', () => {
    expect(shopLevel({ inStock: 12, available: 10 }, { quantity: 'available', buffer: 3 })).toBe(7);
    expect(shopLevel({ inStock: 2.75, available: 2.75 }, { quantity: 'available', buffer: 0 })).toBe(2);
    // Booked orders reserving more than is on hand: Rackbeat's available is negative.
    expect(shopLevel({ inStock: 3, available: -4 }, { quantity: 'available', buffer: 0 })).toBe(0);
    expect(shopLevel({ inStock: 1, available: 1 }, { quantity: 'available', buffer: 2 })).toBe(0);
  });

  it('is always a whole number of 0 or more, never above the quantity it reads', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.nat(1000), (units, buffer) => {
        const level = shopLevel({ inStock: units, available: units }, { quantity: 'available', buffer });
        expect(Number.isSafeInteger(level) && level >= 0).toBe(true);
        expect(level).toBeLessThanOrEqual(Math.max(0, units));
      }),
    );
  });
});
