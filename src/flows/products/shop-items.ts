import type { ShopProduct } from '../../connectors/webshop.js';
import type { SourceRecord } from '../../engine/leg.js';

/**
 * A webshop SKU as leg 1 handles it: its id is the SKU (`history --source CAP-001`, `--sku`), so
 * one SKU is one record however many shop items carry it. `items` are the shop's items carrying
 * it as far as this run knows: more than one is a conflict the record fails on. An item without a
 * SKU is a record of its own (`no-sku:<item id>`), skipped with the reason.
 */
export interface ShopSkuRecord extends SourceRecord {
  sku: string | undefined;
  items: ShopProduct[];
}

const NO_SKU_PREFIX = 'no-sku:';

/** The records of a page of shop items, oldest change first: items sharing a SKU make one record. */
export function skuRecords(items: readonly ShopProduct[]): ShopSkuRecord[] {
  const bySku = new Map<string, ShopProduct[]>();
  for (const item of items) {
    const id = item.sku ?? `${NO_SKU_PREFIX}${item.id}`;
    const carriers = bySku.get(id);
    if (carriers) {
      if (!carriers.some((known) => known.id === item.id)) carriers.push(item);
    } else {
      bySku.set(id, [item]);
    }
  }
  return [...bySku].map(([id, carriers]) => skuRecord(id, carriers)).sort((a, b) => a.modifiedAt.getTime() - b.modifiedAt.getTime());
}

export function skuRecord(id: string, items: ShopProduct[]): ShopSkuRecord {
  const first = items[0] as ShopProduct;
  return {
    id,
    number: first.sku ?? first.name,
    sku: first.sku,
    items,
    createdAt: new Date(Math.min(...items.map((item) => item.createdAt.getTime()))),
    modifiedAt: new Date(Math.max(...items.map((item) => item.modifiedAt.getTime()))),
  };
}

/** `CAP-001 (Cap) and CAP-001 (Cap, old)`: the items a duplicated SKU is on, for its message. */
export function describeItems(items: readonly ShopProduct[]): string {
  return items.map((item) => `${item.name} (shop id ${item.variantId ?? item.productId})`).join(' and ');
}
