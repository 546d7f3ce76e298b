import type { HttpClient } from '../http/types.js';
import { SyncHttpError } from '../http/errors.js';
import { formatWooGmtDate, parseWooGmtDate } from './dates.js';
import type { WooOrder } from './types.js';

/**
 * Changed orders, oldest first, without skipping or doubling any while the shop keeps changing them.
 *
 * Page-number paging is unsafe here: an order modified mid-run moves to the end and shifts every
 * later page by one (facts §12.3). So each request is page 1 of "modified after the newest time seen
 * minus one second": `modified_after` is exclusive and second-granular (facts §9), hence the
 * one-second overlap, and the overlap is deduped by (id, modified). An order changed again after it
 * was yielded comes again with its new modified time: that is a change, not a double.
 *
 * One case cannot move on by time: a full page inside a single second (a bulk edit). That second is
 * then read alone, by id, page by page; if its count changes between pages (an order left it) it is
 * read again from the start, the seen set dropping the repeats.
 */
export const WOO_MAX_PAGE_SIZE = 100;
const SECOND = 1000;

interface OrderListPage {
  orders: WooOrder[];
  /** X-WP-Total: how many orders match the filter. */
  total: number;
}

export async function* changedWooOrders(http: HttpClient, since: Date, pageSize = WOO_MAX_PAGE_SIZE): AsyncGenerator<WooOrder[]> {
  const seen = new SeenVersions();
  let after = Math.floor(since.getTime() / SECOND) * SECOND - SECOND;
  let scannedSecond: number | undefined;
  for (;;) {
    const { orders } = await listOrders(http, { modified_after: after, orderby: 'modified', page: 1, pageSize });
    const fresh = seen.take(orders);
    if (fresh.length > 0) yield fresh;
    const last = orders[orders.length - 1];
    if (orders.length < pageSize || last === undefined) return;
    const newest = modifiedMs(last);
    if (newest - SECOND > after) {
      after = newest - SECOND;
      seen.forgetBefore(after);
      continue;
    }
    if (newest === scannedSecond) {
      throw new Error(`WooCommerce listed orders modified at ${last.date_modified_gmt} again after modified_after excluded that second`);
    }
    yield* ordersOfOneSecond(http, newest, pageSize, seen);
    scannedSecond = newest;
    after = newest;
  }
}

async function* ordersOfOneSecond(http: HttpClient, second: number, pageSize: number, seen: SeenVersions): AsyncGenerator<WooOrder[]> {
  let total: number | undefined;
  let page = 1;
  for (;;) {
    const result = await listOrders(http, { modified_after: second - SECOND, modified_before: second + SECOND, orderby: 'id', page, pageSize });
    const fresh = seen.take(result.orders);
    if (fresh.length > 0) yield fresh;
    const changed = total !== undefined && result.total !== total;
    total = result.total;
    if (changed) page = 1;
    else if (result.orders.length < pageSize) return;
    else page += 1;
  }
}

async function listOrders(
  http: HttpClient,
  filter: { modified_after: number; modified_before?: number; orderby: 'modified' | 'id'; page: number; pageSize: number },
): Promise<OrderListPage> {
  const path = '/wp-json/wc/v3/orders';
  const response = await http.request<unknown>({
    method: 'GET',
    path,
    query: {
      modified_after: formatWooGmtDate(filter.modified_after),
      modified_before: filter.modified_before === undefined ? undefined : formatWooGmtDate(filter.modified_before),
      dates_are_gmt: 'true',
      // The default `any` is explicit: a narrower default would hide orders (facts §9).
      status: 'any',
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
      platformMessage: 'the orders list was not a JSON array',
    });
  }
  const total = Number(response.headers['x-wp-total']);
  return { orders: response.data as WooOrder[], total: Number.isFinite(total) ? total : response.data.length };
}

function modifiedMs(order: WooOrder): number {
  return parseWooGmtDate(order.date_modified_gmt).getTime();
}

/** Order versions already yielded, by (id, modified); forgets those no query can return again. */
class SeenVersions {
  private readonly versions = new Map<string, number>();

  take(orders: WooOrder[]): WooOrder[] {
    return orders.filter((order) => {
      const key = `${order.id}@${order.date_modified_gmt}`;
      if (this.versions.has(key)) return false;
      this.versions.set(key, modifiedMs(order));
      return true;
    });
  }

  forgetBefore(ms: number): void {
    for (const [key, modified] of this.versions) if (modified < ms) this.versions.delete(key);
  }
}
