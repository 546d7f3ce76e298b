import type { ShopProduct } from '../webshop.js';
import { connectionCost } from './documents.js';
import type { ShopifyGraphql } from './graphql.js';
import { toShopProduct } from './map-product.js';
import { allNodes } from './paging.js';
import {
  CHANGED_PRODUCTS,
  PRODUCT_NODE_COST,
  PRODUCT_VARIANTS,
  PRODUCTS_PER_PAGE,
  SHOP_TAXES,
  VARIANT_NODE_COST,
  VARIANTS_PER_PAGE,
} from './product-documents.js';
import type { ShopifyConnection, ShopifyProduct, ShopifyVariant } from './types.js';
import { wholeSecondsIso } from './times.js';

interface ProductNode extends ShopifyProduct {
  variants: ShopifyConnection<ShopifyVariant>;
}

/** Products and variants read from Shopify, with the shop's prices-include-tax setting read once. */
export interface ShopifyProducts {
  changed(since: Date, pageSize?: number): AsyncIterable<ShopProduct[]>;
  pricesIncludeTax(): Promise<boolean>;
}

export function shopifyProducts(graphql: ShopifyGraphql): ShopifyProducts {
  let taxesIncluded: Promise<boolean> | undefined;
  const pricesIncludeTax = (): Promise<boolean> => {
    taxesIncluded ??= graphql.query<{ shop: { taxesIncluded: boolean } }>(SHOP_TAXES, {}, 1).then((data) => data.shop.taxesIncluded);
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

  return {
    pricesIncludeTax,

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
  };
}
