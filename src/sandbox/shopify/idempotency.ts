import { getDirectiveValues, GraphQLError, type GraphQLResolveInfo } from 'graphql';
import type { ResolverContext } from './resolver-context.js';

/**
 * The `@idempotent(key:)` directive of the Admin API: optional in 2026-01, required from 2026-04 on
 * the mutations that take it (Shopify Admin GraphQL, "Idempotent requests"; the caution on
 * `inventorySetQuantities` and `refundCreate`).
 */
export const IDEMPOTENCY_REQUIRED_FROM = '2026-04';

/** The key on this field; an empty or blank key is refused (its directive's description). */
export function idempotencyKey(info: GraphQLResolveInfo): string | undefined {
  const directive = info.schema.getDirective('idempotent');
  const node = info.fieldNodes[0];
  if (!directive || !node) return undefined;
  const values = getDirectiveValues(directive, node, info.variableValues);
  if (values === undefined) return undefined;
  const key = values.key;
  if (typeof key !== 'string' || key.trim() === '') {
    throw new GraphQLError('The idempotency key cannot be an empty string or whitespace only.', { extensions: { code: 'BAD_REQUEST' } });
  }
  return key;
}

/** The key, refusing its absence from 2026-04 on. */
export function requiredIdempotencyKey(info: GraphQLResolveInfo, context: ResolverContext): string | undefined {
  const key = idempotencyKey(info);
  if (key === undefined && context.apiVersion >= IDEMPOTENCY_REQUIRED_FROM) {
    // [U] wording; the changelog "Making idempotency mandatory…" says only that it is an error.
    throw new GraphQLError('The @idempotent directive is required for this mutation.', { extensions: { code: 'BAD_REQUEST' } });
  }
  return key;
}
