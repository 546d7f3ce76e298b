import { GraphQLError } from 'graphql';
import type { SimLocation } from './inventory.js';
import { variantTitle, type SimInventoryItem, type SimProduct, type SimVariant } from './products.js';
import { badRequest, connection, decimal, gidNumber, iso, moneyV2, type ConnectionArgs } from './render-kit.js';
import { searchFor, type ResolverContext } from './resolver-context.js';
import type { SearchFields } from './search.js';
import type { ShopifySimState } from './state.js';

/**
 * Products, variants, inventory items, levels and locations as the Admin API 2026-01 shows them.
 * The quantity names a level answers are Shopify's; the simulator keeps only `available` (nothing
 * is committed or reserved here), so `on_hand` equals it and the others are 0.
 */
const QUANTITY_NAMES = ['available', 'on_hand', 'committed', 'incoming', 'reserved', 'damaged', 'quality_control', 'safety_stock'];

/** `updated_at`, `created_at` (times) and `status` on products. */
const PRODUCT_SEARCH: SearchFields<SimProduct> = {
  updated_at: { kind: 'time', value: (product) => product.updatedAt },
  created_at: { kind: 'time', value: (product) => product.createdAt },
  status: { kind: 'text', matches: (product, wanted) => wanted.split(',').some((status) => status.trim().toUpperCase() === product.status) },
};

/** `sku` and `barcode` ([U] compared exactly, ignoring case) and `product_id` on variants. */
const VARIANT_SEARCH: SearchFields<SimVariant> = {
  sku: { kind: 'text', matches: (variant, wanted) => variant.sku !== null && variant.sku.toLowerCase() === wanted.toLowerCase() },
  barcode: { kind: 'text', matches: (variant, wanted) => variant.barcode !== null && variant.barcode.toLowerCase() === wanted.toLowerCase() },
  product_id: { kind: 'text', matches: (variant, wanted) => String(variant.productId) === wanted },
};

type ProductSortKey = 'CREATED_AT' | 'ID' | 'UPDATED_AT' | string;
type VariantSortKey = 'ID' | 'POSITION' | string;

export function productRoot(state: ShopifySimState) {
  return {
    product: ({ id }: { id: string }) => {
      const product = state.products.get(gidNumber(id, 'Product'));
      return product ? renderProduct(state, product) : null;
    },
    products: (args: ConnectionArgs & { sortKey: ProductSortKey; query?: string | null }, context: ResolverContext) => {
      const search = searchFor(context, 'products', args.query, PRODUCT_SEARCH);
      const key = productSortKey(args.sortKey);
      const matching = [...state.products.values()].filter((product) => search.matches(product));
      return connection(matching, args, 'products', key, (product) => renderProduct(state, product));
    },
    productVariants: (args: ConnectionArgs & { sortKey: VariantSortKey; query?: string | null }, context: ResolverContext) => {
      const search = searchFor(context, 'productVariants', args.query, VARIANT_SEARCH);
      if (args.sortKey !== 'ID') throw badRequest(`The simulator sorts productVariants by ID only, not ${args.sortKey}.`);
      const matching = [...state.variants.values()].filter((variant) => search.matches(variant));
      return connection(matching, args, 'productVariants', (variant) => [variant.id, variant.id], (variant) => renderVariant(state, variant));
    },
    inventoryItem: ({ id }: { id: string }) => {
      const variant = state.variantsByItem.get(gidNumber(id, 'InventoryItem'));
      return variant ? renderInventoryItem(state, variant.inventoryItem) : null;
    },
    /** Without an id: the shop's primary location (Admin API, QueryRoot.location). */
    location: ({ id }: { id?: string | null }) => {
      const location = id == null ? state.inventory.primary() : state.inventory.location(gidNumber(id, 'Location'));
      return location ? renderLocation(location) : null;
    },
  };
}

function productSortKey(sortKey: ProductSortKey): (product: SimProduct) => [number, number] {
  if (sortKey === 'UPDATED_AT') return (product) => [product.updatedAt, product.id];
  if (sortKey === 'CREATED_AT') return (product) => [product.createdAt, product.id];
  if (sortKey === 'ID') return (product) => [product.id, product.id];
  throw badRequest(`The simulator sorts products by UPDATED_AT, CREATED_AT or ID, not ${sortKey}.`);
}

