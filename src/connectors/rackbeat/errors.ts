import type { RefusedParts } from '../http/errors.js';
import type { PlatformError } from '../http/types.js';
import type { ApiErrorBody } from './types.js';

/** Rackbeat's names of the fields it refuses → ours (NewRackbeatOrder, NewRackbeatCustomer, NewRackbeatProduct). */
const FIELD_NAMES: Readonly<Record<string, string>> = {
  customer_id: 'customerNumber',
  payment_terms_id: 'paymentTermsNumber',
  unit_id: 'unitNumber',
};

/**
 * Reads Rackbeat's error bodies: Laravel's `{"errors": {"lines.0.item_id": ["Product needed"]}}`
 * (Rackbeat API docs, "Errors"), with or without `message`, and `{"message": "Unauthenticated."}`.
 */
export function parseRackbeatError(status: number, body: unknown): PlatformError {
  const record: ApiErrorBody = typeof body === 'object' && body !== null ? (body as ApiErrorBody) : {};
  const errors = isErrorMap(record.errors) ? record.errors : undefined;
  const fieldText = errors
    ? Object.entries(errors)
        .map(([path, messages]) => `${path}: ${messages.join(' ')}`)
        .join('; ')
    : undefined;
  const message = [record.message, fieldText].filter(Boolean).join(' ') || (typeof body === 'string' ? body.slice(0, 200) : undefined);
  const refused = errors && refusedParts(Object.keys(errors));
  return { message: message || undefined, details: errors, refused, hint: hintFor(status, refused) };
}

/** The refused lines and fields named by the error paths (`lines.0.item_id`, `customer_id`). */
function refusedParts(paths: string[]): RefusedParts {
  const unknownProductLines = paths.flatMap((path) => {
    const match = /^lines\.(\d+)\.item_id$/.exec(path);
    return match ? [Number(match[1])] : [];
  });
  const fields = paths.map((path) => FIELD_NAMES[path]).filter((name): name is string => name !== undefined);
  return { unknownProductLines, fields };
}

function hintFor(status: number, refused: RefusedParts | undefined): string | undefined {
  if (status === 401) return 'Rackbeat refused the API key: check rackbeat.apiKey (Rackbeat: Company settings → API).';
  if (refused?.unknownProductLines.length) return 'A product on this order is not in Rackbeat: create it or run iex-sync products.';
  if (refused?.fields.includes('customerNumber')) return 'The customer is not in Rackbeat (or was deleted there).';
  if (refused?.fields.includes('paymentTermsNumber')) return 'Check orders.rackbeat.paymentTermsNumber: Rackbeat has no such payment terms.';
  return undefined;
}

function isErrorMap(value: unknown): value is Record<string, string[]> {
  return typeof value === 'object' && value !== null && Object.values(value).every(Array.isArray);
}
