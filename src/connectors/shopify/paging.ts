import type { ShopifyConnection } from './types.js';

/**
 * The nodes of a nested connection (an order's lines, a product's variants) with every further
 * page of it: `next(after)` asks for the page after a cursor, answering undefined when its parent
 * is gone meanwhile.
 */
export async function allNodes<T>(first: ShopifyConnection<T>, next: (after: string) => Promise<ShopifyConnection<T> | undefined>): Promise<T[]> {
  const nodes = [...first.nodes];
  let pageInfo = first.pageInfo;
  while (pageInfo.hasNextPage && pageInfo.endCursor) {
    const page = await next(pageInfo.endCursor);
    if (!page) break;
    nodes.push(...page.nodes);
    pageInfo = page.pageInfo;
  }
  return nodes;
}
