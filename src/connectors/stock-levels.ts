import type { StockLevel, StockWriteResult } from './webshop.js';

/**
 * What both webshops check before writing stock levels: a level is a whole number ≥ 0, and one
 * call writes each stock target once (two SKUs can share one, a WooCommerce variation keeping its
 * stock on the parent: two levels for it would race, so the later ones fail naming the first).
 * Answers the results so far (failed levels filled in) and the indices still to write.
 */
export interface CheckedLevels {
  results: Array<StockWriteResult | undefined>;
  writable: number[];
}

export function checkLevels(levels: readonly StockLevel[]): CheckedLevels {
  const results: Array<StockWriteResult | undefined> = levels.map(() => undefined);
  const writable: number[] = [];
  const firstSku = new Map<string, string>();
  for (const [index, level] of levels.entries()) {
    const claimed = firstSku.get(level.stock.target);
    if (!Number.isSafeInteger(level.quantity) || level.quantity < 0) {
      results[index] = { sku: level.sku, ok: false, message: `a stock level must be a whole number of 0 or more, not ${level.quantity}` };
    } else if (claimed !== undefined) {
      results[index] = { sku: level.sku, ok: false, message: `its stock is the same as SKU ${claimed}'s (the webshop keeps one stock for both): set it once` };
    } else {
      firstSku.set(level.stock.target, level.sku);
      writable.push(index);
    }
  }
  return { results, writable };
}

/** Every level's result, once each has one. */
export function completed(levels: readonly StockLevel[], results: ReadonlyArray<StockWriteResult | undefined>): StockWriteResult[] {
  return results.map((result, index) => result ?? { sku: levels[index]?.sku ?? '', ok: false, message: 'not written (no answer for it)' });
}
