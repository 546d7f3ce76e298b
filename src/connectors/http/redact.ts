/**
 * Removes secret values from text and from structured details before they reach an error, a log
 * line or a call record. A secret may appear raw or percent-encoded (in a query string).
 */
export const REDACTED = '***';

/** Secrets shorter than this are not redacted: replacing "1" everywhere would garble messages. */
const MIN_SECRET_LENGTH = 4;

export type Redactor = (text: string) => string;

export function createRedactor(secrets: readonly string[]): Redactor {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(new URLSearchParams({ s: secret }).toString().slice(2));
  }
  // Longest first, so a secret containing another is removed whole.
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  return (text) => ordered.reduce((out, form) => out.split(form).join(REDACTED), text);
}

/** Redacts every string inside a JSON-like value; returns a copy. Dates become ISO 8601 strings, as JSON writes them. */
export function redactValue(value: unknown, redact: Redactor): unknown {
  if (typeof value === 'string') return redact(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Array.isArray(value)) return value.map((item) => redactValue(item, redact));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [redact(key), redactValue(item, redact)]),
    );
  }
  return value;
}
