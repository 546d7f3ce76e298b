/**
 * Laravel-style validation for the simulator's request bodies: every problem is collected under its
 * key path (`lines.0.item_id`) and answered together as 422 `{"errors": {...}}` (Rackbeat API docs,
 * "Errors").
 */
export class SimValidationError extends Error {
  constructor(readonly errors: Record<string, string[]>) {
    super(Object.values(errors).flat().join(' '));
    this.name = 'SimValidationError';
  }
}

export type Body = Record<string, unknown>;

export function asBody(value: unknown): Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Body) : {};
}

/** Collects field errors; `done()` throws them all at once. */
export class FieldErrors {
  private readonly errors: Record<string, string[]> = {};

  add(path: string, message: string): void {
    (this.errors[path] ??= []).push(message);
  }

  has(path: string): boolean {
    return path in this.errors;
  }

  done(): void {
    if (Object.keys(this.errors).length > 0) throw new SimValidationError(this.errors);
  }

  /** A required non-empty string (Laravel: "The name field is required."). */
  requiredString(body: Body, key: string, path = key): string {
    const value = body[key];
    if (typeof value === 'string' && value.trim() !== '') return value;
    if (typeof value === 'number') return String(value);
    this.add(path, `The ${label(path)} field is required.`);
    return '';
  }

  optionalString(body: Body, key: string, path = key): string | undefined {
    const value = body[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    this.add(path, `The ${label(path)} must be a string.`);
    return undefined;
  }

  requiredNumber(body: Body, key: string, path = key): number {
    const value = this.optionalNumber(body, key, path);
    if (value === undefined && !this.has(path)) this.add(path, `The ${label(path)} field is required.`);
    return value ?? 0;
  }

  optionalNumber(body: Body, key: string, path = key): number | undefined {
    const value = body[key];
    if (value === undefined || value === null || value === '') return undefined;
    const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
    if (Number.isFinite(number)) return number;
    this.add(path, `The ${label(path)} must be a number.`);
    return undefined;
  }

  optionalBoolean(body: Body, key: string, path = key): boolean | undefined {
    const value = body[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    if (value === 1 || value === '1' || value === 'true') return true;
    if (value === 0 || value === '0' || value === 'false') return false;
    this.add(path, `The ${label(path)} field must be true or false.`);
    return undefined;
  }
}

/** Laravel's attribute label: `lines.0.item_id` → `lines.0.item id`. */
function label(path: string): string {
  return path.replace(/_/g, ' ');
}
