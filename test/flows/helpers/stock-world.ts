import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { loadConfig } from '../../../src/config/load.js';
import type { ConfigWith } from '../../../src/config/schema.js';
import { stockFlow } from '../../../src/flows/stock/index.js';
import { PRIMARY_LOCATION_ID } from '../../../src/sandbox/shopify/inventory.js';
import { runSyncFlow, type FlowRun } from '../../../src/services/run-flow.js';
import type { FlowWorld } from '../world/world.js';

/**
 * The stock flow in the flow world: its config (the world's systems plus a `stock` section), a run
 * as the CLI makes it, and the shop's own stock read back from its simulator's state, not through
 * our client: what a buyer would see.
 */
export type StockConfig = ConfigWith<'webshop' | 'rackbeat' | 'stock'>;

/** The world's config with this `stock` section, written beside it (same store) and loaded as the CLI loads it. */
export async function stockConfig(world: FlowWorld, stock: Record<string, unknown> = {}): Promise<StockConfig> {
  const file = join(world.dir, 'stock.config.yaml');
  writeFileSync(file, stringify({ ...(parse(readFileSync(world.configPath, 'utf8')) as object), stock }));
  const { config } = await loadConfig({ path: file, cwd: process.cwd(), env: {}, sections: ['webshop', 'rackbeat', 'stock'] });
  return config;
}

export function runStock(config: StockConfig, extra: { dryRun?: boolean; only?: string[] } = {}): Promise<FlowRun> {
  return runSyncFlow({ flow: stockFlow, config, command: 'stock', ...extra });
}

/** Units the shop shows for a SKU (WooCommerce: where the item's stock lives; Shopify: at the primary location). */
export function shopLevel(world: FlowWorld, sku: string): number | null | undefined {
  if (world.shop.platform === 'woocommerce') {
    const { state } = world.shop;
    const item = state.findBySku(sku);
    if (!item) return undefined;
    const parent = 'parentId' in item && item.manageStock === 'parent' ? state.products.get(item.parentId) : undefined;
    return (parent ?? item).stockQuantity;
  }
  const { state } = world.shop;
  const variant = [...state.variants.values()].find((candidate) => candidate.sku === sku);
  return variant && state.inventory.available(variant.inventoryItem.id, PRIMARY_LOCATION_ID);
}

/** Whether the shop counts the SKU's stock. */
export function shopTracks(world: FlowWorld, sku: string): boolean | undefined {
  if (world.shop.platform === 'woocommerce') return world.shop.state.findBySku(sku)?.manageStock !== false;
  return [...world.shop.state.variants.values()].find((candidate) => candidate.sku === sku)?.inventoryItem.tracked;
}

/** A buyer bought `units` in the shop: its level drops there (Rackbeat hears of it only when the order arrives). */
export function sellInShop(world: FlowWorld, sku: string, units: number): void {
  const level = shopLevel(world, sku) ?? 0;
  if (world.shop.platform === 'woocommerce') {
    const item = world.shop.state.findBySku(sku);
    if (item) item.stockQuantity = level - units;
    return;
  }
  const variant = [...world.shop.state.variants.values()].find((candidate) => candidate.sku === sku);
  if (variant) world.shop.state.inventory.set(variant.inventoryItem.id, PRIMARY_LOCATION_ID, level - units, Date.now());
}

/** Someone in the warehouse counted the product: Rackbeat's stock on hand is now `units`. */
export function countInRackbeat(world: FlowWorld, sku: string, units: number): void {
  world.rackbeat.state.updateProduct(sku, { stockQuantity: units });
}
