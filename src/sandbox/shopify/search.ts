/**
 * The part of Shopify's search syntax (`query:` argument) the simulator understands for orders:
 * `updated_at`, `created_at`, `processed_at` with `:`, `:>`, `:>=`, `:<`, `:<=` and a timestamp,
 * and `name` (`name:1042` or `name:#1042`). Terms are joined by spaces or `AND`; values may be
 * quoted. As on Shopify, a term it cannot use is ignored and reported as a search warning in
 * `extensions.search` rather than failing the query.
 */
export interface OrderSearchable {
  /** The number in the order's name (`#1042` → 1042). */
  number: number;
  createdAt: number;
  updatedAt: number;
  processedAt: number;
}

export interface SearchWarning {
  field: string;
  message: string;
  code: string;
}

export interface ParsedSearch {
  matches: (order: OrderSearchable) => boolean;
  warnings: SearchWarning[];
}

type Comparator = ':' | ':>' | ':>=' | ':<' | ':<=';
const TERM = /^([a-z_]+)(:>=|:<=|:>|:<|:)(.*)$/;
const TIME_FIELDS = { updated_at: 'updatedAt', created_at: 'createdAt', processed_at: 'processedAt' } as const;

export function parseOrderSearch(query: string | null | undefined): ParsedSearch {
  const predicates: Array<(order: OrderSearchable) => boolean> = [];
  const warnings: SearchWarning[] = [];
  for (const token of tokenize(query ?? '')) {
    if (token === 'AND') continue;
    const match = TERM.exec(token);
    if (!match) {
      warnings.push({ field: 'default', message: 'Free-text search is not supported by the simulator.', code: 'unsupported' });
      continue;
    }
    const [, field = '', comparator = ':', rawValue = ''] = match;
    const value = unquote(rawValue);
    if (field === 'name') {
      const wanted = value.replace(/^#/, '');
      predicates.push((order) => String(order.number) === wanted);
    } else if (field in TIME_FIELDS) {
      const at = Date.parse(value);
      if (Number.isNaN(at)) {
        warnings.push({ field, message: `Invalid timestamp for query filter \`${field}\`.`, code: 'invalid_value' });
        continue;
      }
      const key = TIME_FIELDS[field as keyof typeof TIME_FIELDS];
      predicates.push((order) => compare(order[key], comparator as Comparator, at));
    } else {
      warnings.push({ field, message: 'Invalid search field for this query.', code: 'invalid_field' });
    }
  }
  return { matches: (order) => predicates.every((test) => test(order)), warnings };
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

/** Splits on spaces outside quotes. */
function tokenize(query: string): string[] {
  return query.match(/(?:[^\s'"]+|'[^']*'|"[^"]*")+/g) ?? [];
}

function unquote(value: string): string {
  return value.replace(/^(['"])(.*)\1$/, '$2');
}
