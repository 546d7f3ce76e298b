import { isSyncHttpError } from '../../connectors/http/errors.js';
import { RecordError } from '../../engine/errors.js';

/**
 * A document refused because one of its products does not exist becomes a record error that names
 * the SKU and says how to fix it, e.g. `SKU X is not in e-conomic: create it or run iex-sync products`.
 * Rackbeat answers `{"errors": {"lines.0.item_id": ["Product needed"]}}` (rackbeat.md §6);
 * e-conomic annotates `lines: [{arrayIndex: 0, product: {errors: [...]}}]` (economic.md §6).
 * Any other error passes through unchanged.
 */
export function translateMissingSku(error: unknown, system: string, skus: readonly string[]): unknown {
  if (!isSyncHttpError(error) || error.kind !== 'validation') return error;
  const indexes = missingProductLines(error.details);
  const missing = [...new Set(indexes.map((index) => skus[index]).filter((sku): sku is string => sku !== undefined))];
  if (missing.length === 0) return error;
  const list = missing.join(', ');
  return new RecordError(
    `SKU ${list} ${missing.length === 1 ? 'is' : 'are'} not in ${system}`,
    `SKU ${list}: create it in ${system} or run iex-sync products, then the order is retried`,
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
