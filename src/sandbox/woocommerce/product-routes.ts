import type { SimRoute } from '../harness/types.js';
import { runBatch } from './batch.js';
import { listParam, planList, type CollectionSettings } from './collection.js';
import { bodyOf, guarded, invalidId, invalidParam, WooSimError } from './errors.js';
import { renderProduct, renderVariation, renderVariationAsProduct, type SimProduct, type SimVariation } from './products.js';
import type { WooSimState } from './state.js';

const PRODUCT_STATUS_FILTERS = ['any', 'future', 'trash', 'draft', 'pending', 'private', 'publish'];

/**
 * Products and variations with WooCommerce's stock rules (WooCommerce REST API docs, Products and Product variations): `stock_quantity` counts only
 * while `manage_stock` is true after the update; turning it off clears the quantity and backorders;
 * a variation with `manage_stock: "parent"` keeps no stock of its own; SKUs are unique.
 */
export function productRoutes(
  state: WooSimState,
  settings: CollectionSettings & { batchLimit: number; base: string; variationsEndpoint: boolean },
): SimRoute[] {
  const base = settings.base;
  const product = (id: string | number, status: 400 | 404): SimProduct => {
    const found = state.products.get(Number(id));
    if (!found || found.status === 'trash') throw invalidId('product', status);
    return found;
  };
  const variation = (parentId: string | number, id: string | number, status: 400 | 404): SimVariation => {
    const found = state.variations.get(Number(id));
    if (!found || found.parentId !== Number(parentId)) throw invalidId('product_variation', status);
    return found;
  };

  const updateProduct = (target: SimProduct, body: Record<string, unknown>): SimProduct => {
    applySku(state, target, body);
    const manage = body.manage_stock === undefined ? target.manageStock : requireBoolean(body, 'manage_stock');
    applyStock(target, manage, body);
    target.manageStock = manage;
    target.modifiedAt = state.shopNow();
    return target;
  };

  const updateVariation = (target: SimVariation, body: Record<string, unknown>): SimVariation => {
    applySku(state, target, body);
    const manage = body.manage_stock === undefined || body.manage_stock === 'parent'
      ? (body.manage_stock ?? target.manageStock) as boolean | 'parent'
      : requireBoolean(body, 'manage_stock');
    if (manage === 'parent') {
      // The stock lives on the parent: a quantity sent here is ignored (as seen in other WooCommerce sync projects).
      target.stockQuantity = null;
    } else {
      const delta = body.inventory_delta;
      if (manage && delta !== undefined) {
        if (!Number.isInteger(delta)) throw invalidParam('inventory_delta', 'inventory_delta is not of type integer.', 'rest_invalid_type');
        target.stockQuantity = (target.stockQuantity ?? 0) + (delta as number);
      }
      applyStock(target, manage, body);
    }
    target.manageStock = manage;
    target.modifiedAt = state.shopNow();
    return target;
  };

  const trashProduct = (target: SimProduct): SimProduct => {
    target.status = 'trash';
    target.modifiedAt = state.shopNow();
    return target;
  };

  const listProducts = guarded((request) => {
    const status = request.query.get('status') ?? 'any';
    if (!PRODUCT_STATUS_FILTERS.includes(status)) {
      throw invalidParam('status', `status is not one of ${PRODUCT_STATUS_FILTERS.join(', ')}.`, 'rest_not_in_enum');
    }
    const listed = (itemStatus: string): boolean => (status === 'any' ? itemStatus !== 'trash' : itemStatus === status);
    const skus = skuFilter(request.query.get('sku'));
    const hasSku = (sku: string): boolean => skus.length === 0 || skus.includes(sku.toLowerCase());
    const type = request.query.get('type');
    const stock = request.query.get('stock_status');
    const products = [...state.products.values()].filter(
      (item) =>
        listed(item.status) &&
        hasSku(item.sku) &&
        (type === null || item.type === type) &&
        (stock === null || renderProduct(state, item).stock_status === stock),
    );
    // Asked by SKU, WooCommerce searches variations too (WC_REST_Products_Controller forces
    // post_type product and product_variation), listing them as `type: variation`.
    const variations = skus.length === 0 || type !== null || stock !== null
      ? []
      : [...state.variations.values()].filter((item) => listed(item.status) && hasSku(item.sku) && state.products.get(item.parentId)?.status !== 'trash');
    const plan = planList<SimProduct | SimVariation>(request, [...products, ...variations], settings);
    const render = (item: SimProduct | SimVariation) => ('parentId' in item ? renderVariationAsProduct(state, item) : renderProduct(state, item));
    return { status: 200, headers: plan.headers, body: plan.page.map(render) };
  });

  // All variations across products with parent_id (WooCommerce 10.3+, WooCommerce REST API docs, Products and Product variations); older shops answer rest_no_route.
  const allVariations: SimRoute = {
    method: 'GET',
    pattern: `${base}/variations`,
    handler: guarded((request) => {
      const plan = planList(request, filterBySku([...state.variations.values()], listParam(request.query, 'sku')), settings);
      return { status: 200, headers: plan.headers, body: plan.page.map((item) => renderVariation(state, item, true)) };
    }),
  };

  return [
    ...(settings.variationsEndpoint ? [allVariations] : []),
    { method: 'GET', pattern: `${base}/products`, handler: listProducts },
    {
      method: 'POST',
      pattern: `${base}/products/batch`,
      handler: guarded((request) =>
        runBatch(request.body, {
          limit: settings.batchLimit,
          update: (item, id) => renderProduct(state, updateProduct(product(id, 400), item)),
          delete: (id) => renderProduct(state, trashProduct(product(id, 400))),
        }),
      ),
    },
    {
      method: 'GET',
      pattern: `${base}/products/:id`,
      handler: guarded((request) => ({ status: 200, body: renderProduct(state, product(request.params.id!, 404)) })),
    },
    {
      method: 'PUT',
      pattern: `${base}/products/:id`,
      handler: guarded((request) => ({
        status: 200,
        body: renderProduct(state, updateProduct(product(request.params.id!, 400), bodyOf(request))),
      })),
    },
    {
      method: 'GET',
      pattern: `${base}/products/:id/variations`,
      handler: guarded((request) => {
        const parent = product(request.params.id!, 404);
        const items = parent.variationIds.flatMap((id) => state.variations.get(id) ?? []);
        const plan = planList(request, filterBySku(items, listParam(request.query, 'sku')), settings);
        return { status: 200, headers: plan.headers, body: plan.page.map((item) => renderVariation(state, item, false)) };
      }),
    },
    {
      method: 'POST',
      pattern: `${base}/products/:id/variations/batch`,
      handler: guarded((request) => {
        const parent = product(request.params.id!, 404);
        return runBatch(request.body, {
          limit: settings.batchLimit,
          update: (item, id) => renderVariation(state, updateVariation(variation(parent.id, id, 400), item), false),
          delete: (id) => {
            const target = variation(parent.id, id, 400);
            state.variations.delete(target.id);
            parent.variationIds = parent.variationIds.filter((other) => other !== target.id);
            return renderVariation(state, target, false);
          },
        });
      }),
    },
    {
      method: 'GET',
      pattern: `${base}/products/:id/variations/:vid`,
      handler: guarded((request) => ({
        status: 200,
        body: renderVariation(state, variation(request.params.id!, request.params.vid!, 404), false),
      })),
    },
    {
      method: 'PUT',
      pattern: `${base}/products/:id/variations/:vid`,
      handler: guarded((request) => ({
        status: 200,
        body: renderVariation(state, updateVariation(variation(request.params.id!, request.params.vid!, 400), bodyOf(request)), false),
      })),
    },
  ];
}

