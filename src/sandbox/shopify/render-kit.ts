import { GraphQLError } from 'graphql';
import { formatMinor, type Minor } from '../../domain/money.js';

/**
 * What every resolver file shares: Relay connections with Shopify's keyset cursors, global ids,
 * money and times as Shopify writes them, and the BAD_REQUEST error.
 */
/** [C] connections return at most 250 per page (Shopify API docs, API limits). */
export const MAX_PAGE_SIZE = 250;

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

/** Shopify writes decimals without trailing zeros beyond one (`"25.98"`, `"199.0"`, `"0.0"`). */
export function decimal(amount: Minor): string {
  return formatMinor(amount).replace(/(\.\d)0$/, '$1');
}

export function moneyV2(amount: Minor, currencyCode: string) {
  return { amount: decimal(amount), currencyCode };
}

export function moneyBag(amount: Minor, currencyCode: string) {
  const money = moneyV2(amount, currencyCode);
  return { shopMoney: money, presentmentMoney: money };
}

export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function gidNumber(gid: string, type: string): number {
  const match = new RegExp(`^gid://shopify/${type}/(\\d+)$`).exec(gid);
  if (!match) throw new GraphQLError(`Invalid global id '${gid}'`, { extensions: { code: 'argumentLiteralsIncompatible' } });
  return Number(match[1]);
}

/** Relay paging with keyset cursors, as Shopify's cursors carry the last sort value and id. */
export function connection<T, R>(
  items: readonly T[],
  args: ConnectionArgs,
  field: string,
  key: (item: T) => [number, number],
  render: (item: T) => R,
) {
  const { first, last } = args;
  if (first == null && last == null) throw badRequest('you must provide one of first or last');
  if (first != null && last != null) throw badRequest('providing both first and last is not supported');
  const size = (first ?? last) as number;
  // [U] exact wording of Shopify's page-size refusal; the limit of 250 is confirmed.
  if (size < 0 || size > MAX_PAGE_SIZE) {
    throw badRequest(`Argument '${first != null ? 'first' : 'last'}' on Field '${field}' has an invalid value (${size}). Expected a page size from 0 to ${MAX_PAGE_SIZE}.`);
  }
  const direction = args.reverse ? -1 : 1;
  const compare = (a: [number, number], b: [number, number]) => direction * (a[0] - b[0] || a[1] - b[1]);
  const after = args.after ? decodeCursor(args.after) : undefined;
  const before = args.before ? decodeCursor(args.before) : undefined;
  // Cut at the cursors first, then sort what is left: paging deep into 5,000 orders stays cheap.
  const window = items
    .map((item) => ({ item, key: key(item) }))
    .filter((entry) => (!after || compare(entry.key, after) > 0) && (!before || compare(entry.key, before) < 0))
    .sort((a, b) => compare(a.key, b.key));
  const page = first != null ? window.slice(0, size) : window.slice(Math.max(0, window.length - size));
  const edges = page.map((entry) => ({ cursor: encodeCursor(entry.key), node: render(entry.item) }));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      hasNextPage: first != null ? window.length > size : Boolean(before),
      hasPreviousPage: last != null ? window.length > size : Boolean(after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

export function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_REQUEST' } });
}

/** Shopify's cursors are base64 JSON `{"last_id":…,"last_value":…}`. */
function encodeCursor([value, id]: [number, number]): string {
  return Buffer.from(JSON.stringify({ last_id: id, last_value: value })).toString('base64');
}

function decodeCursor(cursor: string): [number, number] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as { last_id?: unknown; last_value?: unknown };
    if (typeof parsed.last_id === 'number' && typeof parsed.last_value === 'number') return [parsed.last_value, parsed.last_id];
  } catch {
    // fall through to the refusal below
  }
  throw badRequest(`Invalid cursor for current pagination sort.`);
}
