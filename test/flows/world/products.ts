import { readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { loadConfig } from '../../../src/config/load.js';
import type { ConfigWith } from '../../../src/config/schema.js';
import { roundHalfUp, type Minor } from '../../../src/domain/money.js';
import { productsFlow } from '../../../src/flows/products/index.js';
import { runSyncFlow, type FlowRun } from '../../../src/services/run-flow.js';
import type { FlowWorld } from './world.js';

/**
 * The products flow in the flow world: its config (the world's, plus a `products` section), runs
 * through the generic run service as the CLI does them, and shop controls for products on either
 * platform: add one (with variants), change its price, read what the targets hold.
 */
export type ProductsConfig = ConfigWith<'webshop' | 'rackbeat' | 'economic' | 'products'>;

/** The products keys every test starts from: catalogue groups that exist in the simulators. */
export const BASE_PRODUCTS = { rackbeat: { groupNumber: 1 }, economic: { productGroupNumber: 1 } };

/** Writes the world's config with this `products` section (over BASE_PRODUCTS) and returns its path. */
export function writeProductsConfig(world: FlowWorld, products: Record<string, unknown> = {}, dir?: string): string {
  const file = world.writeConfig({}, dir);
  const config = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  writeFileSync(file, stringify({ ...config, products: { ...BASE_PRODUCTS, ...products } }));
  return file;
}

export async function productsConfig(world: FlowWorld, products: Record<string, unknown> = {}): Promise<ProductsConfig> {
  const path = writeProductsConfig(world, products);
  const { config } = await loadConfig({ path, cwd: process.cwd(), env: {}, sections: ['webshop', 'rackbeat', 'economic', 'products'] });
  return config;
}

export function runProducts(config: ProductsConfig, options: { dryRun?: boolean; since?: Date; only?: string[] } = {}): Promise<FlowRun> {
  return runSyncFlow({ flow: productsFlow, config, command: 'products', ...options });
}

export interface NewShopVariant {
  sku: string | null;
  /** Net of VAT: the shop shows it with 25 % VAT (both simulated shops enter prices with VAT). */
  netPrice: Minor;
  /** Option values (`['Red', 'M']`) for a variant of a product with options. */
  options?: string[];
  barcode?: string;
}

export interface NewShopProduct {
  name: string;
  /** One item without options is a simple product; options make variants. */
  variants: NewShopVariant[];
  status?: 'active' | 'draft';
}

const gross = (net: Minor): Minor => roundHalfUp(net * 1.25);

/**
 * A WooCommerce read covers changes up to the shop's clock at its start less two seconds (the
 * connector's settle margin), so the shop owner's additions and edits here are dated before that,
 * each a second after the one before (WooCommerce's times are whole seconds): the next run sees
 * each as a change, however fast the test runs.
 */
const wooStamps = new WeakMap<FlowWorld, number>();
function wooStamp(world: FlowWorld, now: number): number {
  const latest = now - 3000;
  const stamp = Math.min(latest, (wooStamps.get(world) ?? latest - 60_000) + 1000);
  wooStamps.set(world, stamp);
  return stamp;
}

/** Adds a product to the world's shop as its owner would; returns the shop's ids of its items, in order. */
export function addShopProduct(world: FlowWorld, input: NewShopProduct): string[] {
  const { shop } = world;
  if (shop.platform === 'shopify') {
    const withOptions = input.variants.some((variant) => variant.options !== undefined);
    const product = shop.state.addProduct({
      title: input.name,
      status: input.status === 'draft' ? 'DRAFT' : 'ACTIVE',
      optionNames: withOptions ? ['Color', 'Size'].slice(0, input.variants[0]?.options?.length ?? 0) : [],
      variants: input.variants.map((variant) => ({
        sku: variant.sku,
        price: gross(variant.netPrice),
        options: variant.options ?? [],
        barcode: variant.barcode ?? null,
      })),
    });
    return product.variants.map((variant) => String(variant.id));
  }
  const status = input.status === 'draft' ? 'draft' : 'publish';
  const at = wooStamp(world, shop.state.shopNow());
  const [first] = input.variants;
  if (input.variants.length === 1 && first && first.options === undefined) {
    const product = shop.state.addProduct({
      name: input.name,
      sku: first.sku ?? '',
      price: gross(first.netPrice),
      status,
      at,
      ...(first.barcode ? { globalUniqueId: first.barcode } : {}),
    });
    return [String(product.id)];
  }
  const product = shop.state.addProduct({
    name: input.name,
    price: 0 as Minor,
    status,
    at,
    variations: input.variants.map((variant) => ({
      attributes: (variant.options ?? []).map((option, index) => ({ name: ['Color', 'Size'][index] ?? `Option ${index}`, option })),
      sku: variant.sku ?? '',
      price: gross(variant.netPrice),
    })),
  });
  return product.variationIds.map(String);
}

/** The shop owner changes the price of the item carrying `sku` (net of VAT; the shop shows it with VAT). */
export function setShopPrice(world: FlowWorld, sku: string, netPrice: Minor): void {
  const { shop } = world;
  if (shop.platform === 'shopify') {
    const variant = [...shop.state.variants.values()].find((candidate) => candidate.sku === sku);
    if (!variant) throw new Error(`no Shopify variant ${sku}`);
    shop.state.updateVariant(variant.id, (changed) => (changed.price = gross(netPrice)));
    return;
  }
  const product = [...shop.state.products.values()].find((candidate) => candidate.sku === sku);
  if (product) {
    shop.state.modifyProduct(product.id, (changed) => (changed.price = gross(netPrice))).modifiedAt = wooStamp(world, shop.state.shopNow());
    return;
  }
  const variation = [...shop.state.variations.values()].find((candidate) => candidate.sku === sku);
  if (!variation) throw new Error(`no WooCommerce product ${sku}`);
  shop.state.modifyVariation(variation.id, (changed) => (changed.price = gross(netPrice))).modifiedAt = wooStamp(world, shop.state.shopNow());
}

/** The shop owner changes the name of the product carrying `sku`. */
export function setShopName(world: FlowWorld, sku: string, name: string): void {
  const { shop } = world;
  if (shop.platform === 'shopify') {
    const variant = [...shop.state.variants.values()].find((candidate) => candidate.sku === sku);
    if (!variant) throw new Error(`no Shopify variant ${sku}`);
    shop.state.updateProduct(variant.productId, (changed) => (changed.title = name));
    return;
  }
  const product = [...shop.state.products.values()].find((candidate) => candidate.sku === sku);
  if (!product) throw new Error(`no WooCommerce product ${sku}`);
  shop.state.modifyProduct(product.id, (changed) => (changed.name = name)).modifiedAt = wooStamp(world, shop.state.shopNow());
}

/** Every SKU the targets hold, with how many products carry it there: each must be exactly 1. */
export function productCounts(world: FlowWorld): { rackbeat: Map<string, number>; economic: Map<string, number> } {
  const count = (numbers: Iterable<string>) => {
    const counts = new Map<string, number>();
    for (const number of numbers) counts.set(number, (counts.get(number) ?? 0) + 1);
    return counts;
  };
  return {
    rackbeat: count([...world.rackbeat.state.products.values()].map((product) => product.number)),
    economic: count([...world.economic.state.products.values()].map((product) => String(product.productNumber))),
  };
}
