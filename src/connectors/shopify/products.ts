import type { ShopProduct } from '../webshop.js';
import { connectionCost } from './documents.js';
import type { ShopifyGraphql } from './graphql.js';
import { toShopProduct } from './map-product.js';
import { allNodes } from './paging.js';
import {
  CHANGED_PRODUCTS,
  PRIMARY_LOCATION,
  PRODUCT_NODE_COST,
  PRODUCT_VARIANTS,
  PRODUCTS_PER_PAGE,
  SHOP_TAXES,
  SKU_VARIANT_NODE_COST,
  SKU_VARIANTS_PER_PAGE,
  SKUS_PER_QUERY,
  VARIANT_NODE_COST,
  VARIANTS_BY_SKU,
  VARIANTS_PER_PAGE,
} from './product-documents.js';
import type { ShopifyConnection, ShopifyProduct, ShopifyVariant } from './types.js';
import { wholeSecondsIso } from './times.js';

interface ProductNode extends ShopifyProduct {
  variants: ShopifyConnection<ShopifyVariant>;
}

interface SkuVariantNode extends ShopifyVariant {
  product: ShopifyProduct;
}

/** Products and variants read from Shopify, with the shop's prices-include-tax setting and primary location read once. */
export interface ShopifyProducts {
  changed(since: Date, pageSize?: number): AsyncIterable<ShopProduct[]>;
  bySku(skus: readonly string[], locationId?: string): Promise<ShopProduct[]>;
  /** The location's GID: the one given (a GID or its number), else the shop's primary location. */
  location(locationId?: string): Promise<string>;
}

export function shopifyProducts(graphql: ShopifyGraphql): ShopifyProducts {
  let taxesIncluded: Promise<boolean> | undefined;
  const pricesIncludeTax = (): Promise<boolean> => {
    taxesIncluded ??= graphql.query<{ shop: { taxesIncluded: boolean } }>(SHOP_TAXES, {}, 1).then(
      (data) => data.shop.taxesIncluded,
      (error: unknown) => {
        taxesIncluded = undefined; // a failed read is asked again, not remembered
        throw error;
      },
    );
    return taxesIncluded;
  };

  const variantsOf = (product: ProductNode): Promise<ShopifyVariant[]> =>
    allNodes(product.variants, async (after) => {
      const data = await graphql.query<{ product: { variants: ShopifyConnection<ShopifyVariant> } | null }>(
        PRODUCT_VARIANTS,
        { id: product.id, after },
        connectionCost(VARIANTS_PER_PAGE, VARIANT_NODE_COST, 1),
      );
      return data.product?.variants;
    });

  let primaryLocation: Promise<string> | undefined;
  const location = (locationId?: string): Promise<string> => {
    if (locationId !== undefined && locationId.trim() !== '') return Promise.resolve(locationGid(locationId));
    primaryLocation ??= graphql.query<{ location: { id: string } | null }>(PRIMARY_LOCATION, {}, 1).then(
      (data) => {
        if (!data.location) throw new TypeError('Shopify answered no primary location');
        return data.location.id;
      },
      (error: unknown) => {
        primaryLocation = undefined;
        throw error;
      },
    );
    return primaryLocation;
  };

  return {
    location,

    /**
     * Keyset paging by (updatedAt, id), as for orders: a product changed while paging moves behind
     * the cursor and comes again later with its new state, with all its variants.
     */
    async *changed(since, pageSize) {
      const first = Math.max(1, Math.min(pageSize ?? PRODUCTS_PER_PAGE, PRODUCTS_PER_PAGE));
      const query = `updated_at:>='${wholeSecondsIso(since)}'`;
      const taxes = await pricesIncludeTax();
      let after: string | null = null;
      for (;;) {
        const data: { products: ShopifyConnection<ProductNode> } = await graphql.query(CHANGED_PRODUCTS, { first, after, query }, connectionCost(first, PRODUCT_NODE_COST));
        const items: ShopProduct[] = [];
        for (const product of data.products.nodes) {
          for (const variant of await variantsOf(product)) items.push(toShopProduct(product, variant, taxes, variant.inventoryQuantity ?? undefined));
        }
        if (items.length > 0) yield items;
        if (!data.products.pageInfo.hasNextPage || !data.products.pageInfo.endCursor) return;
        after = data.products.pageInfo.endCursor;
      }
    },

    async bySku(skus, locationId) {
      const wanted = new Set(skus.map((sku) => sku.trim()).filter((sku) => sku !== ''));
      if (wanted.size === 0) return [];
      const [taxes, at] = await Promise.all([pricesIncludeTax(), location(locationId)]);
      const found: ShopProduct[] = [];
      const list = [...wanted];
      for (let start = 0; start < list.length; start += SKUS_PER_QUERY) {
        const query = list.slice(start, start + SKUS_PER_QUERY).map((sku) => `sku:${quoted(sku)}`).join(' OR ');
        let after: string | null = null;
        for (;;) {
          const data: { productVariants: ShopifyConnection<SkuVariantNode> } = await graphql.query(
            VARIANTS_BY_SKU,
            { query, after, locationId: at },
            connectionCost(SKU_VARIANTS_PER_PAGE, SKU_VARIANT_NODE_COST),
          );
          for (const variant of data.productVariants.nodes) {
            // Shopify's search is not an exact match ([U] case, tokens): keep only the SKUs asked for.
            if (variant.sku === null || !wanted.has(variant.sku.trim())) continue;
            const level = variant.inventoryItem.inventoryLevel;
            found.push(toShopProduct(variant.product, variant, taxes, level ? level.quantities[0]?.quantity : undefined));
          }
          if (!data.productVariants.pageInfo.hasNextPage || !data.productVariants.pageInfo.endCursor) break;
          after = data.productVariants.pageInfo.endCursor;
        }
      }
      return found;
    },
  };
}

/** A value in Shopify's search syntax: double-quoted, with quotes and backslashes escaped. */
function quoted(value: string): string {
  return `"${value.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

function locationGid(locationId: string): string {
  const id = locationId.trim();
  return /^\d+$/.test(id) ? `gid://shopify/Location/${id}` : id;
}
