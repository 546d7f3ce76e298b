import type { SimResponse } from '../harness/types.js';

/**
 * e-conomic's legacy error envelope (economic.md §6): `message`, `developerHint`, `logId`,
 * `logTime`, `httpStatusCode`, and either a top-level `errorCode` or `errors`.
 */
export const ERROR_CODES = {
  /** A referenced resource does not exist; also 404 on a missing resource (DOCS19, PROBE). */
  notFound: 'E06000',
  /** More than 2 decimals on a price or quantity (DOCS19). */
  tooManyDecimals: 'E04740',
  /** A reference with neither a number nor a self link (DOCS19). */
  referenceWithoutId: 'E04500',
  /** A line with quantity or price but no product (DOCS19). */
  quantityWithoutProduct: 'E04730',
  /** dueDate missing for payment terms of type dueDate (PROBE). */
  dueDateMissing: 'E04042',
  // UNCONFIRMED: no source gives e-conomic's codes for these; obviously-simulated placeholders.
  required: 'SIM-REQUIRED',
  invalid: 'SIM-INVALID',
  duplicate: 'SIM-DUPLICATE',
  unauthorized: 'SIM-UNAUTHORIZED',
  rateLimited: 'SIM-RATE-LIMITED',
} as const;

export interface AnnotatedError {
  errorCode: string;
  message: string;
  value?: unknown;
}

let logCounter = 0;

/** A log id per error, like `logId` in real bodies (quoted to support). */
function envelope(status: number, fields: Record<string, unknown>): SimResponse {
  logCounter += 1;
  return {
    status,
    body: {
      ...fields,
      logId: `sim-${logCounter.toString(16).padStart(8, '0')}`,
      logTime: new Date().toISOString().slice(0, 19),
      httpStatusCode: status,
    },
  };
}

export function errorResponse(status: number, errorCode: string, message: string, developerHint: string): SimResponse {
  return envelope(status, { message, errorCode, developerHint });
}

export function notFoundResponse(what: string): SimResponse {
  return errorResponse(404, ERROR_CODES.notFound, `${what} not found.`, 'Check the number in the URL.');
}

/** `errors` is an annotated copy of the request holding only the failing properties. */
export function validationResponse(errors: Record<string, unknown>): SimResponse {
  return envelope(400, {
    message: 'Validation error.',
    developerHint: 'Inspect validation errors and correct your request.',
    errors,
  });
}

/** Filter errors carry a string list and the fields that may be filtered (FORUM, PROBE). */
export function filterErrorResponse(problem: string, allowedFilteringFields: readonly string[]): SimResponse {
  return envelope(400, {
    message: 'Could not parse query string filter.',
    developerHint: 'Check the filter syntax and that every property may be filtered.',
    errors: [problem],
    allowedFilteringFields,
  });
}
