import type { RefusedParts } from '../http/errors.js';
import type { PlatformError } from '../http/types.js';

/** e-conomic's names of the body fields it refuses → ours (SalesDocumentInput, NewEconomicCustomer, EconomicProductInput). */
const FIELD_NAMES: Readonly<Record<string, string>> = {
  customer: 'customerNumber',
  layout: 'layoutNumber',
  paymentTerms: 'paymentTermsNumber',
  customerGroup: 'customerGroupNumber',
  unit: 'unitNumber',
  sendBy: 'sendBy',
};

/**
 * Reads e-conomic's legacy error envelope (e-conomic REST docs, "Annotated errors"): `message`,
 * `developerHint`, `errorCode` (404 and other non-validation errors), `errors` (an annotated copy
 * of the request for validation errors, or a string list for filter errors) and `logId` to quote
 * to support.
 */
interface LegacyErrorBody {
  message?: unknown;
  developerHint?: unknown;
  errorCode?: unknown;
  errors?: unknown;
  logId?: unknown;
}

export function parseEconomicError(_status: number, body: unknown, headers: Record<string, string> = {}): PlatformError {
  const error = readEnvelope(body);
  // An answer replayed for a resent Idempotency-Key (e-conomic TechTalk, "Idempotency tokens in
  // e-conomic APIs"): it is about the first request, up to an hour ago, not about now.
  if (headers['x-resultfromcache']?.toLowerCase() !== 'true') return error;
  return {
    ...error,
    message: `${error.message ?? 'Error'} (e-conomic replayed this answer from its idempotency cache)`,
    hint: [
      'e-conomic answered a request with the same Idempotency-Key from up to an hour ago; what it said may no longer hold: a new attempt needs a new key',
      error.hint,
    ]
      .filter(Boolean)
      .join('; '),
  };
}

function readEnvelope(body: unknown): PlatformError {
  if (typeof body !== 'object' || body === null) return {};
  const envelope = body as LegacyErrorBody;
  const code = typeof envelope.errorCode === 'string' ? envelope.errorCode : firstNestedCode(envelope.errors);
  const hint = [text(envelope.developerHint), text(envelope.logId) && `logId ${text(envelope.logId)}`]
    .filter(Boolean)
    .join('; ');
  return {
    code,
    message: describe(text(envelope.message), envelope.errors),
    details: envelope.errors,
    refused: refusedParts(envelope.errors),
    hint: hint || undefined,
  };
}

/**
 * The refused lines and fields of an annotated copy of our request: `{"layout": {"errors": [...]}}`
 * names a field, `{"lines": [{"arrayIndex": 0, "product": {"errors": [...]}}]}` a line's product.
 */
function refusedParts(errors: unknown): RefusedParts | undefined {
  if (typeof errors !== 'object' || errors === null || Array.isArray(errors)) return undefined;
  const fields = Object.keys(errors).map((name) => FIELD_NAMES[name]).filter((name): name is string => name !== undefined);
  const lines = (errors as { lines?: unknown }).lines;
  const unknownProductLines = (Array.isArray(lines) ? (lines as Array<{ arrayIndex?: unknown; product?: unknown } | null>) : []).flatMap((line) =>
    typeof line?.arrayIndex === 'number' && line.product !== undefined ? [line.arrayIndex] : [],
  );
  return { unknownProductLines, fields };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** "Validation error.: recipient.name: Property is required." so a log line says what failed. */
function describe(message: string | undefined, errors: unknown): string | undefined {
  const problems = collectProblems(errors, '');
  if (problems.length === 0) return message;
  return `${message ?? 'Error'} ${problems.slice(0, 5).join('; ')}`;
}

interface AnnotatedError {
  errorCode?: string;
  message?: string;
}

/** Walks the annotated copy: `{prop: {errors: [...]}}`, arrays of `{arrayIndex, ...}`, or strings. */
function collectProblems(node: unknown, path: string): string[] {
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) {
    return node.flatMap((item: unknown) => {
      const index = (item as { arrayIndex?: unknown } | null)?.arrayIndex;
      return collectProblems(item, typeof index === 'number' ? `${path}[${index}]` : path);
    });
  }
  if (typeof node !== 'object' || node === null) return [];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'arrayIndex') continue;
    if (key === 'errors' && Array.isArray(value)) {
      for (const error of value as AnnotatedError[]) problems.push(`${path || 'body'}: ${error.message ?? error.errorCode ?? 'invalid'}`);
    } else {
      problems.push(...collectProblems(value, path ? `${path}.${key}` : key));
    }
  }
  return problems;
}

function firstNestedCode(errors: unknown): string | undefined {
  if (Array.isArray(errors)) {
    for (const item of errors) {
      const code = firstNestedCode(item);
      if (code) return code;
    }
    return undefined;
  }
  if (typeof errors !== 'object' || errors === null) return undefined;
  for (const [key, value] of Object.entries(errors)) {
    if (key === 'errors' && Array.isArray(value)) {
      const code = (value as AnnotatedError[]).find((error) => error.errorCode)?.errorCode;
      if (code) return code;
    } else {
      const code = firstNestedCode(value);
      if (code) return code;
    }
  }
  return undefined;
}
