import { isSyncHttpError, SyncHttpError } from '../http/errors.js';
import type { HttpClient } from '../http/types.js';
import { checkLevels, completed } from '../stock-levels.js';
import type { StockLevel, StockWriteResult } from '../webshop.js';
import { WOO_MAX_PAGE_SIZE } from './modified-listing.js';
import type { WooBatchItem, WooBatchResponse } from './types.js';

/**
 * Absolute stock levels through the batch endpoints (WooCommerce REST API docs, Products and Product variations): `POST /products/batch` for
 * products (and the parents keeping their variations' stock), `POST /products/{id}/variations/batch`
 * for variations, `update: [{id, manage_stock: true, stock_quantity}]` (the quantity counts only
 * with manage_stock true after the update). At most 100 items a request; a shop that lowered the
 * limit (`woocommerce_rest_batch_items_limit`) answers 413 with its number, and the batch is split
 * to it. Per-item errors come back inside a 200 and fail that SKU alone. Setting a level again is
 * harmless, so a request may be resent after an unknown outcome.
 */
const API = '/wp-json/wc/v3';
const TOO_LARGE = 'woocommerce_rest_request_entity_too_large';

interface Write {
  index: number;
  id: number;
  quantity: number;
}

type Stocked = { id: number; stock_quantity: number | null };

export function wooStock(http: HttpClient) {
  let batchLimit = WOO_MAX_PAGE_SIZE;

  async function writeBatch(path: string, writes: Write[], levels: readonly StockLevel[], results: Array<StockWriteResult | undefined>): Promise<void> {
    const body = { update: writes.map((write) => ({ id: write.id, manage_stock: true, stock_quantity: write.quantity })) };
    let answer: WooBatchResponse<Stocked>;
    try {
      answer = (await http.request<WooBatchResponse<Stocked>>({ method: 'POST', path, body, idempotent: true })).data;
    } catch (error) {
      const limit = lowerLimit(error);
      if (limit !== undefined && limit < writes.length) {
        batchLimit = limit;
        for (const part of chunks(writes, limit)) await writeBatch(path, part, levels, results);
        return;
      }
      if (!isRecordRefusal(error)) throw error;
      for (const write of writes) results[write.index] = refused(levels, write, error.platformMessage ?? error.message, error.code);
      return;
    }
    for (const [position, write] of writes.entries()) {
      results[write.index] = outcome(levels, write, answer.update?.[position]);
    }
  }

  return {
    async set(levels: readonly StockLevel[]): Promise<StockWriteResult[]> {
      const { results, writable } = checkLevels(levels);
      const byPath = new Map<string, Write[]>();
      for (const index of writable) {
        const level = levels[index] as StockLevel;
        const target = parseTarget(level.stock.target);
        if (!target) {
          results[index] = { sku: level.sku, ok: false, message: `not a WooCommerce stock target: ${level.stock.target}` };
          continue;
        }
        const writes = byPath.get(target.path) ?? [];
        writes.push({ index, id: target.id, quantity: level.quantity });
        byPath.set(target.path, writes);
      }
      for (const [path, writes] of byPath) {
        for (const part of chunks(writes, batchLimit)) await writeBatch(path, part, levels, results);
      }
      return completed(levels, results);
    },
  };
}

function parseTarget(target: string): { path: string; id: number } | undefined {
  const product = /^product:(\d+)$/.exec(target);
  if (product) return { path: `${API}/products/batch`, id: Number(product[1]) };
  const variation = /^variation:(\d+):(\d+)$/.exec(target);
  if (variation) return { path: `${API}/products/${variation[1]}/variations/batch`, id: Number(variation[2]) };
  return undefined;
}

/** The batch answer's item for a write: `{id, error}` or the saved object, which must show the level. */
function outcome(levels: readonly StockLevel[], write: Write, item: WooBatchItem<Stocked> | undefined): StockWriteResult {
  const sku = (levels[write.index] as StockLevel).sku;
  if (item === undefined) return { sku, ok: false, message: 'WooCommerce answered the batch without this item' };
  if ('error' in item) return refused(levels, write, item.error.message, item.error.code);
  if (item.stock_quantity !== write.quantity) {
    return { sku, ok: false, message: `WooCommerce kept stock_quantity ${String(item.stock_quantity)} instead of ${write.quantity}` };
  }
  return { sku, ok: true, quantity: write.quantity };
}

function refused(levels: readonly StockLevel[], write: Write, message: string, code: string | undefined): StockWriteResult {
  return { sku: (levels[write.index] as StockLevel).sku, ok: false, message, code };
}

/** A 413 for too many items: the shop's own limit, read from "Unable to accept more than N items". */
function lowerLimit(error: unknown): number | undefined {
  if (!isSyncHttpError(error) || error.code !== TOO_LARGE) return undefined;
  const limit = Number(/more than (\d+) items/.exec(error.platformMessage ?? '')?.[1]);
  return Number.isSafeInteger(limit) && limit > 0 ? limit : undefined;
}

/** A refusal of this request's content (400, 404, 403 on a write): the items' failure, not the run's. */
function isRecordRefusal(error: unknown): error is SyncHttpError {
  return isSyncHttpError(error) && (error.kind === 'validation' || error.kind === 'not-found' || error.kind === 'forbidden');
}

function chunks<T>(items: T[], size: number): T[][] {
  const parts: T[][] = [];
  for (let start = 0; start < items.length; start += size) parts.push(items.slice(start, start + size));
  return parts;
}
