import { ERROR_CODES, type AnnotatedError } from './errors.js';

/**
 * Field rules of e-conomic's request bodies, taken from its POST/PUT schemas (required, type,
 * lengths, minimum/maximum, pattern, maxDecimal), and the annotated-error copy the API answers with
 * (e-conomic REST docs, "Annotated errors"): `{prop: {errors: [...]}}`, arrays as
 * `[{arrayIndex, ...}]`. Unknown properties are ignored (as observed on a trial agreement), explicit
 * `null` is refused (e-conomic REST docs, "Implementation specifics", Nulling).
 */
export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';

export interface FieldRule {
  /** Dotted path; `[]` walks every element of an array, e.g. `lines[].product.productNumber`. */
  path: string;
  type: FieldType;
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  /** Unanchored, as in the schemas (`\d{4}-\d{2}-\d{2}`). */
  pattern?: RegExp;
  maxDecimals?: number;
  enum?: readonly string[];
}

export type PathSegment = string | number;

/** Collects annotated errors in the shape e-conomic answers with. */
export class AnnotatedErrors {
  readonly tree: Record<string, unknown> = {};
  private count = 0;

  get empty(): boolean {
    return this.count === 0;
  }

  add(path: readonly PathSegment[], error: AnnotatedError): void {
    this.count += 1;
    let node: Record<string, unknown> = this.tree;
    path.forEach((segment, position) => {
      const next = path[position + 1];
      if (typeof segment === 'number') return;
      if (typeof next === 'number') {
        const list = (node[segment] ??= []) as Array<Record<string, unknown>>;
        let item = list.find((entry) => entry.arrayIndex === next);
        if (!item) {
          list.push((item = { arrayIndex: next }));
          list.sort((a, b) => (a.arrayIndex as number) - (b.arrayIndex as number));
        }
        node = item;
        return;
      }
      node = (node[segment] ??= {}) as Record<string, unknown>;
    });
    const holder = node as { errors?: AnnotatedError[] };
    (holder.errors ??= []).push(error);
  }
}

/** Every value at a rule's path, with its concrete path (array indexes filled in). */
function valuesAt(body: unknown, path: string): Array<{ path: PathSegment[]; value: unknown; parentExists: boolean }> {
  let current: Array<{ path: PathSegment[]; value: unknown; parentExists: boolean }> = [
    { path: [], value: body, parentExists: true },
  ];
  for (const part of path.split('.')) {
    const isArray = part.endsWith('[]');
    const key = isArray ? part.slice(0, -2) : part;
    const next: typeof current = [];
    for (const entry of current) {
      const container = entry.value;
      const exists = typeof container === 'object' && container !== null && !Array.isArray(container);
      const value = exists ? (container as Record<string, unknown>)[key] : undefined;
      if (isArray && Array.isArray(value)) {
        value.forEach((item, index) => next.push({ path: [...entry.path, key, index], value: item, parentExists: true }));
      } else {
        next.push({ path: [...entry.path, key], value, parentExists: exists });
      }
    }
    current = next;
  }
  return current;
}

export function checkRules(body: unknown, rules: readonly FieldRule[], errors: AnnotatedErrors): void {
  for (const rule of rules) {
    for (const { path, value, parentExists } of valuesAt(body, rule.path)) {
      const problem = checkValue(rule, value, parentExists);
      if (problem) errors.add(path, problem);
    }
  }
}

function checkValue(rule: FieldRule, value: unknown, parentExists: boolean): AnnotatedError | undefined {
  const name = rule.path.split('.').pop()?.replace('[]', '') ?? rule.path;
  if (value === null) return invalid(`Expected ${rule.type} but got Null.`, value);
  if (value === undefined) {
    return rule.required && parentExists
      ? { errorCode: ERROR_CODES.required, message: `${name} is required.` }
      : undefined;
  }
  if (!hasType(value, rule.type)) return invalid(`Expected ${rule.type} but got ${describeType(value)}.`, value);
  if (typeof value === 'string') {
    if (rule.minLength !== undefined && value.length < rule.minLength) return invalid(`${name} must be at least ${rule.minLength} characters.`, value);
    if (rule.maxLength !== undefined && value.length > rule.maxLength) return invalid(`${name} cannot be longer than ${rule.maxLength} characters.`, value);
    if (rule.pattern && !rule.pattern.test(value)) return invalid(`${name} does not match the required format.`, value);
    if (rule.enum && !rule.enum.includes(value)) return invalid(`${name} must be one of ${rule.enum.join(', ')}.`, value);
  }
  if (typeof value === 'number') {
    if (rule.minimum !== undefined && value < rule.minimum) return invalid(`${name} must be at least ${rule.minimum}.`, value);
    if (rule.maximum !== undefined && value > rule.maximum) return invalid(`${name} must be at most ${rule.maximum}.`, value);
    if (rule.maxDecimals !== undefined && decimals(value) > rule.maxDecimals) {
      return {
        errorCode: ERROR_CODES.tooManyDecimals,
        message: `${name} scale cannot be greater then ${rule.maxDecimals === 2 ? 'two' : rule.maxDecimals} decimal places.`,
        value,
      };
    }
  }
  return undefined;
}

function invalid(message: string, value: unknown): AnnotatedError {
  return { errorCode: ERROR_CODES.invalid, message, value };
}

function hasType(value: unknown, type: FieldType): boolean {
  switch (type) {
    case 'integer':
      return Number.isInteger(value);
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      return typeof value === type;
  }
}

function describeType(value: unknown): string {
  return Array.isArray(value) ? 'Array' : typeof value;
}

/** Decimal places of a JSON number as written (12.5 → 1, 1e-7 → 7). */
function decimals(value: number): number {
  const [mantissa = '', exponent] = value.toString().split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent ?? 0));
}
