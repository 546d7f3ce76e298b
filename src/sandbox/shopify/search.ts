/**
 * The part of Shopify's search syntax (the `query:` argument) the simulator understands: terms
 * `field:value` and, on times, `field:>value`, `:>=`, `:<`, `:<=`, on the fields each connection
 * declares; terms joined by spaces or `AND`, alternatives by `OR` (AND binds tighter, as in
 * Shopify's search syntax); values may be quoted. As on Shopify, a term it cannot use is ignored
 * and reported as a search warning in `extensions.search` rather than failing the query.
 */
export type SearchField<T> =
  | { kind: 'time'; value: (record: T) => number }
  | { kind: 'text'; matches: (record: T, wanted: string) => boolean };

export type SearchFields<T> = Readonly<Record<string, SearchField<T>>>;

export interface SearchWarning {
  field: string;
  message: string;
  code: string;
}

export interface ParsedSearch<T> {
  matches: (record: T) => boolean;
  warnings: SearchWarning[];
}

type Comparator = ':' | ':>' | ':>=' | ':<' | ':<=';
type Predicate<T> = (record: T) => boolean;
const TERM = /^([a-z_]+)(:>=|:<=|:>|:<|:)(.*)$/;

export function parseSearch<T>(query: string | null | undefined, fields: SearchFields<T>): ParsedSearch<T> {
  const alternatives: Predicate<T>[][] = [[]];
  const warnings: SearchWarning[] = [];
  for (const token of tokenize(query ?? '')) {
    if (token === 'AND') continue;
    if (token === 'OR') {
      alternatives.push([]);
      continue;
    }
    const predicate = parseTerm(token, fields, warnings);
    if (predicate) alternatives[alternatives.length - 1]?.push(predicate);
  }
  return { matches: (record) => alternatives.some((all) => all.every((test) => test(record))), warnings };
}

function parseTerm<T>(token: string, fields: SearchFields<T>, warnings: SearchWarning[]): Predicate<T> | undefined {
  const match = TERM.exec(token);
  if (!match) {
    warnings.push({ field: 'default', message: 'Free-text search is not supported by the simulator.', code: 'unsupported' });
    return undefined;
  }
  const [, name = '', comparator = ':', rawValue = ''] = match;
  const value = unquote(rawValue);
  const field = fields[name];
  if (!field) {
    warnings.push({ field: name, message: 'Invalid search field for this query.', code: 'invalid_field' });
    return undefined;
  }
  if (field.kind === 'text') return (record) => field.matches(record, value);
  const at = Date.parse(value);
  if (Number.isNaN(at)) {
    warnings.push({ field: name, message: `Invalid timestamp for query filter \`${name}\`.`, code: 'invalid_value' });
    return undefined;
  }
  return (record) => compare(field.value(record), comparator as Comparator, at);
}

function compare(actual: number, comparator: Comparator, wanted: number): boolean {
  switch (comparator) {
    case ':>':
      return actual > wanted;
    case ':>=':
      return actual >= wanted;
    case ':<':
      return actual < wanted;
    case ':<=':
      return actual <= wanted;
    case ':':
      return actual === wanted;
  }
}

/** Splits on spaces outside quotes (a backslash escapes a quote inside them). */
function tokenize(query: string): string[] {
  return query.match(/(?:[^\s'"]+|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")+/g) ?? [];
}

/** `'GIFT/BOX 01'` or `"MUG#BLK"` → the text inside; a backslash escapes the next character. */
function unquote(value: string): string {
  const quoted = /^(['"])(.*)\1$/.exec(value);
  return quoted ? (quoted[2] ?? '').replace(/\\(.)/g, '$1') : value;
}
