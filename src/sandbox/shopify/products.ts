import { CATALOGUE_PRODUCTS, DOMESTIC_VAT_PERCENT, type CatalogueProduct } from '../catalogue.js';
import { roundHalfUp, type Minor } from '../../domain/money.js';

/**
 * The simulator's own product records (resolvers render the GraphQL shapes) and the seed that fills
 * them from the shared catalogue. Every product has at least one variant, as on Shopify; a product
 * without options has one default variant (`Default Title`, hasOnlyDefaultVariant). Each variant has
 * its own inventory item, where `tracked` and the unit cost live (Admin API 2026-01, InventoryItem).
 */
export const PRODUCT_STATUSES = ['ACTIVE', 'ARCHIVED', 'DRAFT', 'UNLISTED'] as const;
export type SimProductStatus = (typeof PRODUCT_STATUSES)[number];

export interface SimInventoryItem {
  id: number;
  tracked: boolean;
  /** Net of VAT; null when the merchant entered none. */
  unitCost: Minor | null;
  createdAt: number;
  updatedAt: number;
}

export interface SimVariant {
  id: number;
  productId: number;
  /** Option values in the product's option order (`['Red', 'M']`); empty for the default variant. */
  options: string[];
  sku: string | null;
  barcode: string | null;
  /** As the shop shows it: VAT included (the shop's taxesIncluded). */
  price: Minor;
  position: number;
  inventoryItem: SimInventoryItem;
  createdAt: number;
  updatedAt: number;
}

export interface SimProduct {
  id: number;
  title: string;
  status: SimProductStatus;
  /** Option names (`['Color', 'Size']`); empty when the product has only its default variant. */
  optionNames: string[];
  variants: SimVariant[];
  createdAt: number;
  updatedAt: number;
}

/** What a test or the seed gives to add a product; ids and times are the simulator's. */
export interface NewSimProduct {
  title: string;
  status?: SimProductStatus;
  optionNames?: string[];
  variants: Array<{
    options?: string[];
    sku: string | null;
    barcode?: string | null;
    price: Minor;
    unitCost?: Minor | null;
    tracked?: boolean;
    /** Units available at the shop's primary location. */
    available?: number;
  }>;
}

/** The variant's title as Shopify writes it: option values joined by ` / `, or `Default Title`. */
export function variantTitle(variant: SimVariant): string {
  return variant.options.length > 0 ? variant.options.join(' / ') : 'Default Title';
}

const SHIRT_PREFIX = 'TEE-';
const UNTRACKED_SKU = 'POSTER.A2';
const BARCODES: Record<string, string> = { 'CAP-001': '5701234000017', 'MUG#BLK': '5701234000024', 'BOTTLE-750': '5701234000031' };

/** The catalogue as a Danish Shopify shop keeps it: T-shirts as one product with Color and Size, the rest single products. */
export function catalogueProducts(): NewSimProduct[] {
  const gross = (item: CatalogueProduct): Minor => roundHalfUp((item.netPrice * (100 + DOMESTIC_VAT_PERCENT)) / 100);
  const variantOf = (item: CatalogueProduct, options: string[] = []) => ({
    options,
    sku: item.sku,
    barcode: BARCODES[item.sku] ?? null,
    price: gross(item),
    unitCost: item.costPrice,
    tracked: item.sku !== UNTRACKED_SKU,
    available: item.sku === UNTRACKED_SKU ? 0 : item.stock,
  });
  const shirts = CATALOGUE_PRODUCTS.filter((item) => item.sku.startsWith(SHIRT_PREFIX));
  const others = CATALOGUE_PRODUCTS.filter((item) => !item.sku.startsWith(SHIRT_PREFIX));
  return [
    {
      title: 'T-shirt',
      optionNames: ['Color', 'Size'],
      // `T-shirt – Red, M` → ['Red', 'M']
      variants: shirts.map((item) => variantOf(item, (item.name.split('–')[1] ?? '').split(',').map((value) => value.trim()))),
    },
    ...others.map((item) => ({ title: item.name, variants: [variantOf(item)] })),
  ];
}
