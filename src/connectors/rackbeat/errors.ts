import type { PlatformError } from '../http/types.js';
import type { ApiErrorBody } from './types.js';

/**
 * Reads Rackbeat's error bodies (facts §6): Laravel's `{"errors": {"lines.0.item_id": ["Product
 * needed"]}}`, with or without `message`, and `{"message": "Unauthenticated."}`.
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
  return { message: message || undefined, details: errors, hint: hintFor(status, errors) };
}

function hintFor(status: number, errors: Record<string, string[]> | undefined): string | undefined {
  if (status === 401) return 'Rackbeat refused the API key: check rackbeat.apiKey (Rackbeat: Company settings → API).';
  const paths = Object.keys(errors ?? {});
  if (paths.some((path) => /^lines\.\d+\.item_id$/.test(path))) {
    return 'A product on this order is not in Rackbeat: create it or run iex-sync products.';
  }
  if (paths.includes('customer_id')) return 'The customer is not in Rackbeat (or was deleted there).';
  if (paths.includes('payment_terms_id')) return 'Check orders.rackbeat.paymentTermsNumber: Rackbeat has no such payment terms.';
  return undefined;
}

function isErrorMap(value: unknown): value is Record<string, string[]> {
  return typeof value === 'object' && value !== null && Object.values(value).every(Array.isArray);
}
