import { parseSearch, type ParsedSearch, type SearchFields, type SearchWarning } from './search.js';
import type { ShopifySimState } from './state.js';

/** What every resolver gets besides its arguments: the shop, and where search warnings go. */
export interface ResolverContext {
  state: ShopifySimState;
  /** Search warnings collected for `extensions.search`. */
  searchWarnings: Array<{ path: string[]; query: string; warnings: SearchWarning[] }>;
  /** The API version the request named (or fell forward to): some rules depend on it. */
  apiVersion: string;
}

/** Parses a connection's `query:`; its warnings go to `extensions.search`, as Shopify reports them. */
export function searchFor<T>(context: ResolverContext, field: string, query: string | null | undefined, fields: SearchFields<T>): ParsedSearch<T> {
  const search = parseSearch(query, fields);
  if (search.warnings.length > 0) context.searchWarnings.push({ path: [field], query: query ?? '', warnings: search.warnings });
  return search;
}
