import { formatMinor, type Minor } from '../../domain/money.js';
import type { WooProduct, WooProductStatus, WooStockStatus, WooVariation, WooVariationAttribute } from '../../connectors/woocommerce/types.js';
import type { WooSimState } from './state.js';
import { encodeEntities } from './texturise.js';

/**
 * The simulator's products and variations and how WooCommerce renders them (REST v3 products and
 * product variations controllers, WooCommerce REST API docs, Products and Product variations). A variation is its own record with its own SKU,
 * price, stock and modified time; one with `manage_stock: "parent"` shows its parent's stock.
 */
export interface SimProduct {
  id: number;
  name: string;
  type: 'simple' | 'variable';
  status: WooProductStatus;
  /** Empty when the product has none (WooCommerce allows that). */
  sku: string;
  /** GTIN/EAN (`global_unique_id`, WooCommerce 9.2+); none when undefined. */
  globalUniqueId?: string;
  /** On the shop's basis: gross when prices include tax. */
  price: Minor;
  manageStock: boolean;
  stockQuantity: number | null;
  backorders: 'no' | 'notify' | 'yes';
  variationIds: number[];
  createdAt: number;
  modifiedAt: number;
}

export interface SimVariation {
  id: number;
  parentId: number;
  /** `private`: switched off in the admin (not for sale). */
  status: 'publish' | 'private';
  /** The options this variation has, in the parent's attribute order (`Color: Red`, `Size: M`). */
  attributes: Array<{ name: string; option: string }>;
  sku: string;
  globalUniqueId?: string;
  price: Minor;
  /** `'parent'`: the parent product keeps the stock (WooCommerce REST API docs, Products and Product variations, measured on 11.0.1). */
  manageStock: boolean | 'parent';
  stockQuantity: number | null;
  backorders: 'no' | 'notify' | 'yes';
  createdAt: number;
  modifiedAt: number;
}

/** What a test gives to add a product; with `variations` it is a variable product. */
export interface NewSimProduct {
  name: string;
  sku?: string;
  price: Minor;
  status?: WooProductStatus;
  globalUniqueId?: string;
  /** Default: managed when a quantity is given. */
  manageStock?: boolean;
  stockQuantity?: number;
  variations?: Array<{
    attributes: SimVariation['attributes'];
    sku: string;
    price: Minor;
    status?: SimVariation['status'];
    manageStock?: SimVariation['manageStock'];
    stockQuantity?: number;
  }>;
  /** Created and modified at (shop clock, ms); default the shop's now. */
  at?: number;
}

/** `Red, M`: the options as WooCommerce lists them in a variation's title. */
export function variationLabel(variation: SimVariation): string {
  return variation.attributes.map((attribute) => attribute.option).join(', ');
}

export function stockStatus(managed: boolean, quantity: number | null, backorders: string): WooStockStatus {
  if (!managed || quantity === null || quantity > 0) return 'instock';
  return backorders === 'no' ? 'outofstock' : 'onbackorder';
}

export function renderProduct(state: WooSimState, product: SimProduct): WooProduct {
  return {
    id: product.id,
    name: encodeEntities(product.name),
    slug: slug(product.name),
    type: product.type,
    parent_id: 0,
    status: product.status,
    sku: product.sku,
    global_unique_id: product.globalUniqueId ?? '',
    price: formatMinor(product.price),
    regular_price: product.type === 'variable' ? '' : formatMinor(product.price),
    manage_stock: product.manageStock,
    stock_quantity: product.manageStock ? product.stockQuantity : null,
    stock_status: stockStatus(product.manageStock, product.stockQuantity, product.backorders),
    backorders: product.backorders,
    low_stock_amount: null,
    variations: [...product.variationIds],
    attributes: [],
    ...dates(state, product),
  };
}

export function renderVariation(state: WooSimState, variation: SimVariation, withParentId: boolean): WooVariation {
  return {
    id: variation.id,
    ...(withParentId ? { parent_id: variation.parentId } : {}),
    status: variation.status,
    ...variationFields(state, variation),
  };
}

/**
 * A variation in a products list (`GET /products?sku=…` searches variations too): the product
 * shape, `type: variation`, with its parent and its generated title `Parent - Red, M`.
 */
export function renderVariationAsProduct(state: WooSimState, variation: SimVariation): WooProduct {
  const parentName = state.products.get(variation.parentId)?.name ?? '';
  const label = variationLabel(variation);
  const name = label ? `${parentName} - ${label}` : parentName;
  return {
    id: variation.id,
    name: encodeEntities(name),
    slug: slug(name),
    type: 'variation',
    parent_id: variation.parentId,
    status: variation.status,
    low_stock_amount: null,
    variations: [],
    ...variationFields(state, variation),
  };
}

/** What a variation shows in either list: SKU, prices, stock (its own or its parent's), options, dates. */
function variationFields(state: WooSimState, variation: SimVariation) {
  return {
    sku: variation.sku,
    global_unique_id: variation.globalUniqueId ?? '',
    price: formatMinor(variation.price),
    regular_price: formatMinor(variation.price),
    manage_stock: variation.manageStock,
    ...variationStock(state, variation),
    backorders: variation.backorders,
    attributes: attributesOf(variation),
    ...dates(state, variation),
  };
}

function variationStock(state: WooSimState, variation: SimVariation): { stock_quantity: number | null; stock_status: WooStockStatus } {
  const parent = state.products.get(variation.parentId);
  const inherits = variation.manageStock === 'parent';
  const quantity = inherits ? (parent?.stockQuantity ?? null) : variation.stockQuantity;
  const managed = inherits ? Boolean(parent?.manageStock) : variation.manageStock === true;
  return { stock_quantity: managed ? quantity : null, stock_status: stockStatus(managed, quantity, variation.backorders) };
}

function attributesOf(variation: SimVariation): WooVariationAttribute[] {
  // Local (custom) attributes have id 0, as WooCommerce reports them.
  return variation.attributes.map((attribute) => ({ id: 0, name: attribute.name, option: attribute.option }));
}

function dates(state: WooSimState, item: { createdAt: number; modifiedAt: number }) {
  return {
    date_created: state.local(item.createdAt),
    date_created_gmt: state.gmt(item.createdAt),
    date_modified: state.local(item.modifiedAt),
    date_modified_gmt: state.gmt(item.modifiedAt),
  };
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
