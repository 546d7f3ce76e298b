import type { SimRequest, SimResponse } from '../harness/types.js';
import { filterErrorResponse, errorResponse, ERROR_CODES } from './errors.js';
import { FilterError, parseFilter, type FilterOptions } from './filter.js';
import type { SimRecord } from './state.js';

/**
 * Collection answers (e-conomic REST docs, "Pagination"): `skippages` (0-based) and `pagesize`
 * (default 20, max 1000), the envelope with `pagination` and `self`; `nextPage` only when there is
 * one; page links keep the filter. `results` counts the filtered set, `resultsWithoutFilter` the
 * whole collection.
 */
const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 1000;

export interface CollectionSettings extends FilterOptions {
  /** UNCONFIRMED what e-conomic does with pagesize > 1000: 'reject' (400, default) or 'clamp'. */
  oversizedPage: 'reject' | 'clamp';
}

export interface CollectionSpec {
  records: Iterable<SimRecord>;
  /** The schema's `filterable: true` fields (plus any the live API accepts beyond them). */
  filterable: readonly string[];
  render: (record: SimRecord) => SimRecord;
}

export function baseUrl(request: SimRequest): string {
  return `http://${request.headers.host ?? '127.0.0.1'}`;
}

export function collectionResponse(request: SimRequest, spec: CollectionSpec, settings: CollectionSettings): SimResponse {
  const pageSize = parseCount(request.query.get('pagesize'), DEFAULT_PAGE_SIZE);
  const skipPages = parseCount(request.query.get('skippages'), 0);
  if (pageSize === undefined || skipPages === undefined || pageSize < 1) {
    return errorResponse(400, ERROR_CODES.invalid, 'pagesize and skippages must be whole numbers.', 'Use pagesize 1-1000.');
  }
  if (pageSize > MAX_PAGE_SIZE && settings.oversizedPage === 'reject') {
    return errorResponse(400, ERROR_CODES.invalid, `pagesize cannot be greater than ${MAX_PAGE_SIZE}.`, 'Use pagesize 1-1000.');
  }
  const size = Math.min(pageSize, MAX_PAGE_SIZE);
  const all = [...spec.records];
  const filterText = request.query.get('filter');
  let matching = all;
  if (filterText !== null) {
    try {
      const predicate = parseFilter(filterText, spec.filterable, settings);
      matching = all.filter(predicate);
    } catch (error) {
      if (error instanceof FilterError) return filterErrorResponse(error.message, spec.filterable);
      throw error;
    }
  }
  const lastPage = Math.max(0, Math.ceil(matching.length / size) - 1);
  const link = (page: number): string => {
    const query = new URLSearchParams({ skippages: String(page), pagesize: String(size) });
    if (filterText !== null) query.set('filter', filterText);
    return `${baseUrl(request)}${request.path}?${query.toString()}`;
  };
  const selfQuery = new URLSearchParams(request.query).toString();
  return {
    status: 200,
    body: {
      collection: matching.slice(skipPages * size, (skipPages + 1) * size).map(spec.render),
      pagination: {
        skipPages,
        pageSize: size,
        maxPageSizeAllowed: MAX_PAGE_SIZE,
        results: matching.length,
        resultsWithoutFilter: all.length,
        firstPage: link(0),
        ...(skipPages < lastPage ? { nextPage: link(skipPages + 1) } : {}),
        lastPage: link(lastPage),
      },
      self: `${baseUrl(request)}${request.path}${selfQuery ? `?${selfQuery}` : ''}`,
    },
  };
}

function parseCount(value: string | null, fallback: number): number | undefined {
  if (value === null) return fallback;
  return /^\d+$/.test(value) ? Number(value) : undefined;
}
