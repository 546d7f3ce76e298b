/**
 * The server side of e-conomic's `filter` parameter (e-conomic REST docs, "Filtering"): conditions
 * `<field><op><value>`, chained with `$and:` / `$or:` (`$and:` binds tighter), grouped with
 * parentheses. Escapes in values: `$$ $( $) $* $,` (`$[`/`$]` are published but not honoured, as
 * observed on a trial agreement, so they stay literal unless `bracketEscapes` is set). `$null:` is
 * null. String comparison is case-insensitive; `$like:` takes `*` wildcards and means "contains"
 * without one; `$in:`/`$nin:` take `[1,2]`, numeric only, at most 200 values. An unescaped `$`, `(`
 * or `,` inside a value is a parse error, as it would be on the server.
 */
export type Predicate = (record: Record<string, unknown>) => boolean;

export class FilterError extends Error {}

const OPERATORS = ['$eq:', '$ne:', '$gte:', '$gt:', '$lte:', '$lt:', '$like:', '$in:', '$nin:'] as const;
type Operator = (typeof OPERATORS)[number];
const MAX_IN_VALUES = 200;

export interface FilterOptions {
  bracketEscapes?: boolean;
}

interface Condition {
  field: string;
  operator: Operator;
  value: string | null | number[];
}

export function parseFilter(text: string, allowedFields: readonly string[], options: FilterOptions = {}): Predicate {
  const parser = new Parser(text, allowedFields, options);
  const predicate = parser.expression();
  if (!parser.atEnd()) throw new FilterError(`Unexpected text at position ${parser.position}.`);
  return predicate;
}

class Parser {
  position = 0;

  constructor(
    private readonly text: string,
    private readonly allowedFields: readonly string[],
    private readonly options: FilterOptions,
  ) {}

  atEnd(): boolean {
    return this.position >= this.text.length;
  }

  /** or-chain of and-chains. */
  expression(): Predicate {
    const alternatives = [this.conjunction()];
    while (this.accept('$or:')) alternatives.push(this.conjunction());
    return alternatives.length === 1 ? (alternatives[0] as Predicate) : (record) => alternatives.some((p) => p(record));
  }

  private conjunction(): Predicate {
    const parts = [this.term()];
    while (this.accept('$and:')) parts.push(this.term());
    return parts.length === 1 ? (parts[0] as Predicate) : (record) => parts.every((p) => p(record));
  }

  private term(): Predicate {
    if (this.accept('(')) {
      const inner = this.expression();
      if (!this.accept(')')) throw new FilterError('Missing closing parenthesis.');
      return inner;
    }
    return toPredicate(this.condition());
  }

  private condition(): Condition {
    const fieldMatch = /^[A-Za-z][A-Za-z0-9.]*/.exec(this.text.slice(this.position));
    if (!fieldMatch) throw new FilterError(`Expected a property name at position ${this.position}.`);
    const field = fieldMatch[0];
    this.position += field.length;
    if (!this.allowedFields.includes(field)) throw new FilterError(`Filtering is not allowed on property '${field}'.`);
    const operator = OPERATORS.find((candidate) => this.text.startsWith(candidate, this.position));
    if (!operator) throw new FilterError(`Unknown operator after '${field}'.`);
    this.position += operator.length;
    if (operator === '$in:' || operator === '$nin:') return { field, operator, value: this.numberList() };
    if (this.accept('$null:')) return { field, operator, value: null };
    return { field, operator, value: this.value() };
  }

  private numberList(): number[] {
    const match = /^\[([^\]]*)\]/.exec(this.text.slice(this.position));
    if (!match) throw new FilterError('$in: and $nin: take a list like [1,2,3].');
    this.position += match[0].length;
    const values = (match[1] ?? '').split(',').map((item) => item.trim());
    if (values.some((item) => !/^-?\d+(\.\d+)?$/.test(item))) throw new FilterError('$in: and $nin: only take numbers.');
    if (values.length > MAX_IN_VALUES) throw new FilterError(`$in: and $nin: take at most ${MAX_IN_VALUES} values.`);
    return values.map(Number);
  }

  /** Reads up to the next unescaped `$and:`, `$or:` or `)`; `*` wildcards are kept as `\u0000`. */
  private value(): string {
    let value = '';
    while (!this.atEnd()) {
      const rest = this.text.slice(this.position);
      if (rest.startsWith('$and:') || rest.startsWith('$or:') || rest.startsWith(')')) break;
      const char = rest[0] as string;
      if (char === '$') {
        const escaped = rest[1];
        const honoured = escaped !== undefined && ('$()*,'.includes(escaped) || (this.options.bracketEscapes === true && '[]'.includes(escaped)));
        if (!honoured) throw new FilterError(`Unescaped '$' in a value at position ${this.position}.`);
        value += escaped;
        this.position += 2;
        continue;
      }
      if (char === '(' || char === ',') throw new FilterError(`Unescaped '${char}' in a value at position ${this.position}.`);
      value += char === '*' ? '\u0000' : char;
      this.position += 1;
    }
    return value;
  }

  private accept(token: string): boolean {
    if (!this.text.startsWith(token, this.position)) return false;
    this.position += token.length;
    return true;
  }
}

function fieldValue(record: Record<string, unknown>, field: string): unknown {
  let current: unknown = record;
  for (const key of field.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function toPredicate(condition: Condition): Predicate {
  const { field, operator, value } = condition;
  return (record) => {
    const actual = fieldValue(record, field);
    if (Array.isArray(value)) {
      const inList = typeof actual === 'number' && value.includes(actual);
      return operator === '$in:' ? inList : !inList;
    }
    if (value === null) return operator === '$ne:' ? actual !== undefined : actual === undefined;
    if (actual === undefined || actual === null) return operator === '$ne:';
    if (operator === '$like:') return likeMatches(String(actual), value);
    const literal = value.replaceAll('\u0000', '*');
    const order = compare(actual, literal);
    switch (operator) {
      case '$eq:':
        return order === 0;
      case '$ne:':
        return order !== 0;
      case '$gt:':
        return order > 0;
      case '$gte:':
        return order >= 0;
      case '$lt:':
        return order < 0;
      default:
        return order <= 0;
    }
  };
}

/** Numbers compare as numbers, booleans by their text, everything else case-insensitively. */
function compare(actual: unknown, literal: string): number {
  if (typeof actual === 'number') {
    const expected = Number(literal);
    return Number.isNaN(expected) ? NaN : actual - expected;
  }
  const left = String(actual).toLowerCase();
  const right = literal.toLowerCase();
  return left === right ? 0 : left < right ? -1 : 1;
}

function likeMatches(actual: string, pattern: string): boolean {
  if (!pattern.includes('\u0000')) return actual.toLowerCase().includes(pattern.toLowerCase());
  const source = pattern
    .split('\u0000')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'i').test(actual);
}
