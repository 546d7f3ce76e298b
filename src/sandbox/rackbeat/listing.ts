import { parseRackbeatTime } from '../../connectors/rackbeat/timestamps.js';
import type { SimResponse } from '../harness/types.js';
import { FieldErrors } from './validation.js';

/**
 * Rackbeat's collection GETs (Rackbeat API docs, "Pagination", "Filtering"): 206 with
 * `{<plural>, total, pages, limit, page}`, `page`/`limit` (default 20, clamped to 1..1000),
 * `search`, `simple_filter[field]`, `updated_at_from/_to` (`YYYY-MM-DD HH:MM:SS`, the account's
 * zone), boolean flags, `order_by`/`order_direction` and sparse `fields`.
 */
export interface ListSpec<R> {
  /** The envelope key, not always the path's name (`/inventory-movements` answers `inventory_regulations`). */
  plural: string;
  records: () => Iterable<R>;
  render: (record: R) => object;
  /** Default order and the tiebreak of every sort. */
  key: (record: R) => number | string;
  /** Text `search` looks in (case-insensitive, substring). */
  searchable: (record: R) => Array<string | number | null | undefined>;
  /** Time fields by wire name, compared as instants rather than as text. */
  times: Record<string, (record: R) => number | null>;
  /** Boolean filters (`is_booked`, `is_shipped`, …). */
  flags?: Record<string, (record: R) => boolean>;
  /** Other exact filters taking a plain query parameter (`order_number`). */
  filters?: Record<string, (record: R, value: string) => boolean>;
}

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 1000;

export function listResponse<R>(spec: ListSpec<R>, query: URLSearchParams, timeZone: string): SimResponse {
  const errors = new FieldErrors();
  let records = [...spec.records()];
  const rendered = new Map<R, Record<string, unknown>>();
  const wire = (record: R): Record<string, unknown> => {
    let value = rendered.get(record);
    if (!value) {
      value = spec.render(record) as Record<string, unknown>;
      rendered.set(record, value);
    }
    return value;
  };

  const search = query.get('search')?.trim().toLowerCase();
  if (search) {
    records = records.filter((record) =>
      spec.searchable(record).some((text) => text !== null && text !== undefined && String(text).toLowerCase().includes(search)),
    );
  }

  for (const [name, flag] of Object.entries(spec.flags ?? {})) {
    const value = query.get(name);
    if (value === null || value === '') continue;
    const wanted = parseBoolean(value);
    if (wanted === undefined) errors.add(name, `The ${name.replace(/_/g, ' ')} field must be true or false.`);
    else records = records.filter((record) => flag(record) === wanted);
  }

  for (const [name, filter] of Object.entries(spec.filters ?? {})) {
    const value = query.get(name);
    if (value !== null && value !== '') records = records.filter((record) => filter(record, value));
  }

  const updatedAt = spec.times.updated_at;
  for (const [param, keep] of [
    ['updated_at_from', (at: number, bound: number) => at >= bound],
    ['updated_at_to', (at: number, bound: number) => at <= bound],
  ] as const) {
    const value = query.get(param);
    if (value === null || value === '' || !updatedAt) continue;
    const bound = parseFilterTime(value, timeZone);
    if (bound === undefined) errors.add(param, `The ${param.replace(/_/g, ' ')} does not match the format Y-m-d H:i:s.`);
    else records = records.filter((record) => keep(updatedAt(record) ?? Number.NaN, bound));
  }

  for (const [param, value] of query.entries()) {
    const field = /^simple_filter\[(.+)\]$/.exec(param)?.[1];
    if (field !== undefined) records = records.filter((record) => String(wire(record)[field] ?? '') === value);
  }
  errors.done();

  const orderBy = query.get('order_by');
  const descending = (query.get('order_direction') ?? (orderBy ? 'DESC' : 'ASC')).toUpperCase() === 'DESC';
  const sortValue = (record: R): number | string => {
    if (!orderBy) return spec.key(record);
    const time = spec.times[orderBy];
    if (time) return time(record) ?? -Infinity;
    const value = wire(record)[orderBy];
    return typeof value === 'number' || typeof value === 'string' ? value : '';
  };
  records.sort((a, b) => {
    const byValue = compare(sortValue(a), sortValue(b));
    return (descending ? -byValue : byValue) || compare(spec.key(a), spec.key(b));
  });

  const limit = clamp(integer(query.get('limit')) ?? DEFAULT_LIMIT, 1, MAX_LIMIT);
  const page = Math.max(1, integer(query.get('page')) ?? 1);
  const slice = records.slice((page - 1) * limit, page * limit);
  const fields = query.get('fields')?.split(',').map((field) => field.trim()).filter(Boolean);
  const items = slice.map((record) => (fields?.length ? pickFields(wire(record), fields) : wire(record)));
  return {
    status: 206,
    body: {
      [spec.plural]: items,
      total: records.length,
      // Laravel's paginator: an empty list still has one (empty) page.
      pages: Math.max(1, Math.ceil(records.length / limit)),
      limit,
      page,
    },
  };
}

function parseFilterTime(value: string, timeZone: string): number | undefined {
  try {
    return parseRackbeatTime(value, timeZone).getTime();
  } catch {
    return undefined;
  }
}

function parseBoolean(value: string): boolean | undefined {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return undefined;
}

function integer(value: string | null): number | undefined {
  if (value === null || !/^-?\d+$/.test(value.trim())) return undefined;
  return Number(value);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function compare(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

function pickFields(record: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((field) => field in record).map((field) => [field, record[field]]));
}
