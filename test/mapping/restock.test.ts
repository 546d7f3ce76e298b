import { describe, expect, it } from 'vitest';
import type { ShopRefund } from '../../src/connectors/webshop.js';
import type { Minor } from '../../src/domain/money.js';
import { returnedUnits, restockUnits } from '../../src/mapping/orders/restock.js';

/** What a refund puts back into Rackbeat's stock: returned units, within what shipped and earlier refunds left. */
const zero = 0 as Minor;
const refund = (id: string, at: number, lines: Array<[sku: string | null, quantity: number, returned: boolean]>): ShopRefund => ({
  id,
  order: { id: '1', number: '1042' },
  createdAt: new Date(at),
  reason: '',
  lines: lines.map(([sku, quantity, returned], index) => ({ lineId: String(index), sku, name: sku ?? 'no SKU', quantity, returned, net: zero, tax: zero })),
  shipping: { net: zero, tax: zero },
  total: zero,
  raw: {},
});

describe('restock units', () => {
  it('counts only returned lines with a SKU, summed per SKU', () => {
    expect(returnedUnits(refund('1', 0, [['MUG', 1, true], ['MUG', 2, true], ['CAP', 1, false], [null, 3, true]]))).toEqual(new Map([['MUG', 3]]));
  });

  it('takes at most what shipped, less what earlier refunds of the order took back, whatever order they are listed in', () => {
    const first = refund('10', 1_000, [['MUG', 2, true], ['CAP', 1, true]]);
    const second = refund('11', 2_000, [['MUG', 2, true], ['CAP', 1, true]]);
    const shipped = new Map([['MUG', 3], ['CAP', 1]]);
    expect(restockUnits(first, [second, first], shipped)).toEqual(new Map([['MUG', 2], ['CAP', 1]]));
    expect(restockUnits(second, [second, first], shipped)).toEqual(new Map([['MUG', 1]]));
    // Nothing shipped: nothing to put back.
    expect(restockUnits(first, [first], new Map())).toEqual(new Map());
  });
});
