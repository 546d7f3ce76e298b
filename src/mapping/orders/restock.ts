import type { ShopRefund } from '../../connectors/webshop.js';

/** Units per SKU. */
export type UnitsBySku = ReadonlyMap<string, number>;

/** The units a refund says came back, per SKU (lines without a SKU cannot be matched in Rackbeat). */
export function returnedUnits(refund: ShopRefund): Map<string, number> {
  const units = new Map<string, number>();
  for (const line of refund.lines) {
    const sku = line.sku?.trim();
    if (line.returned && sku && line.quantity > 0) units.set(sku, (units.get(sku) ?? 0) + line.quantity);
  }
  return units;
}

/**
 * Pure. What one refund puts back into Rackbeat's stock, per SKU: what it says came back, but only
 * units Rackbeat shipped and the order's earlier refunds (oldest first, the refund id breaking ties)
 * did not already take back; units never shipped are still in Rackbeat's stock.
 */
export function restockUnits(refund: ShopRefund, orderRefunds: readonly ShopRefund[], shipped: UnitsBySku): Map<string, number> {
  const left = new Map(shipped);
  const earlier = orderRefunds
    .filter((other) => other.id !== refund.id && (other.createdAt.getTime() < refund.createdAt.getTime() || (other.createdAt.getTime() === refund.createdAt.getTime() && other.id < refund.id)))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1));
  const take = (units: Map<string, number>): Map<string, number> => {
    const taken = new Map<string, number>();
    for (const [sku, quantity] of units) {
      const quantityTaken = Math.min(quantity, left.get(sku) ?? 0);
      if (quantityTaken <= 0) continue;
      taken.set(sku, quantityTaken);
      left.set(sku, (left.get(sku) ?? 0) - quantityTaken);
    }
    return taken;
  };
  for (const other of earlier) take(returnedUnits(other));
  return take(returnedUnits(refund));
}
