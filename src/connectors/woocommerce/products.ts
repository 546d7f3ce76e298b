import { isSyncHttpError, SyncHttpError } from '../http/errors.js';
import type { HttpClient } from '../http/types.js';
import type { ShopProduct } from '../webshop.js';
import { formatWooGmtDate, parseWooGmtDate } from './dates.js';
import { isContainer, productItem, variationItem, type WooVariationLike } from './map-product.js';
import { mergeSorted } from './merge-sorted.js';
import { changedSince, WOO_MAX_PAGE_SIZE, type WooCollection } from './modified-listing.js';
import type { WooProduct, WooSetting, WooVariation } from './types.js';

/**
 * Products and variations read from WooCommerce (WooCommerce REST API docs, Products and Product variations). A variation is a record of its own
 * with its own modified time, and a change to it need not move its parent's ([U]: the REST update
 * path saves the variation alone). So the changes are two streams, merged oldest first:
 *   A. products changed since (orderby modified): an item each, or for a variable product every
 *      variation whose own change is not newer than the parent's, at the parent's time;
 *   B. variations changed since that are newer than their parent, at their own time: one list
 *      across all products (`GET /variations`, WooCommerce 10.3+), or on older shops every variable
 *      product's `/products/{id}/variations?modified_after=` (one call per variable product a run).
 * Each version of a variation comes from exactly one of them (the one whose time is the newer).
 *
 * Two streams cannot promise what one keyset listing does (a change made while paging comes again
 * later): one may have ended when the change happens. So a read covers changes up to the shop's
 * clock at its start, less a margin for that clock's one-second resolution; later ones are left
 * to the next read, which starts at or before the newest time this one gave out.
 */
const API = '/wp-json/wc/v3';
const PRODUCTS: WooCollection = { path: `${API}/products`, what: 'products', filters: { status: 'any' } };
const VARIATIONS: WooCollection = { path: `${API}/variations`, what: 'variations', filters: { status: 'any' } };
const PRICES_INCLUDE_TAX = `${API}/settings/tax/woocommerce_prices_include_tax`;
const SETTLE_MS = 2000;

/** An item with the time the merged stream orders it by. */
interface Timed {
  at: number;
  item: ShopProduct;
}

export interface WooProducts {
  changed(since: Date, pageSize?: number): AsyncIterable<ShopProduct[]>;
  bySku(skus: readonly string[]): Promise<ShopProduct[]>;
}

export function wooProducts(http: HttpClient): WooProducts {
  let taxesIncluded: Promise<boolean> | undefined;
  const pricesIncludeTax = (): Promise<boolean> => {
    taxesIncluded ??= http.request<WooSetting>({ method: 'GET', path: PRICES_INCLUDE_TAX }).then(
      (response) => response.data.value === 'yes',
      (error: unknown) => {
        taxesIncluded = undefined; // a failed read is asked again, not remembered
        throw error;
      },
    );
    return taxesIncluded;
  };

  async function* changedProducts(since: Date, until: Date, pageSize: number, taxes: boolean): AsyncGenerator<Timed[]> {
    for await (const products of changedSince<WooProduct>(http, PRODUCTS, since, pageSize, until)) {
      const timed: Timed[] = [];
      for (const product of products) {
        const at = parseWooGmtDate(product.date_modified_gmt).getTime();
        if (product.type === 'variable') {
          for (const variation of await allVariationsOf(http, product.id)) {
            if (parseWooGmtDate(variation.date_modified_gmt).getTime() <= at) timed.push({ at, item: variationItem(product, variation, taxes) });
          }
        } else if (!isContainer(product)) {
          timed.push({ at, item: productItem(product, taxes) });
        }
      }
      yield timed;
    }
  }

  /** Stream B: variations newer than their parent, from the all-variations list, or per product on shops before 10.3. */
  async function* changedVariations(since: Date, until: Date, pageSize: number, taxes: boolean): AsyncGenerator<Timed[]> {
    const pages = changedSince<WooVariation>(http, VARIATIONS, since, pageSize, until);
    let first: IteratorResult<WooVariation[]>;
    try {
      first = await pages.next();
    } catch (error) {
      if (!isSyncHttpError(error) || error.code !== 'rest_no_route') throw error;
      yield* variationsPerProduct(since, until, pageSize, taxes);
      return;
    }
    for (let page = first; !page.done; page = await pages.next()) {
      const parents = await productsById(http, page.value.map((variation) => variation.parent_id ?? 0));
      yield newerThanParent(page.value.map((variation) => ({ parent: parents.get(variation.parent_id ?? 0), variation })), taxes);
    }
  }

  async function* variationsPerProduct(since: Date, until: Date, pageSize: number, taxes: boolean): AsyncGenerator<Timed[]> {
    const found: Array<{ parent: WooProduct; variation: WooVariationLike }> = [];
    for await (const parent of listAll<WooProduct>(http, PRODUCTS.path, { status: 'any', type: 'variable', orderby: 'id', order: 'asc' })) {
      // modified_after is exclusive and second-granular (WooCommerce REST API docs, Orders): one second earlier, filtered below.
      const query = { modified_after: formatWooGmtDate(since.getTime() - 1000), modified_before: formatWooGmtDate(until.getTime() + 1000), dates_are_gmt: 'true' };
      for await (const variation of listAll<WooVariation>(http, `${PRODUCTS.path}/${parent.id}/variations`, query)) found.push({ parent, variation });
    }
    const timed = newerThanParent(found, taxes)
      .filter((entry) => entry.at >= since.getTime() && entry.at <= until.getTime())
      .sort((a, b) => a.at - b.at || Number(a.item.id) - Number(b.item.id));
    for (let start = 0; start < timed.length; start += pageSize) yield timed.slice(start, start + pageSize);
  }

  return {
    /**
     * `GET /products?sku=A,B,…` finds products and variations alike (WC_REST_Products_Controller
     * searches both when asked by SKU), 100 a request; a variation's parent comes in one more.
     */
    async bySku(skus) {
      const wanted = new Set(skus.map((sku) => sku.trim()).filter((sku) => sku !== ''));
      const taxes = await pricesIncludeTax();
      const listed: WooProduct[] = [];
      for (const batch of skuBatches([...wanted])) {
        for await (const item of listAll<WooProduct>(http, PRODUCTS.path, { sku: batch.join(','), status: 'any' })) {
          // MySQL compares SKUs ignoring case: keep only the exact ones.
          if (wanted.has(item.sku.trim())) listed.push(item);
        }
      }
      const parents = await productsById(http, listed.filter((item) => item.type === 'variation').map((item) => item.parent_id));
      return listed.flatMap((item) => {
        if (item.type !== 'variation') return isContainer(item) ? [] : [productItem(item, taxes)];
        const parent = parents.get(item.parent_id);
        return parent ? [variationItem(parent, item, taxes)] : [];
      });
    },

    async *changed(since, pageSize = WOO_MAX_PAGE_SIZE) {
      const size = Math.min(Math.max(pageSize, 1), WOO_MAX_PAGE_SIZE);
      const taxes = await pricesIncludeTax();
      const until = new Date(Math.floor((Date.now() + (http.clockSkewMs() ?? 0) - SETTLE_MS) / 1000) * 1000);
      const merged = mergeSorted(changedProducts(since, until, size, taxes), changedVariations(since, until, size, taxes), (entry) => entry.at);
      for await (const page of merged) yield page.map((entry) => entry.item);
    },
  };
}

