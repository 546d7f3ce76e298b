import { isSyncHttpError, SyncHttpError } from '../http/errors.js';
import type { HttpClient, HttpRequest } from '../http/types.js';
import { formatRackbeatTime } from './timestamps.js';

/** What every Rackbeat resource function works with. */
export interface RackbeatContext {
  http: HttpClient;
  /** `rackbeat.timezone`: the zone of Rackbeat's zoneless times. */
  timeZone: string;
  /** Rows per list call (the laravel-rackbeat client documents max 1000; we stay at or under 250). */
  pageSize: number;
}

type Query = NonNullable<HttpRequest['query']>;

interface ListPage<T> {
  items: T[];
  page: number;
  pages: number;
}

/**
 * Reads a 206 list envelope `{<plural>: [...], total, pages, limit, page}` (Rackbeat API docs,
 * "Pagination"). The key is not always the path's name, so without `plural` the first array in the
 * body is taken, as the laravel-rackbeat client does.
 */
export function readListEnvelope<T>(body: unknown, plural: string): ListPage<T> {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const items = Array.isArray(record[plural]) ? record[plural] : Object.values(record).find(Array.isArray);
  return {
    items: (items ?? []) as T[],
    page: typeof record.page === 'number' ? record.page : 1,
    pages: typeof record.pages === 'number' ? record.pages : 1,
  };
}

async function fetchPage<T>(context: RackbeatContext, path: string, plural: string, query: Query): Promise<ListPage<T>> {
  const response = await context.http.request({ method: 'GET', path, query: { ...query, limit: context.pageSize } });
  return readListEnvelope<T>(response.data, plural);
}

/** Every page of a list, page by page (for lists that do not change under us: groups, search hits). */
export async function* allPages<T>(context: RackbeatContext, path: string, plural: string, query: Query = {}): AsyncIterable<T[]> {
  for (let page = 1; ; page += 1) {
    const result = await fetchPage<T>(context, path, plural, { ...query, page });
    if (result.items.length > 0) yield result.items;
    // Past the last page the list is empty (as the laravel-rackbeat client relies on); `pages`
    // saves that extra call.
    if (result.items.length < context.pageSize || result.page >= result.pages) return;
  }
}

/**
 * Records changed at or after `since`, oldest first (`updated_at_from`: Rackbeat API docs,
 * "Filtering"; `order_by=updated_at&order_direction=ASC`: Rackbeat's laravel-client SDK). Paging by
 * page number over data that changes can skip rows, so the cursor moves instead: after each page
 * the next call starts at the newest `updated_at` seen (page 1 again), and rows already yielded at
 * that same second are left out. Only when a whole page shares one second does it step to the
 * next page number.
 */
export async function* changedSince<TApi, T extends { updatedAt: Date }>(
  context: RackbeatContext,
  path: string,
  plural: string,
  since: Date,
  convert: (api: TApi) => T,
  keyOf: (record: T) => string | number,
  filters: Query = {},
): AsyncIterable<T[]> {
  let cursor = Math.floor(since.getTime() / 1000) * 1000;
  let page = 1;
  let seenAtCursor = new Set<string | number>();
  for (;;) {
    const result = await fetchPage<TApi>(context, path, plural, {
      ...filters,
      updated_at_from: formatRackbeatTime(new Date(cursor), context.timeZone),
      order_by: 'updated_at',
      order_direction: 'ASC',
      page,
    });
    const records = result.items.map(convert);
    const fresh = records.filter((record) => !(record.updatedAt.getTime() === cursor && seenAtCursor.has(keyOf(record))));
    if (fresh.length > 0) yield fresh;
    if (records.length < context.pageSize || result.page >= result.pages) return;

    const newest = Math.max(...records.map((record) => record.updatedAt.getTime()));
    if (newest > cursor) {
      cursor = newest;
      page = 1;
      seenAtCursor = new Set();
    } else {
      page += 1;
    }
    for (const record of records) if (record.updatedAt.getTime() === cursor) seenAtCursor.add(keyOf(record));
  }
}

/** `GET path` → the singular envelope's `key`, or undefined on 404. */
export async function getOne<T>(context: RackbeatContext, path: string, key: string): Promise<T | undefined> {
  try {
    const response = await context.http.request<Record<string, T>>({ method: 'GET', path });
    return response.data[key];
  } catch (error) {
    if (isSyncHttpError(error) && error.kind === 'not-found') return undefined;
    throw error;
  }
}

/** A create or action POST → the singular envelope's `key` (creates answer 201: Rackbeat API docs, "Errors"). */
export async function post<T>(context: RackbeatContext, path: string, key: string, body: unknown): Promise<T> {
  const response = await context.http.request<Record<string, T>>({ method: 'POST', path, body });
  return unwrap(response.data, key, 'POST', path);
}

/** `PUT path` → the singular envelope's `key` (updates answer 200). */
export async function put<T>(context: RackbeatContext, path: string, key: string, body: unknown): Promise<T> {
  const response = await context.http.request<Record<string, T>>({ method: 'PUT', path, body });
  return unwrap(response.data, key, 'PUT', path);
}

function unwrap<T>(data: Record<string, T> | undefined, key: string, method: string, path: string): T {
  const value = data?.[key];
  if (value !== undefined) return value;
  throw new SyncHttpError({ system: 'rackbeat', kind: 'protocol', method, path, retryable: false, platformMessage: `answer without "${key}"` });
}
