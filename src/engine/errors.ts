import { ExitCode, SyncError } from '../domain/errors.js';

/**
 * How the engine tells errors apart (protocol step 10). SyncHttpError carries `systemic` and
 * `outcomeUnknown`; any other error with those properties is treated the same way.
 */

/** One record cannot go (unknown SKU, missing VAT setup): it fails alone, with a hint to fix it. */
export class RecordError extends SyncError {
  /** `cause`: the system's own refusal this explains, kept for the log. */
  constructor(message: string, hint?: string, cause?: unknown) {
    super(message, { exitCode: ExitCode.recordsFailed, hint, cause });
  }
}

export function isSystemic(error: unknown): boolean {
  return hasTrue(error, 'systemic');
}

/** A create that may or may not have happened (timeout, reset, 5xx on POST). */
export function isOutcomeUnknown(error: unknown): boolean {
  return hasTrue(error, 'outcomeUnknown');
}

export function errorHint(error: unknown): string | undefined {
  const hint = (error as { hint?: unknown } | null)?.hint;
  return typeof hint === 'string' ? hint : undefined;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function hasTrue(error: unknown, property: string): boolean {
  return typeof error === 'object' && error !== null && (error as Record<string, unknown>)[property] === true;
}

/** A failure of the system rather than the record (5xx, reset, timeout, 429 that outlived the retries): worth trying again soon. */
export function isTransient(error: unknown): boolean {
  return isOutcomeUnknown(error) || hasTrue(error, 'retryable');
}
