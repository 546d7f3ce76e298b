import type { SimResponse } from '../harness/types.js';

/**
 * e-conomic's legacy error envelope (e-conomic REST docs, "Annotated errors"): `message`,
 * `developerHint`, `logId`, `logTime`, `httpStatusCode`, and either a top-level `errorCode` or
 * `errors`.
 */
export const ERROR_CODES = {
  /**
   * A referenced resource does not exist; also 404 on a missing resource (e-conomic REST docs,
   * "Annotated errors"; the 404 as observed on a trial agreement).
   */
  notFound: 'E06000',
  /** More than 2 decimals on a price or quantity (e-conomic REST docs, "Annotated errors"). */
  tooManyDecimals: 'E04740',
  /** A reference with neither a number nor a self link (e-conomic REST docs, "Annotated errors"). */
  referenceWithoutId: 'E04500',
  /** A line with quantity or price but no product (e-conomic REST docs, "Annotated errors"). */
  quantityWithoutProduct: 'E04730',
  /** dueDate missing for payment terms of type dueDate (as observed on a trial agreement). */
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

/**
 * Filter errors carry a string list and the fields that may be filtered (as an answer on
 * e-conomic's API forum shows).
 */
export function filterErrorResponse(problem: string, allowedFilteringFields: readonly string[]): SimResponse {
  return envelope(400, {
    message: 'Could not parse query string filter.',
    developerHint: 'Check the filter syntax and that every property may be filtered.',
    errors: [problem],
    allowedFilteringFields,
  });
}
