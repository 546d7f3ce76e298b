import type { HttpClient } from '../http/types.js';
import type { EconomicCollection } from './types.js';

/** The largest page e-conomic serves (e-conomic REST docs, "Pagination"): fewest calls against the token bucket. */
export const MAX_PAGE_SIZE = 1000;

/**
 * Every item of a collection, page by page with `skippages`/`pagesize`, until a page comes without
 * `nextPage` (absent on the last page, as the collections in e-conomic's REST docs show).
 */
export async function* listAll<T>(http: HttpClient, path: string, filter?: string, pageSize = MAX_PAGE_SIZE): AsyncGenerator<T> {
  for (let skipPages = 0; ; skipPages += 1) {
    const { data } = await http.request<EconomicCollection<T>>({
      method: 'GET',
      path,
      query: { skippages: skipPages, pagesize: pageSize, filter },
    });
    yield* data.collection;
    if (!data.pagination.nextPage || data.collection.length === 0) return;
  }
}

export async function collectAll<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
