import { toMinor } from '../../domain/money.js';
import type { ShopProduct, ShopProductStatus } from '../webshop.js';
import type { ShopifyProduct, ShopifyProductStatus, ShopifyVariant } from './types.js';

/** UNLISTED is on sale, reachable only by a direct link (Admin API 2025-10+, ProductStatus). */
const STATUS: Record<ShopifyProductStatus, ShopProductStatus> = { ACTIVE: 'active', UNLISTED: 'active', DRAFT: 'draft', ARCHIVED: 'archived' };

/**
 * A Shopify variant as the Webshop interface's ShopProduct. Pure. A product with only its default
 * variant is named by the product; another variant `Product – Red / M`. Its time is its product's
 * updatedAt, the time the changes cursor orders by. `available` is what the caller read (across
 * all locations, or at one).
 */
export function toShopProduct(product: ShopifyProduct, variant: ShopifyVariant, pricesIncludeTax: boolean, available: number | undefined): ShopProduct {
  const item = variant.inventoryItem;
  const sku = variant.sku?.trim();
  return {
    platform: 'shopify',
    id: variant.id,
    productId: product.id,
    variantId: variant.id,
    sku: sku || undefined,
    name: product.hasOnlyDefaultVariant ? product.title : `${product.title} \u2013 ${variant.title}`,
    price: toMinor(variant.price),
    pricesIncludeTax,
    costPrice: item.unitCost ? toMinor(item.unitCost.amount) : undefined,
    barcode: variant.barcode?.trim() || undefined,
    status: STATUS[product.status],
    stock: {
      tracked: item.tracked,
      available: item.tracked ? available : undefined,
      target: item.id,
    },
    createdAt: new Date(variant.createdAt),
    modifiedAt: new Date(product.updatedAt),
    raw: { product, variant },
  };
}