export function renderProduct(state: ShopifySimState, product: SimProduct) {
  return {
    __typename: 'Product',
    id: `gid://shopify/Product/${product.id}`,
    legacyResourceId: String(product.id),
    title: product.title,
    handle: product.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, ''),
    status: product.status,
    createdAt: iso(product.createdAt),
    updatedAt: iso(product.updatedAt),
    hasOnlyDefaultVariant: product.optionNames.length === 0 && product.variants.length === 1,
    tracksInventory: product.variants.some((variant) => variant.inventoryItem.tracked),
    totalInventory: product.variants.reduce((sum, variant) => sum + state.inventory.total(variant.inventoryItem.id), 0),
    variants: (args: ConnectionArgs & { sortKey: VariantSortKey }) => {
      const key = args.sortKey === 'ID' ? (variant: SimVariant): [number, number] => [variant.id, variant.id] : (variant: SimVariant): [number, number] => [variant.position, variant.id];
      if (args.sortKey !== 'ID' && args.sortKey !== 'POSITION') throw badRequest(`The simulator sorts variants by POSITION or ID, not ${args.sortKey}.`);
      return connection(product.variants, args, 'variants', key, (variant) => renderVariant(state, variant));
    },
  };
}

export function renderVariant(state: ShopifySimState, variant: SimVariant) {
  const product = state.products.get(variant.productId);
  if (!product) throw new GraphQLError(`variant ${variant.id} has no product`);
  const title = variantTitle(variant);
  return {
    __typename: 'ProductVariant',
    id: `gid://shopify/ProductVariant/${variant.id}`,
    legacyResourceId: String(variant.id),
    title,
    displayName: `${product.title} - ${title}`,
    sku: variant.sku,
    barcode: variant.barcode,
    price: decimal(variant.price),
    position: variant.position,
    createdAt: iso(variant.createdAt),
    updatedAt: iso(variant.updatedAt),
    inventoryQuantity: variant.inventoryItem.tracked ? state.inventory.total(variant.inventoryItem.id) : null,
    selectedOptions: variant.options.map((value, index) => ({ name: product.optionNames[index] ?? `Option${index + 1}`, value })),
    inventoryItem: renderInventoryItem(state, variant.inventoryItem),
    product: () => renderProduct(state, product),
  };
}

export function renderInventoryItem(state: ShopifySimState, item: SimInventoryItem) {
  const variant = state.variantsByItem.get(item.id);
  return {
    __typename: 'InventoryItem',
    id: `gid://shopify/InventoryItem/${item.id}`,
    legacyResourceId: String(item.id),
    sku: variant?.sku ?? null,
    tracked: item.tracked,
    unitCost: item.unitCost === null ? null : moneyV2(item.unitCost, state.shop.currency),
    createdAt: iso(item.createdAt),
    updatedAt: iso(item.updatedAt),
    inventoryLevel: ({ locationId }: { locationId: string }) => {
      const location = state.inventory.location(gidNumber(locationId, 'Location'));
      return location ? renderLevel(state, item, location) : null;
    },
  };
}

function renderLevel(state: ShopifySimState, item: SimInventoryItem, location: SimLocation) {
  const available = state.inventory.available(item.id, location.id);
  if (available === undefined) return null;
  const id = `gid://shopify/InventoryLevel/${location.id}?inventory_item_id=${item.id}`;
  return {
    id,
    createdAt: iso(item.createdAt),
    updatedAt: iso(state.inventory.updatedAt(item.id, location.id) ?? item.updatedAt),
    location: renderLocation(location),
    quantities: ({ names }: { names: string[] }) =>
      names.map((name) => {
        // [U] Shopify's wording for an unknown quantity name.
        if (!QUANTITY_NAMES.includes(name)) throw badRequest(`Invalid quantity name: ${name}`);
        return { id: `${id}&name=${name}`, name, quantity: name === 'available' || name === 'on_hand' ? available : 0, updatedAt: null };
      }),
  };
}

export function renderLocation(location: SimLocation) {
  return {
    id: `gid://shopify/Location/${location.id}`,
    legacyResourceId: String(location.id),
    name: location.name,
    isActive: location.isActive,
  };
}
