import { describe, expect, it } from 'vitest';
import type { RackbeatProduct } from '../../src/connectors/rackbeat/types.js';
import type { ShopProduct } from '../../src/connectors/webshop.js';
import type { Minor } from '../../src/domain/money.js';
import { keptFields } from '../../src/mapping/products/fields.js';
import { productNumberProblem } from '../../src/mapping/products/product-number.js';
import { mapRackbeatProductToEconomic } from '../../src/mapping/products/rackbeat-to-economic.js';
import { mapShopItemToRackbeat } from '../../src/mapping/products/shop-to-rackbeat.js';

/** The products flow's pure mapping (issue 17): fields, net prices, and the bad input that fails a product alone. */
const m = (value: number): Minor => value as Minor;
const settings = { groupNumber: 4, vatPercent: 25 };

function item(overrides: Partial<ShopProduct> = {}): ShopProduct & { sku: string } {
  return {
    platform: 'shopify', id: 'v1', productId: 'p1', sku: 'SKU-1', name: 'Mug – Black', price: m(12_500), pricesIncludeTax: true,
    costPrice: m(3_000), barcode: '5701234000024', status: 'active', stock: { tracked: true, available: 3, target: 't' },
    createdAt: new Date(0), modifiedAt: new Date(0), raw: {},
    ...overrides,
  } as ShopProduct & { sku: string };
}

function rackbeatProduct(overrides: Partial<RackbeatProduct> = {}): RackbeatProduct {
  return {
    number: 'SKU-1', name: 'Mug – Black', groupNumber: 1, salesPrice: m(10_000), costPrice: m(3_000), barcode: undefined,
    stockQuantity: 0, inOrderQuantity: 0, availableQuantity: 0, isBarred: false, createdAt: new Date(0), updatedAt: new Date(0),
    ...overrides,
  };
}

describe('webshop item → Rackbeat product', () => {
  it('takes the SKU as number, the price net of the shop\'s VAT, cost price, barcode, group and unit', () => {
    expect(mapShopItemToRackbeat(item(), { ...settings, unitNumber: 2 })).toEqual({
      ok: true,
      value: { number: 'SKU-1', name: 'Mug – Black', groupNumber: 4, salesPrice: 10_000, costPrice: 3_000, barcode: '5701234000024', unitNumber: 2 },
    });
  });

  it('keeps a price as it is when the shop enters prices without VAT', () => {
    const mapped = mapShopItemToRackbeat(item({ pricesIncludeTax: false, price: m(9_999) }), settings);
    expect(mapped.ok && mapped.value.salesPrice).toBe(9_999);
  });

  it.each([
    ['no price', item({ price: undefined }), /has no price/],
    ['a negative price', item({ price: m(-100) }), /has a negative price \(-1\.00\)/],
    ['no name', item({ name: '  ' }), /has no name/],
    ['a SKU of 26 characters', item({ sku: 'X'.repeat(26) }), /26 characters, more than the 25/],
    ['a line break in the SKU', item({ sku: 'A\nB' }), /control character/],
  ])('refuses an item with %s, with a hint', (_label, input, message) => {
    const mapped = mapShopItemToRackbeat(input, settings);
    expect(mapped.ok).toBe(false);
    if (!mapped.ok) {
      expect(mapped.message).toMatch(message);
      expect(mapped.hint.length).toBeGreaterThan(10);
    }
  });
});

describe('Rackbeat product → e-conomic product', () => {
  it('takes the number, name, prices and barcode, with the configured group and unit', () => {
    expect(mapRackbeatProductToEconomic(rackbeatProduct({ barcode: ' 123 ' }), { productGroupNumber: 3, unitNumber: 1 })).toEqual({
      ok: true,
      value: { productNumber: 'SKU-1', name: 'Mug – Black', productGroupNumber: 3, salesPrice: 10_000, costPrice: 3_000, barCode: '123', unitNumber: 1 },
    });
  });

  it.each([
    ['a number of 26 characters', rackbeatProduct({ number: 'N'.repeat(26) }), /more than the 25/],
    ['a name of 301 characters', rackbeatProduct({ name: 'n'.repeat(301) }), /name of 301 characters, more than the 300/],
    ['a barcode of 51 characters', rackbeatProduct({ barcode: '1'.repeat(51) }), /barcode of 51 characters/],
    ['a negative price', rackbeatProduct({ salesPrice: m(-1) }), /negative price/],
  ])('refuses a product with %s', (_label, input, message) => {
    const mapped = mapRackbeatProductToEconomic(input, { productGroupNumber: 3 });
    expect(!mapped.ok && mapped.message).toMatch(message);
  });
});

describe('per-field rules', () => {
  const fields = { name: 'Mug', salesPrice: m(100), costPrice: m(40), barcode: '1' };

  it('keeps only the listed fields, with the number', () => {
    expect(keptFields('SKU-1', fields, ['salesPrice'])).toEqual({ number: 'SKU-1', salesPrice: 100 });
    expect(keptFields('SKU-1', fields, ['name', 'barcode'])).toEqual({ number: 'SKU-1', name: 'Mug', barcode: '1' });
  });

  it('keeps nothing but the number for update: [] (create only)', () => {
    expect(keptFields('SKU-1', fields, [])).toEqual({ number: 'SKU-1' });
  });

  it('accepts 25 characters and the special characters e-conomic encodes in paths', () => {
    expect(productNumberProblem('X'.repeat(25))).toBeUndefined();
    expect(productNumberProblem('GIFT/BOX 01#.%+')).toBeUndefined();
  });
});
