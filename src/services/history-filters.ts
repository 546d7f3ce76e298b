import { durationMs } from '../domain/duration.js';
import type { TransferStatus } from '../store/transfers.js';

/**
 * A point in time for --since/--until: relative to `now` (`30m`, `2h`, `7d`, `1w` ago) or ISO 8601
 * (a date alone is midnight UTC; a date and time needs `Z` or an offset, so it is never read in
 * some other zone). Returns ISO 8601 UTC with `Z`, as the log stores `at`.
 */
export function parseTimeBound(text: string, now: Date): string {
  const age = durationMs(text);
  if (age !== undefined) return new Date(now.getTime() - age).toISOString();
  const isDate = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const isZonedTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(text);
  const time = Date.parse(text);
  if ((isDate || isZonedTime) && !Number.isNaN(time)) return new Date(time).toISOString();
  throw new Error(`"${text}" is not a time: use ISO 8601 (2024-05-01, 2024-05-01T10:00:00Z) or an age such as 30m, 2h, 7d, 1w`);
}

export const TRANSFER_STATUSES: readonly TransferStatus[] = ['ok', 'skipped', 'failed', 'pending', 'unknown', 'dry-run', 'given-up', 'needs-attention', 'dismissed'];

/** `failed` or `failed,unknown` → the statuses, each checked. */
export function parseStatuses(text: string): TransferStatus[] {
  return text.split(',').map((part) => {
    const status = part.trim() as TransferStatus;
    if (!TRANSFER_STATUSES.includes(status)) {
      throw new Error(`"${part}" is not a status: use ${TRANSFER_STATUSES.join(', ')} (several with commas)`);
    }
    return status;
  });
}

/** A whole number ≥ min, for --limit and --run. */
export function parseWholeNumber(text: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new Error(`"${text}" is not a whole number ≥ ${min}`);
  return value;
}
