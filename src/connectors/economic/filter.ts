/**
 * e-conomic's `filter` query syntax (e-conomic REST docs, "Filtering"): `<field><op><value>`,
 * chained with `$and:` / `$or:`. Values are escaped so that text from a shop (an e-mail with `$`,
 * `(`, `,`…) is compared literally: `$`→`$$`, `(`→`$(`, `)`→`$)`, `*`→`$*`, `,`→`$,`. `[`/`]` are
 * left alone: their published escapes `$[`/`$]` are not honoured by the server (as observed on a
 * trial agreement), and brackets only mean something inside an `$in:` list. `:` needs no escape:
 * only the operator tokens (`$eq:`, `$and:`…) are special, and their `$` is escaped.
 */
export type FilterOperator = '$eq:' | '$ne:' | '$gt:' | '$gte:' | '$lt:' | '$lte:' | '$like:';
export type FilterValue = string | number | boolean | null;

const ESCAPED = /[$()*,]/g;

export function escapeFilterValue(value: string): string {
  return value.replace(ESCAPED, (char) => `$${char}`);
}

/** One exact condition, e.g. `filterCondition('references.other', '$eq:', 'rackbeat:5512')`. */
export function filterCondition(field: string, operator: FilterOperator, value: FilterValue): string {
  return `${field}${operator}${formatValue(value)}`;
}

/** `$null:` is e-conomic's null value; booleans and numbers are written as they are. */
function formatValue(value: FilterValue): string {
  if (value === null) return '$null:';
  if (typeof value === 'string') return escapeFilterValue(value);
  return String(value);
}
