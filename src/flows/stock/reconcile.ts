import type { StockQuantities } from '../../connectors/rackbeat/stock.js';
import type { ShopProduct } from '../../connectors/webshop.js';
import { shopLevel } from '../../mapping/stock/level.js';
import type { Finding, ReconcileContext, Reconciler } from '../reconcile.js';

type Roles = 'webshop' | 'rackbeat';
type Context = ReconcileContext<Roles, 'stock'>;

/**
 * `reconcile --flow stock`: the level the shop shows now against the level the stock flow would
 * set, for every Rackbeat product whose SKU one shop item carries and counts stock for (the ones
 * the flow writes to). Not bounded by the period: a level is now. Rackbeat's products come a page
 * of 1000 at a time, and the shop's items for a page in the flow's batched look-up; with
 * `stock.locationNumber`, the stock there is asked only for the SKUs the shop carries. A SKU the
 * shop does not carry is not a finding: the flow leaves it alone.
 */
export const stockReconciler: Reconciler<Roles, 'stock'> = {
  flow: 'stock',
  section: 'stock',
  roles: ['webshop', 'rackbeat'],
  compare: (context) => compareStock(context),
};

async function* compareStock(context: Context): AsyncIterable<Finding> {
  const { connections, settings } = context;
  const { rackbeat, webshop } = connections;
  let read = 0;
  for await (const page of rackbeat.stock.allProducts()) {
    read += page.length;
    context.onProgress?.({ system: 'rackbeat', read });
    const items = await webshop.productsBySku(page.map((product) => product.number), { locationId: settings.shopifyLocationId });
    const bySku = new Map<string, ShopProduct[]>();
    for (const item of items) if (item.sku !== undefined) bySku.set(item.sku, [...(bySku.get(item.sku) ?? []), item]);
    const written = page.flatMap((product) => {
      const [item, ...more] = bySku.get(product.number) ?? [];
      // Not carried, on two items, or not counted: the flow writes no level there (and says why in its log).
      return item && more.length === 0 && item.stock.tracked ? [{ product, item }] : [];
    });
    // The page's locations at once, as the flow reads them: the client's concurrency and rate limiter pace them.
    const { locationNumber } = settings;
    const quantities = await Promise.all(
      written.map(({ product }): StockQuantities | Promise<StockQuantities> => (locationNumber === undefined ? product : rackbeat.stock.atLocation(product.number, locationNumber))),
    );
    for (const [index, { product, item }] of written.entries()) {
      const finding = compareLevel(context, product.number, quantities[index] as StockQuantities, item);
      if (finding) yield finding;
    }
  }
}

function compareLevel(context: Context, sku: string, quantities: StockQuantities, item: ShopProduct): Finding | undefined {
  const { settings } = context;
  const level = shopLevel(quantities, settings);
  const shown = item.stock.available;
  if (shown === level) return undefined;
  const chosen = settings.quantity === 'available' ? `available ${quantities.available}` : `in stock ${quantities.inStock}`;
  const held = settings.buffer > 0 ? ` less the buffer of ${settings.buffer}` : '';
  const where = settings.locationNumber === undefined ? '' : ` at location ${settings.locationNumber}`;
  return {
    flow: 'stock',
    kind: 'mismatched',
    record: `SKU ${sku}`,
    systems: {
      webshop: `level ${shown ?? 'none'} (shop id ${item.variantId ?? item.productId})`,
      rackbeat: `in stock ${quantities.inStock}, available ${quantities.available}${where}`,
    },
    problem: `the shop shows ${shown ?? 'no level'}, the stock flow would set ${level} (Rackbeat ${chosen}${where}${held})`,
    hint: `iex-sync stock --sku ${sku} sets it; a sale in the shop since the last stock run shows here until Rackbeat has its order and the next stock run writes the new level`,
  };
}
