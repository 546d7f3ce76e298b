import { isSyncHttpError } from '../../connectors/http/errors.js';
import { RecordError } from '../../engine/errors.js';

/**
 * A document refused because one of its products does not exist becomes a record error that names
 * the SKU and says how to fix it, e.g. `SKU X is not in e-conomic: create it or run iex-sync products`.
 * Rackbeat answers `{"errors": {"lines.0.item_id": ["Product needed"]}}` (rackbeat.md §6);
 * e-conomic annotates `lines: [{arrayIndex: 0, product: {errors: [...]}}]` (economic.md §6).
 * Any other error passes through unchanged.
 */
export function translateMissingSku(error: unknown, system: string, skus: readonly string[], configured: ReadonlyMap<string, string> = new Map()): unknown {
  if (!isSyncHttpError(error) || error.kind !== 'validation') return error;
  const indexes = missingProductLines(error.details);
  const missing = [...new Set(indexes.map((index) => skus[index]).filter((sku): sku is string => sku !== undefined))];
  if (missing.length === 0) return error;
  // A product the config names (orders.shippingProduct…) is a setting to fix, not a product to sync.
  const setting = missing.map((sku) => configured.get(sku)).find((key) => key !== undefined);
  if (setting) {
    return new RecordError(
      `${setting} names product ${missing.join(', ')}, which is not in ${system}`,
      `create product ${missing.join(', ')} in ${system}, or set ${setting} to a product number that exists there; the orders are retried`,
    );
  }
  const list = missing.join(', ');
  return new RecordError(
    `SKU ${list} ${missing.length === 1 ? 'is' : 'are'} not in ${system}`,
    `SKU ${list}: create it in ${system} or run iex-sync products, then the order is retried`,
  );
}

/**
 * e-conomic refusing a number the config chose (a layout, payment terms, a customer group that
 * does not exist) becomes a record error naming the key to fix; any other error passes through.
 * e-conomic annotates the refused field: `{"errors": {"layout": {"errors": [...]}}}` (e-conomic REST docs, "Errors").
 */
export function translateSettingRefusal(error: unknown, keys: Readonly<Record<string, string>>): unknown {
  if (!isSyncHttpError(error) || error.kind !== 'validation' || typeof error.details !== 'object' || error.details === null) return error;
  const field = Object.keys(error.details).find((name) => keys[name] !== undefined);
  if (field === undefined) return error;
  const key = keys[field] as string;
  return new RecordError(
    `e-conomic refused the ${field} that ${key} names: ${error.platformMessage ?? error.message}`,
    `set ${key} to a number that exists in e-conomic (see its settings), then the orders are retried`,
  );
}

function missingProductLines(details: unknown): number[] {
  if (typeof details !== 'object' || details === null) return [];
  const indexes: number[] = [];
  for (const key of Object.keys(details)) {
    const match = /^lines\.(\d+)\.item_id$/.exec(key);
    if (match) indexes.push(Number(match[1]));
  }
  const lines = (details as { lines?: unknown }).lines;
  if (Array.isArray(lines)) {
    for (const line of lines as Array<{ arrayIndex?: unknown; product?: unknown }>) {
      if (typeof line?.arrayIndex === 'number' && line.product !== undefined) indexes.push(line.arrayIndex);
    }
  }
  return indexes;
}
