import type { StockQuantities } from '../../connectors/rackbeat/stock.js';

/** What decides the level a shop shows: which Rackbeat quantity, and how many units to hold back. */
export interface LevelRule {
  /** `available`: on hand less what booked orders reserve; `in_stock`: on hand. */
  quantity: 'available' | 'in_stock';
  /** Units held back from the shop. */
  buffer: number;
}

/**
 * The level the shop shows for Rackbeat's quantities: the chosen quantity, in whole units (a
 * fraction of a unit cannot be sold), minus the buffer, never below 0 (Rackbeat's available goes
 * negative when booked orders reserve more than is on hand).
 */
export function shopLevel(quantities: StockQuantities, rule: LevelRule): number {
  const units = rule.quantity === 'available' ? quantities.available : quantities.inStock;
  return Math.max(0, Math.floor(units) - rule.buffer);
}
