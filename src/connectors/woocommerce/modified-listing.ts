import type { HttpClient } from '../http/types.js';
import { SyncHttpError } from '../http/errors.js';
import { formatWooGmtDate, parseWooGmtDate } from './dates.js';

/**
 * Records of a WooCommerce collection (orders, products, variations) changed since a time, oldest
 * first, without skipping or doubling any while the shop keeps changing them.
 *
 * Page-number paging is unsafe here: a record modified mid-run moves to the end and shifts every
 * later page by one (as seen in other WooCommerce sync projects). So each request is page 1 of "modified after the newest time seen
 * minus one second": `modified_after` is exclusive and second-granular (WooCommerce REST API docs, Orders), hence the
 * one-second overlap, and the overlap is deduped by (id, modified). A record changed again after it
 * was yielded comes again with its new modified time: that is a change, not a double.
 *
 * One case cannot move on by time: a full page inside a single second (a bulk edit). That second is
 * then read alone, by id, page by page; if its count changes between pages (a record left it) it is
 * read again from the start, the seen set dropping the repeats.
 *
 * `until` (inclusive, UTC) caps the window: records changed later are left to the next read.
 */
export const WOO_MAX_PAGE_SIZE = 100;
const SECOND = 1000;

/** What every listed record has. */
export interface WooModified {
  id: number;
  date_modified_gmt: string;
}

/** The collection: its path, what it is (for errors), and filters besides the paging ones. */
export interface WooCollection {
  path: string;
  what: string;
  filters?: Record<string, string>;
}

interface ListPage<T> {
  records: T[];
  /** X-WP-Total: how many records match the filter. */
  total: number;
}

export async function* changedSince<T extends WooModified>(
  http: HttpClient,
  collection: WooCollection,
  since: Date,
  pageSize = WOO_MAX_PAGE_SIZE,
  until?: Date,
): AsyncGenerator<T[]> {
  const seen = new SeenVersions<T>();
  // modified_before is exclusive like modified_after: the second after `until`.
  const before = until === undefined ? undefined : Math.floor(until.getTime() / SECOND) * SECOND + SECOND;
  let after = Math.floor(since.getTime() / SECOND) * SECOND - SECOND;
  let scannedSecond: number | undefined;
  for (;;) {
    const { records } = await listPage<T>(http, collection, { modified_after: after, modified_before: before, orderby: 'modified', page: 1, pageSize });
    const fresh = seen.take(records);
    if (fresh.length > 0) yield fresh;
    const last = records[records.length - 1];
    if (records.length < pageSize || last === undefined) return;
    const newest = modifiedMs(last);
    if (newest - SECOND > after) {
      after = newest - SECOND;
      seen.forgetBefore(after);
      continue;
    }
    if (newest === scannedSecond) {
      throw new Error(`WooCommerce listed ${collection.what} modified at ${last.date_modified_gmt} again after modified_after excluded that second`);
    }
    yield* recordsOfOneSecond(http, collection, newest, pageSize, seen);
    scannedSecond = newest;
    after = newest;
  }
}

async function* recordsOfOneSecond<T extends WooModified>(
  http: HttpClient,
  collection: WooCollection,
  second: number,
  pageSize: number,
  seen: SeenVersions<T>,
): AsyncGenerator<T[]> {
  let total: number | undefined;
  let page = 1;
  for (;;) {
    const result = await listPage<T>(http, collection, { modified_after: second - SECOND, modified_before: second + SECOND, orderby: 'id', page, pageSize });
    const fresh = seen.take(result.records);
    if (fresh.length > 0) yield fresh;
    const changed = total !== undefined && result.total !== total;
    total = result.total;
    if (changed) page = 1;
    else if (result.records.length < pageSize) return;
    else page += 1;
  }
}

async function listPage<T>(
  http: HttpClient,
  collection: WooCollection,
  filter: { modified_after: number; modified_before?: number; orderby: 'modified' | 'id'; page: number; pageSize: number },
): Promise<ListPage<T>> {
  const path = collection.path;
  const response = await http.request<unknown>({
    method: 'GET',
    path,
    query: {
      ...collection.filters,
      modified_after: formatWooGmtDate(filter.modified_after),
      modified_before: filter.modified_before === undefined ? undefined : formatWooGmtDate(filter.modified_before),
      dates_are_gmt: 'true',
      orderby: filter.orderby,
      order: 'asc',
      per_page: filter.pageSize,
      page: filter.page,
    },
  });
  if (!Array.isArray(response.data)) {
    throw new SyncHttpError({
      system: 'woocommerce',
      kind: 'protocol',
      method: 'GET',
      path,
      status: response.status,
      retryable: false,
      platformMessage: `the ${collection.what} list was not a JSON array`,
    });
  }
  const total = Number(response.headers['x-wp-total']);
  return { records: response.data as T[], total: Number.isFinite(total) ? total : response.data.length };
}

function modifiedMs(record: WooModified): number {
  return parseWooGmtDate(record.date_modified_gmt).getTime();
}

/** Record versions already yielded, by (id, modified); forgets those no query can return again. */
class SeenVersions<T extends WooModified> {
  private readonly versions = new Map<string, number>();

  take(records: T[]): T[] {
    return records.filter((record) => {
      const key = `${record.id}@${record.date_modified_gmt}`;
      if (this.versions.has(key)) return false;
      this.versions.set(key, modifiedMs(record));
      return true;
    });
  }

  forgetBefore(ms: number): void {
    for (const [key, modified] of this.versions) if (modified < ms) this.versions.delete(key);
  }
}
