import { SYSTEM_LABELS, type SystemName } from '../systems.js';
import { isSyncHttpError, SyncHttpError } from './errors.js';
import type { HttpClient, HttpRequest } from './types.js';

/**
 * The first call of a run to each system (its `/self`, the site index) also checks the base URL from
 * the config, before any record is touched. A 404 there means the URL points at no such API (a
 * config error, exit 2); an answer that is not the API's JSON (an HTML page, empty, `null`) is a
 * protocol error (exit 3). Both say which config key to check and what it should look like.
 */
export interface BaseUrlCheck {
  /** The config key of the URL, e.g. `rackbeat.url`. */
  urlKey: string;
  /** What the URL should be, e.g. `the API root, https://app.rackbeat.com/api`. */
  expected: string;
}

export interface FirstCallCheck<T> extends BaseUrlCheck {
  /** The answer when it has the shape the API promises, else undefined. */
  read(data: unknown): T | undefined;
  /** What a right answer is, for the message: `an account (user_account)`. */
  what: string;
}

/** Sends the first call and reads its answer, explaining a wrong base URL (see above). */
export async function firstCall<T>(http: HttpClient, request: HttpRequest, check: FirstCallCheck<T>): Promise<T> {
  const response = await http.request(request).catch((error: unknown) => {
    throw explainFirstCallError(error, check);
  });
  const value = check.read(response.data);
  if (value === undefined) throw unexpectedFirstAnswer(http.system, request, response.status, check);
  return value;
}

/** A 404 or a protocol error of a first call, with a hint naming the URL's config key; other errors as they are. */
export function explainFirstCallError(error: unknown, check: BaseUrlCheck): unknown {
  if (!isSyncHttpError(error)) return error;
  const label = SYSTEM_LABELS[error.system];
  if (error.kind === 'not-found') return withHint(error, `${check.urlKey} points at no ${label} API (it answered 404): it should be ${check.expected}.`);
  if (error.kind === 'protocol') return withHint(error, protocolHint(error.system, check));
  return error;
}

/** The protocol error for a first answer with status 2xx but not the identity the API sends. */
export function unexpectedFirstAnswer(
  system: SystemName,
  request: Pick<HttpRequest, 'method' | 'path'>,
  status: number,
  check: BaseUrlCheck & { what: string },
): SyncHttpError {
  return new SyncHttpError({
    system,
    kind: 'protocol',
    method: request.method,
    path: request.path,
    status,
    retryable: false,
    platformMessage: `the answer is not ${check.what}`,
    hint: protocolHint(system, check),
  });
}

function protocolHint(system: SystemName, check: BaseUrlCheck): string {
  return `${SYSTEM_LABELS[system]} did not answer as its API does: check ${check.urlKey}; it should be ${check.expected}.`;
}

function withHint(error: SyncHttpError, hint: string): SyncHttpError {
  return new SyncHttpError({
    system: error.system,
    kind: error.kind,
    method: error.method,
    path: error.path,
    status: error.status,
    code: error.code,
    platformMessage: error.platformMessage,
    details: error.details,
    refused: error.refused,
    retryable: error.retryable,
    hint,
    cause: error,
  });
}
