import type { StockSettings } from '../../config/sections/stock.js';
import type { RackbeatClient } from '../../connectors/rackbeat/client.js';
import type { ShopProduct, ShopStock, StockLevel, Webshop } from '../../connectors/webshop.js';
import { RecordError } from '../../engine/errors.js';
import type { BatchItemResult, BatchUpdateStep, Leg, Located } from '../../engine/leg.js';
import { shopLevel } from '../../mapping/stock/level.js';
import { rackbeatStockSource, type StockRecord } from './source.js';
import { STOCK_LEG, STOCK_STEP } from './steps.js';

/**
 * A SKU skipped (not in the shop, not tracking stock) is looked for again after an hour even when
 * Rackbeat's level did not move, so an item added to the shop since, or switched to tracked, gets
 * its level within the hour: one look-up a run and hour per 100 (WooCommerce) or 50 (Shopify) of them.
 */
const RECHECK_SKIPPED_MS = 60 * 60_000;

/** What is written for a SKU, and what its content hash covers: the level last written is remembered by it. */
export interface StockPayload {
  sku: string;
  quantity: number;
  /** Present when `stock.enableTracking` is on: switching it on looks again at the items skipped for not tracking stock. */
  enableTracking?: true;
}

/**
 * Rackbeat → webshop: each Rackbeat product whose SKU the shop carries gets Rackbeat's level as an
 * absolute number, written only when it differs from the level last written for that SKU, many
 * SKUs a request. A SKU the shop does not carry, or an item that does not track stock (unless
 * `stock.enableTracking`), is skipped with the reason, once.
 */
export function rackbeatToWebshopLeg(
  rackbeat: RackbeatClient,
  rackbeatInstance: string,
  webshop: Webshop,
  settings: StockSettings,
): Leg<StockRecord> {
  const locationId = settings.shopifyLocationId;
  // Where each located item's stock lives, as the shop told it: whether it tracks stock decides how it is written.
  const located = new Map<string, ShopStock>();

  const step: BatchUpdateStep<StockRecord, StockPayload> = {
    kind: 'batch-update',
    name: STOCK_STEP,
    about: 'stock',
    targetSystem: webshop.platform,
    batchSize: webshop.stockBatchSize,
    recheckSkippedMs: RECHECK_SKIPPED_MS,
    payload: (record) => ({
      sku: record.number,
      quantity: shopLevel(record, settings),
      ...(settings.enableTracking ? { enableTracking: true as const } : {}),
    }),
    async locateMany(records) {
      const items = await webshop.productsBySku(records.map((record) => record.number), { locationId });
      const bySku = new Map<string, ShopProduct[]>();
      for (const item of items) if (item.sku !== undefined) bySku.set(item.sku, [...(bySku.get(item.sku) ?? []), item]);
      const found = new Map<string, Located>();
      for (const record of records) found.set(record.id, where(bySku.get(record.number) ?? [], settings.enableTracking));
      for (const item of items) located.set(item.stock.target, item.stock);
      return found;
    },
    async applyMany(items): Promise<BatchItemResult[]> {
      const levels: StockLevel[] = items.map(({ doc, payload }) => ({
        sku: payload.sku,
        // A target the links named was written before, so it tracks stock (or was switched to).
        stock: located.get(doc.id) ?? { tracked: true, available: undefined, target: doc.id },
        quantity: payload.quantity,
      }));
      const results = await webshop.setStock(levels, { locationId });
      return results.map((result, index) => {
        const item = items[index] as (typeof items)[number];
        if (result.ok) return { ok: true, doc: item.doc };
        // The same words for every SKU refused alike (a wrong location): the leg then stops after a few instead of failing them all.
        const error = new RecordError(
          `the webshop refused the stock level: ${result.message}`,
          'check the item in the webshop (deleted, not stocked at the location?); the next run tries again',
          { code: result.code, platformMessage: result.message },
        );
        return { ok: false, error };
      });
    },
    describe: (payload) => `level ${payload.quantity}`,
  };

  return {
    flow: 'stock',
    name: STOCK_LEG,
    about: 'stock',
    source: rackbeatStockSource(rackbeat, rackbeatInstance, settings.locationNumber),
    steps: [step as BatchUpdateStep<StockRecord>],
  };
}

/** The shop item a SKU's level goes to, or why none does. */
function where(items: readonly ShopProduct[], enableTracking: boolean): Located {
  const [item, ...more] = items;
  if (!item) return { skip: 'the webshop has no item with this SKU' };
  if (more.length > 0) return { skip: `${items.length} webshop items carry this SKU: give each its own SKU so its stock can be set` };
  if (!item.stock.tracked && !enableTracking) {
    return { skip: 'the webshop does not track stock for this item (set stock.enableTracking: true to switch it on)' };
  }
  return { doc: { id: item.stock.target, number: item.id } };
}
