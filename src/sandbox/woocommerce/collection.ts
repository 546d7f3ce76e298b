import type { SimRequest } from '../harness/types.js';
import { invalidParam } from './errors.js';

/**
 * WooCommerce's collection parameters and paging (WC_REST_CRUD_Controller, WooCommerce REST API docs, Orders): validation
 * with WordPress's `rest_invalid_param` answers, date filters against GMT or site-local time,
 * ordering with the id as tiebreak, and the X-WP-Total / X-WP-TotalPages / Link headers.
 */
export interface Listable {
  id: number;
  createdAt: number;
  modifiedAt: number;
}

export interface CollectionSettings {
  utcOffsetMinutes: number;
  /**
   * Whether `after`/`modified_after`/`before`/`modified_before` include the boundary second.
   * Unconfirmed (WooCommerce REST API docs, Orders [U]); WordPress's date_query defaults to exclusive, hence false.
   */
  inclusiveDateFilters: boolean;
  /** For the Link header's URLs. */
  secure: boolean;
}

export interface ListPlan<T> {
  page: T[];
  headers: Record<string, string>;
}

const ORDERBY = ['date', 'id', 'include', 'title', 'slug', 'modified'] as const;
// rest_parse_date's pattern; the zone suffix is accepted but not used to convert (WooCommerce REST API docs, Orders [S]).
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.\d+)?(?:[Zz]|[+-]\d{2}(?::\d{2})?)?$/;
const DATE_FILTERS = [
  ['after', 'createdAt', 'after'],
  ['before', 'createdAt', 'before'],
  ['modified_after', 'modifiedAt', 'after'],
  ['modified_before', 'modifiedAt', 'before'],
] as const;

/** Filters, sorts and pages `items`; throws a 400 in WordPress's shape when a parameter is out of bounds. */
export function planList<T extends Listable>(request: SimRequest, items: Iterable<T>, settings: CollectionSettings): ListPlan<T> {
  const query = request.query;
  const perPage = integerParam(query, 'per_page', 10, 1, 100);
  const page = integerParam(query, 'page', 1, 1, Number.MAX_SAFE_INTEGER);
  const offset = query.has('offset') ? integerParam(query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER) : undefined;
  const order = query.get('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw invalidParam('order', 'order is not one of asc and desc.', 'rest_not_in_enum');
  const orderby = query.get('orderby') ?? 'date';
  if (!(ORDERBY as readonly string[]).includes(orderby)) {
    throw invalidParam('orderby', `orderby is not one of ${ORDERBY.slice(0, -1).join(', ')}, and modified.`, 'rest_not_in_enum');
  }
  const gmt = booleanParam(query, 'dates_are_gmt');
  if (gmt === undefined) throw invalidParam('dates_are_gmt', 'dates_are_gmt is not of type boolean.', 'rest_invalid_type');

  const bounds: { field: 'createdAt' | 'modifiedAt'; side: 'after' | 'before'; at: number }[] = [];
  for (const [name, field, side] of DATE_FILTERS) {
    const value = query.get(name);
    if (value === null) continue;
    const match = DATE_TIME.exec(value);
    if (!match) throw invalidParam(name, 'Invalid date.', 'rest_invalid_date');
    // The value is read as GMT or as site-local time, whatever zone it names.
    const naive = Date.parse(`${match[1]}T${match[2]}Z`);
    bounds.push({ field, side, at: gmt ? naive : naive - settings.utcOffsetMinutes * 60_000 });
  }
  const include = idList(query, 'include');
  const exclude = new Set(idList(query, 'exclude'));

  const inRange = (time: number, bound: (typeof bounds)[number]): boolean => {
    if (bound.side === 'after') return settings.inclusiveDateFilters ? time >= bound.at : time > bound.at;
    return settings.inclusiveDateFilters ? time <= bound.at : time < bound.at;
  };
  const matching = [...items].filter(
    (item) =>
      bounds.every((bound) => inRange(item[bound.field], bound)) &&
      (include.length === 0 || include.includes(item.id)) &&
      !exclude.has(item.id),
  );
  const key = sortKey<T>(orderby, include);
  const direction = order === 'asc' ? 1 : -1;
  // The CRUD controller appends the id as a tiebreak for stable paging (WooCommerce REST API docs, Orders).
  matching.sort((a, b) => direction * (key(a) - key(b) || a.id - b.id));

  const total = matching.length;
  const totalPages = Math.ceil(total / perPage);
  const start = offset ?? (page - 1) * perPage;
  const headers: Record<string, string> = { 'X-WP-Total': String(total), 'X-WP-TotalPages': String(totalPages) };
  const links = pageLinks(request, settings.secure ? 'https' : 'http', page, totalPages);
  if (links) headers.Link = links;
  // A page past the end is 200 with [] and the counts still right (WooCommerce REST API docs, Orders).
  return { page: matching.slice(start, start + perPage), headers };
}

/** A comma-separated or repeated (`name[]=`) list parameter. */
export function listParam(query: URLSearchParams, name: string): string[] {
  return [...query.getAll(name), ...query.getAll(`${name}[]`)]
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

function idList(query: URLSearchParams, name: string): number[] {
  return listParam(query, name).map(Number).filter(Number.isInteger);
}

function sortKey<T extends Listable>(orderby: string, include: number[]): (item: T) => number {
  switch (orderby) {
    case 'date':
      return (item) => item.createdAt;
    case 'modified':
      return (item) => item.modifiedAt;
    case 'include':
      return (item) => include.indexOf(item.id);
    default:
      return (item) => item.id;
  }
}

function integerParam(
  query: URLSearchParams,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  if (!/^-?\d+$/.test(raw.trim())) throw invalidParam(name, `${name} is not of type integer.`, 'rest_invalid_type');
  const value = Number(raw);
  if (value >= min && value <= max) return value;
  const reason =
    max === Number.MAX_SAFE_INTEGER
      ? `${name} must be greater than or equal to ${min}`
      : `${name} must be between ${min} (inclusive) and ${max} (inclusive)`;
  throw invalidParam(name, reason, 'rest_out_of_bounds');
}

/** WordPress booleans: true/false/1/0 (any case); undefined when not one of them. */
function booleanParam(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null) return false;
  const value = raw.toLowerCase();
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0' || value === '') return false;
  return undefined;
}

/** `Link` with rel="prev" and rel="next" only, as the CRUD controller emits (WooCommerce REST API docs, Orders). */
function pageLinks(request: SimRequest, scheme: string, page: number, totalPages: number): string | undefined {
  const link = (target: number, rel: string): string => {
    const query = new URLSearchParams(request.query);
    query.set('page', String(target));
    return `<${scheme}://${request.headers.host ?? 'localhost'}${request.path}?${query.toString()}>; rel="${rel}"`;
  };
  const parts: string[] = [];
  if (page > 1) parts.push(link(Math.min(page - 1, Math.max(totalPages, 1)), 'prev'));
  if (page < totalPages) parts.push(link(page + 1, 'next'));
  return parts.length > 0 ? parts.join(', ') : undefined;
}
