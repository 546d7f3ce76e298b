import { toMinor } from '../../domain/money.js';
import type { ShopProduct, ShopProductStatus, ShopStock } from '../webshop.js';
import { parseWooGmtDate } from './dates.js';
import { decodeHtmlEntities } from './html-entities.js';
import type { WooProduct, WooVariation } from './types.js';

/**
 * WooCommerce products and variations as the Webshop interface's ShopProduct. Pure. A variation is
 * named `Parent – Red, M` from its parent's name and its options; its status is the parent's,
 * or draft when the variation itself is switched off (`private`).
 */
const STATUS: Record<string, ShopProductStatus> = {
  publish: 'active',
  future: 'draft',
  draft: 'draft',
  pending: 'draft',
  // Private products are shown to shop managers only: not on sale.
  private: 'draft',
  trash: 'archived',
};

/** A variation as `GET /variations` or `GET /products/{id}/variations` shows it, or as `GET /products?sku=` lists it. */
export type WooVariationLike = Pick<
  WooVariation,
  'id' | 'sku' | 'global_unique_id' | 'price' | 'regular_price' | 'manage_stock' | 'stock_quantity' | 'attributes' | 'date_created_gmt' | 'date_modified_gmt'
> & { status: string };

/** Stock targets setStock understands: a product's own stock, or a variation's under its parent. */
export function productTarget(productId: number): string {
  return `product:${productId}`;
}

export function variationTarget(parentId: number, variationId: number): string {
  return `variation:${parentId}:${variationId}`;
}

/** A product that is an item itself (not a variable or grouped container). */
export function productItem(product: WooProduct, pricesIncludeTax: boolean): ShopProduct {
  return {
    platform: 'woocommerce',
    id: String(product.id),
    productId: String(product.id),
    sku: skuOf(product.sku),
    name: decodeHtmlEntities(product.name),
    price: priceOf(product),
    pricesIncludeTax,
    barcode: product.global_unique_id?.trim() || undefined,
    status: STATUS[product.status] ?? 'draft',
    stock: ownStock(product, productTarget(product.id)),
    createdAt: parseWooGmtDate(product.date_created_gmt),
    modifiedAt: parseWooGmtDate(product.date_modified_gmt),
    raw: product,
  };
}

/**
 * A variation of `parent`. Its time is the newer of its own and its parent's (a renamed parent
 * renames the variation); one keeping its stock on the parent (`manage_stock: "parent"`) is
 * written there.
 */
export function variationItem(parent: WooProduct, variation: WooVariationLike, pricesIncludeTax: boolean): ShopProduct {
  const options = variation.attributes.map((attribute) => attribute.option).filter((option) => option !== '');
  const parentName = decodeHtmlEntities(parent.name);
  const parentStatus = STATUS[parent.status] ?? 'draft';
  const modified = Math.max(parseWooGmtDate(parent.date_modified_gmt).getTime(), parseWooGmtDate(variation.date_modified_gmt).getTime());
  const stock: ShopStock =
    variation.manage_stock === 'parent'
      ? { tracked: parent.manage_stock === true, available: variation.stock_quantity ?? undefined, target: productTarget(parent.id) }
      : ownStock(variation, variationTarget(parent.id, variation.id));
  return {
    platform: 'woocommerce',
    id: String(variation.id),
    productId: String(parent.id),
    variantId: String(variation.id),
    sku: skuOf(variation.sku),
    name: options.length > 0 ? `${parentName} \u2013 ${options.join(', ')}` : parentName,
    price: priceOf(variation),
    pricesIncludeTax,
    barcode: variation.global_unique_id?.trim() || undefined,
    status: variation.status === 'private' && parentStatus === 'active' ? 'draft' : parentStatus,
    stock,
    createdAt: parseWooGmtDate(variation.date_created_gmt),
    modifiedAt: new Date(modified),
    raw: { parent, variation },
  };
}

/** Simple, external: items. Variable and grouped products are containers of other items. */
export function isContainer(product: WooProduct): boolean {
  return product.type === 'variable' || product.type === 'grouped';
}

function ownStock(item: Pick<WooProduct, 'manage_stock' | 'stock_quantity'>, target: string): ShopStock {
  const tracked = item.manage_stock === true;
  return { tracked, available: tracked ? (item.stock_quantity ?? undefined) : undefined, target };
}

function priceOf(item: Pick<WooProduct, 'regular_price' | 'price'>): ShopProduct['price'] {
  const text = item.regular_price.trim() || item.price.trim();
  return text === '' ? undefined : toMinor(text);
}

function skuOf(sku: string): string | undefined {
  return sku.trim() || undefined;
}
