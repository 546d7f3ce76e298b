import { isSyncHttpError } from '../../connectors/http/errors.js';
import { RecordError } from '../../engine/errors.js';

/** A setting the config gives a document or customer: its key and what it names, for the message. */
export interface SettingField {
  key: string;
  what: string;
  /** The numbers the system has for it, read only when it refused one (cheap lists), for the hint. */
  valid?: () => Promise<number[]>;
}

/**
 * A document refused because one of its products does not exist becomes a record error that names
 * the SKU and says how to fix it, e.g. `SKU X is not in e-conomic: create it or run iex-sync products`.
 * The connector says which lines' products the system did not know (`refused.unknownProductLines`).
 * Any other error passes through unchanged.
 */
export function translateMissingSku(error: unknown, system: string, skus: readonly string[], configured: ReadonlyMap<string, string> = new Map()): unknown {
  if (!isSyncHttpError(error) || error.kind !== 'validation') return error;
  const indexes = error.refused?.unknownProductLines ?? [];
  const missing = [...new Set(indexes.map((index) => skus[index]).filter((sku): sku is string => sku !== undefined))];
  if (missing.length === 0) return error;
  // A product the config names (orders.shippingProduct…) is a setting to fix, not a product to sync.
  const setting = missing.map((sku) => configured.get(sku)).find((key) => key !== undefined);
  if (setting) {
    return new RecordError(
      `${setting} names product ${missing.join(', ')}, which is not in ${system}`,
      `create product ${missing.join(', ')} in ${system}, or set ${setting} to a product number that exists there; the orders are retried`,
      error,
    );
  }
  const list = missing.join(', ');
  return new RecordError(
    `SKU ${list} ${missing.length === 1 ? 'is' : 'are'} not in ${system}`,
    `SKU ${list}: create it in ${system} or run iex-sync products, then the order is retried`,
    error,
  );
}

/**
 * e-conomic refusing a number the config chose (a layout, payment terms, a customer group that
 * does not exist) becomes a record error naming the key to fix; any other error passes through.
 * `settings` is keyed by the refused field of our request (`layoutNumber`), as the connector names it.
 */
export async function translateSettingRefusal(error: unknown, settings: Readonly<Record<string, SettingField>>): Promise<unknown> {
  if (!isSyncHttpError(error) || error.kind !== 'validation') return error;
  const field = error.refused?.fields.find((name) => settings[name] !== undefined);
  if (field === undefined) return error;
  const { key, what, valid } = settings[field] as SettingField;
  // The valid numbers when they can be read; the hint stands without them if not.
  const numbers = valid ? await valid().catch(() => []) : [];
  const choices = numbers.length > 0 ? `one of ${numbers.join(', ')}` : 'a number that exists in e-conomic (see its settings)';
  return new RecordError(
    `e-conomic refused the ${what} that ${key} names: ${error.platformMessage ?? error.message}`,
    `set ${key} to ${choices}, then the orders are retried`,
    error,
  );
}
