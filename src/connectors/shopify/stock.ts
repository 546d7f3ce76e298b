import { checkLevels, completed } from '../stock-levels.js';
import type { SetStockOptions, StockLevel, StockWriteResult } from '../webshop.js';
import { MUTATION_COST } from './documents.js';
import { userErrorsOf, type ShopifyGraphql } from './graphql.js';
import type { ShopifyProducts } from './products.js';
import { QUANTITIES_PER_CALL, SET_QUANTITIES, TRACK_INVENTORY_ITEM } from './stock-documents.js';
import type { ShopifyUserError } from './types.js';

/**
 * Absolute stock levels through inventorySetQuantities (Shopify Admin GraphQL, inventorySetQuantities): `name: available`, a
 * reason, a referenceDocumentUri, at most 250 quantities a call at one location. Shopify refuses a
 * call with any user error as a whole ([U]), so the quantities its errors point at
 * (`input.quantities.N…`) fail alone and the rest are sent again, with a new idempotency key (a key
 * belongs to one body: Shopify answers another body under it with IDEMPOTENCY_KEY_PARAMETER_MISMATCH).
 * An item that does not track stock is switched to tracked first (inventoryItemUpdate).
 */
const DEFAULT_REASON = 'correction';
const INVENTORY_ITEM = /^gid:\/\/shopify\/InventoryItem\/\d+$/;

export interface ShopifyStockOptions {
  /** A new idempotency key (a UUID) for each body sent. */
  newKey: () => string;
  now: () => number;
}

export function shopifyStock(graphql: ShopifyGraphql, products: ShopifyProducts, options: ShopifyStockOptions) {
  async function track(level: StockLevel): Promise<StockWriteResult | undefined> {
    try {
      await graphql.mutate(TRACK_INVENTORY_ITEM, 'inventoryItemUpdate', { id: level.stock.target }, MUTATION_COST, true);
      return undefined;
    } catch (error) {
      const userErrors = userErrorsOf(error);
      if (!userErrors) throw error;
      return { sku: level.sku, ok: false, message: `switching it to tracked stock: ${describe(userErrors)}` };
    }
  }

  /** One call's worth of levels; the refused ones fail alone, the rest are sent again. */
  async function setQuantities(
    indices: number[],
    levels: readonly StockLevel[],
    base: { name: string; reason: string; referenceDocumentUri: string; locationId: string },
    results: Array<StockWriteResult | undefined>,
  ): Promise<void> {
    let pending = indices;
    while (pending.length > 0) {
      const { locationId, ...fields } = base;
      const input = {
        ...fields,
        quantities: pending.map((index) => {
          const level = levels[index] as StockLevel;
          return { inventoryItemId: level.stock.target, locationId, quantity: level.quantity, changeFromQuantity: null };
        }),
      };
      try {
        await graphql.mutate(SET_QUANTITIES, 'inventorySetQuantities', { input, key: options.newKey() }, MUTATION_COST, true);
        for (const index of pending) results[index] = { sku: (levels[index] as StockLevel).sku, ok: true, quantity: (levels[index] as StockLevel).quantity };
        return;
      } catch (error) {
        const userErrors = userErrorsOf(error);
        if (!userErrors) throw error;
        const byPosition = new Map<number, ShopifyUserError[]>();
        for (const userError of userErrors) {
          const position = quantityPosition(userError);
          if (position !== undefined && position < pending.length) byPosition.set(position, [...(byPosition.get(position) ?? []), userError]);
        }
        // An error about the call itself (reason, name, reference) fails every level in it.
        const refusedAll = byPosition.size === 0;
        for (const [position, index] of pending.entries()) {
          const own = byPosition.get(position);
          if (!refusedAll && !own) continue;
          const reasons = own ?? userErrors;
          results[index] = { sku: (levels[index] as StockLevel).sku, ok: false, message: describe(reasons), code: reasons[0]?.code ?? undefined };
        }
        pending = refusedAll ? [] : pending.filter((_, position) => !byPosition.has(position));
      }
    }
  }

  return {
    async set(levels: readonly StockLevel[], setOptions: SetStockOptions = {}): Promise<StockWriteResult[]> {
      const { results, writable } = checkLevels(levels);
      const toWrite: number[] = [];
      for (const index of writable) {
        const level = levels[index] as StockLevel;
        if (!INVENTORY_ITEM.test(level.stock.target)) {
          results[index] = { sku: level.sku, ok: false, message: `not a Shopify inventory item: ${level.stock.target}` };
          continue;
        }
        const refused = level.stock.tracked ? undefined : await track(level);
        if (refused) results[index] = refused;
        else toWrite.push(index);
      }
      if (toWrite.length > 0) {
        const base = {
          name: 'available',
          reason: setOptions.reason ?? DEFAULT_REASON,
          referenceDocumentUri: setOptions.reference ?? `gid://iex-sync/StockSync/${compactTime(options.now())}`,
          locationId: await products.location(setOptions.locationId),
        };
        for (let start = 0; start < toWrite.length; start += QUANTITIES_PER_CALL) {
          await setQuantities(toWrite.slice(start, start + QUANTITIES_PER_CALL), levels, base, results);
        }
      }
      return completed(levels, results);
    },
  };
}

/** `input.quantities.3.locationId` → 3. */
function quantityPosition(userError: ShopifyUserError): number | undefined {
  const field = userError.field ?? [];
  if (field[0] !== 'input' || field[1] !== 'quantities' || field[2] === undefined || !/^\d+$/.test(field[2])) return undefined;
  return Number(field[2]);
}

function describe(userErrors: ShopifyUserError[]): string {
  return userErrors.map((userError) => (userError.code ? `${userError.code}: ${userError.message}` : userError.message)).join('; ');
}

/** `20260301T100000Z`: a time in the reference's id, without characters a GID's parts avoid. */
function compactTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}