/**
 * The `sku` filter as WooCommerce reads it: split at commas, and for a list the whole text too (a
 * SKU with a comma in it); matched by MySQL's case-insensitive collation ([S] utf8mb4 default).
 */
function skuFilter(raw: string | null): string[] {
  if (raw === null || raw.trim() === '') return [];
  const parts = raw.split(',');
  return (parts.length > 1 ? [...parts, raw] : parts).map((sku) => sku.toLowerCase());
}

function filterBySku(items: SimVariation[], skus: string[]): SimVariation[] {
  return skus.length === 0 ? items : items.filter((item) => skus.includes(item.sku));
}

/** `stock_quantity` only counts while stock is managed; unmanaged clears it and backorders (WooCommerce REST API docs, Products and Product variations). */
function applyStock(target: SimProduct | SimVariation, managed: boolean, body: Record<string, unknown>): void {
  if (!managed) {
    target.stockQuantity = null;
    target.backorders = 'no';
    return;
  }
  if (body.stock_quantity === undefined) return;
  if (!Number.isInteger(body.stock_quantity)) {
    throw invalidParam('stock_quantity', 'stock_quantity is not of type integer.', 'rest_invalid_type');
  }
  target.stockQuantity = body.stock_quantity as number;
}

/** WooCommerce refuses a SKU another product or variation already has (as seen in other WooCommerce sync projects). */
function applySku(state: WooSimState, target: SimProduct | SimVariation, body: Record<string, unknown>): void {
  if (body.sku === undefined) return;
  const sku = String(body.sku).trim();
  const holder = state.findBySku(sku);
  if (holder && holder !== target) throw new WooSimError(400, 'product_invalid_sku', 'Invalid or duplicated SKU.');
  target.sku = sku;
}

function requireBoolean(body: Record<string, unknown>, name: string): boolean {
  const value = body[name];
  if (typeof value !== 'boolean') throw invalidParam(name, `${name} is not of type boolean.`, 'rest_invalid_type');
  return value;
}