/**
 * SKUs for the `sku` filter, 100 to a request. WooCommerce splits the filter at commas, so a SKU
 * with a comma in it goes alone (alone, the whole text is searched too).
 */
function skuBatches(skus: string[]): string[][] {
  const plain = skus.filter((sku) => !sku.includes(','));
  const batches = skus.filter((sku) => sku.includes(',')).map((sku) => [sku]);
  for (let start = 0; start < plain.length; start += WOO_MAX_PAGE_SIZE) batches.push(plain.slice(start, start + WOO_MAX_PAGE_SIZE));
  return batches;
}

/** The variations (with their parents) whose own change is newer than their parent's; those of a parent gone to the trash are left out. */
function newerThanParent(entries: Array<{ parent: WooProduct | undefined; variation: WooVariationLike }>, taxes: boolean): Timed[] {
  const timed: Timed[] = [];
  for (const { parent, variation } of entries) {
    if (!parent) continue;
    const at = parseWooGmtDate(variation.date_modified_gmt).getTime();
    if (at > parseWooGmtDate(parent.date_modified_gmt).getTime()) timed.push({ at, item: variationItem(parent, variation, taxes) });
  }
  return timed;
}

export async function allVariationsOf(http: HttpClient, productId: number): Promise<WooVariation[]> {
  const variations: WooVariation[] = [];
  for await (const variation of listAll<WooVariation>(http, `${PRODUCTS.path}/${productId}/variations`, { orderby: 'id', order: 'asc' })) variations.push(variation);
  return variations;
}

/** Products by id (`include`), a page of up to 100 at a time; the trash is not listed. */
export async function productsById(http: HttpClient, ids: readonly number[]): Promise<Map<number, WooProduct>> {
  const unique = [...new Set(ids)].filter((id) => id > 0);
  const found = new Map<number, WooProduct>();
  for (let start = 0; start < unique.length; start += WOO_MAX_PAGE_SIZE) {
    const include = unique.slice(start, start + WOO_MAX_PAGE_SIZE).join(',');
    for await (const product of listAll<WooProduct>(http, PRODUCTS.path, { include, status: 'any' })) found.set(product.id, product);
  }
  return found;
}

/** Every record of a list, page by page of 100 (for lists that do not change while read, or where a change does not matter). */
export async function* listAll<T>(http: HttpClient, path: string, query: Record<string, string>): AsyncGenerator<T> {
  for (let page = 1; ; page += 1) {
    const response = await http.request<unknown>({ method: 'GET', path, query: { ...query, per_page: WOO_MAX_PAGE_SIZE, page } });
    if (!Array.isArray(response.data)) {
      throw new SyncHttpError({ system: 'woocommerce', kind: 'protocol', method: 'GET', path, status: response.status, retryable: false, platformMessage: 'the list was not a JSON array' });
    }
    yield* response.data as T[];
    const totalPages = Number(response.headers['x-wp-totalpages']);
    if (response.data.length < WOO_MAX_PAGE_SIZE || (Number.isFinite(totalPages) && page >= totalPages)) return;
  }
}
