import { ExitCode, SyncError } from '../../domain/errors.js';
import type { SystemName } from '../systems.js';

/**
 * What went wrong, in the engine's terms (protocol step 10):
 * - auth: credentials refused (401) — systemic, exit 3;
 * - forbidden: 403 — systemic on a read (missing scope), the record's failure on a write;
 * - unreachable: connection refused, DNS, TLS — systemic, exit 3;
 * - not-found: 404;
 * - validation: 400/422 or a GraphQL userError — the record's failure;
 * - rate-limited: 429 or THROTTLED that outlived the retries;
 * - server: 5xx that outlived the retries — systemic when it persists;
 * - outcome-unknown: a create that may have happened (timeout, reset, no response, 5xx on POST);
 * - protocol: the answer was not what the API promises (non-JSON body, unexpected status).
 */
export type HttpErrorKind =
  | 'auth'
  | 'forbidden'
  | 'unreachable'
  | 'not-found'
  | 'validation'
  | 'rate-limited'
  | 'server'
  | 'outcome-unknown'
  | 'protocol';

/**
 * The parts of our request a platform refused, read from its validation answer by its connector,
 * so that flows can name what to fix without knowing any platform's error shapes.
 */
export interface RefusedParts {
  /** Indexes (from 0) of the request's lines whose product the system does not know. */
  unknownProductLines: readonly number[];
  /** Fields of our request type the system refused, by our names (`layoutNumber`, `paymentTermsNumber`). */
  fields: readonly string[];
}

export interface SyncHttpErrorInit {
  system: SystemName;
  kind: HttpErrorKind;
  /** HTTP method and path (query without secrets) of the failing call. */
  method: string;
  path: string;
  status?: number | undefined;
  /** The platform's own error code (e.g. e-conomic `E06000`, WooCommerce `rest_invalid_param`). */
  code?: string | undefined;
  /** The platform's own message, secrets redacted. */
  platformMessage?: string | undefined;
  /** Field-level details the platform gave (Laravel `errors`, e-conomic annotated errors, userErrors). */
  details?: unknown;
  /** What of our request the platform refused, in our terms, when its answer says. */
  refused?: RefusedParts | undefined;
  retryable: boolean;
  /** A person-readable way to fix it. */
  hint?: string | undefined;
  cause?: unknown;
}

/** The one error type every connector throws. Its message never carries a secret. */
export class SyncHttpError extends SyncError {
  readonly system: SystemName;
  readonly kind: HttpErrorKind;
  readonly method: string;
  readonly path: string;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly platformMessage: string | undefined;
  readonly details: unknown;
  readonly refused: RefusedParts | undefined;
  readonly retryable: boolean;

  constructor(init: SyncHttpErrorInit) {
    const where = `${init.method.toUpperCase()} ${init.path}`;
    const status = init.status === undefined ? '' : ` ${init.status}`;
    const code = init.code ? ` ${init.code}` : '';
    const text = init.platformMessage ? `: ${init.platformMessage}` : '';
    // One that ends a command came before or outside any record (the engine logs each record's own):
    // a 404 means a URL in the config points at no such API, anything else the system refusing it.
    const exitCode = init.kind === 'not-found' ? ExitCode.usage : ExitCode.systemRefused;
    super(`${init.system}${status}${code} on ${where}${text}`, { exitCode, hint: init.hint, cause: init.cause });
    this.system = init.system;
    this.kind = init.kind;
    this.method = init.method.toUpperCase();
    this.path = init.path;
    this.status = init.status;
    this.code = init.code;
    this.platformMessage = init.platformMessage;
    this.details = init.details;
    this.refused = init.refused;
    this.retryable = init.retryable;
  }

  /** A create that may or may not have happened: the engine must look it up, never repeat it. */
  get outcomeUnknown(): boolean {
    return this.kind === 'outcome-unknown';
  }

  /** Errors that stop the whole run rather than fail one record (protocol step 10). */
  get systemic(): boolean {
    if (this.kind === 'auth' || this.kind === 'unreachable' || this.kind === 'server') return true;
    return this.kind === 'forbidden' && this.method === 'GET';
  }
}

export function isSyncHttpError(error: unknown): error is SyncHttpError {
  return error instanceof SyncHttpError;
}
