import type { ProductsSettings } from '../../config/sections/products.js';
import { isSyncHttpError } from '../../connectors/http/errors.js';
import { ExitCode, SyncError } from '../../domain/errors.js';
import { RecordError } from '../../engine/errors.js';
import { startFromInstant } from '../orders/settings.js';

/** What both legs read: the `products` section and the business time zone. */
export type ProductsLegSettings = ProductsSettings & { timezone: string };

/** `products.startFrom` as an instant; without one the whole catalogue goes. */
export function productsStartFrom(startFrom: string | undefined, timeZone: string): Date {
  return startFrom === undefined ? new Date(0) : startFromInstant(startFrom, timeZone);
}

/** A group or unit number of the config that a target refused: its key and where the valid ones are. */
export interface NumberSetting {
  /** Our name of the refused field (`groupNumber`), as the connector reports it. */
  field: string;
  key: string;
  what: string;
  /** The numbers the system has, read only when it refused one, for the hint. */
  valid?: () => Promise<number[]>;
}

/**
 * A product refused because a group or unit number the config names does not exist becomes a
 * record error naming the key and the numbers there are; the leg stops once a few records failed
 * so and none went through (the engine's breaker), so nothing else is tried in vain. Any other
 * error passes through unchanged.
 */
export async function translateNumberRefusal(error: unknown, system: string, settings: readonly NumberSetting[]): Promise<unknown> {
  if (!isSyncHttpError(error) || error.kind !== 'validation') return error;
  const setting = settings.find((candidate) => error.refused?.fields.includes(candidate.field));
  if (!setting) return error;
  const numbers = setting.valid ? await setting.valid().catch(() => []) : [];
  const choices = numbers.length > 0 ? `one of ${numbers.join(', ')}` : `a number that exists in ${system}`;
  return new RecordError(
    `${system} refused the ${setting.what} that ${setting.key} names: ${error.platformMessage ?? error.message}`,
    `set ${setting.key} to ${choices}, then run iex-sync products again`,
    error,
  );
}

/**
 * A group number of the config that does not exist in its system: every product would be refused
 * alike, so the leg stops at once (systemic, like a system that cannot take anything) and names the key.
 */
export class MissingGroupError extends SyncError {
  readonly systemic = true;
  constructor(system: string, key: string, number: number, valid: readonly number[]) {
    super(`${system} has no product group ${number}, which ${key} names: no product was created`, {
      exitCode: ExitCode.systemRefused,
      hint: `set ${key} to ${valid.length > 0 ? `one of ${valid.join(', ')}` : `a product group that exists in ${system}`}, then run iex-sync products again`,
    });
  }
}

/**
 * Checks once a run, before the first product is created (the only write that uses it), that the
 * configured group exists: one list call, none in a run that creates nothing.
 */
export function groupCheck(read: () => Promise<number[]>, fail: (valid: number[]) => Error, number: number): () => Promise<void> {
  let checked: Promise<void> | undefined;
  return () => {
    checked ??= read().then((valid) => {
      if (!valid.includes(number)) throw fail(valid);
    });
    return checked;
  };
}
