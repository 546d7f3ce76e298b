import { isSyncHttpError, SyncHttpError, type HttpErrorKind } from '../http/errors.js';
import type { HttpClient, HttpResponse, PlatformError } from '../http/types.js';
import type { RenewableAuth } from './auth.js';
import type { ShopifyGraphqlError, ShopifyUserError } from './types.js';

/**
 * Sends GraphQL documents to /admin/api/<version>/graphql.json and turns Shopify's answers into
 * data or one SyncHttpError. Throttling is the http layer's job (isShopifyThrottled + the cost
 * bucket); this file reads the GraphQL errors that come with HTTP 200.
 */
export interface ShopifyGraphql {
  /** `/admin/api/<version>/graphql.json`. */
  readonly path: string;
  /** A query: safe to repeat. `cost` is its requested cost, reserved in the cost bucket first. */
  query<T>(document: string, variables: Record<string, unknown>, cost: number): Promise<T>;
  /**
   * A mutation: sent once, or resent after an unknown outcome when `resendable` (it carries an
   * idempotency key, or sets an absolute value); its payload's userErrors become a `validation`
   * error (the record's failure) with the userErrors as details.
   */
  mutate<T extends { userErrors: ShopifyUserError[] }>(document: string, field: string, variables: Record<string, unknown>, cost: number, resendable?: boolean): Promise<T>;
}

interface GraphqlBody {
  data?: Record<string, unknown> | null;
  errors?: ShopifyGraphqlError[] | string;
}

export function createShopifyGraphql(http: HttpClient, apiVersion: string, auth?: RenewableAuth): ShopifyGraphql {
  const path = `/admin/api/${apiVersion}/graphql.json`;

  async function send(document: string, variables: Record<string, unknown>, cost: number, idempotent: boolean): Promise<Record<string, unknown>> {
    const request = { method: 'POST' as const, path, body: { query: document, variables }, idempotent, cost };
    let response: HttpResponse<GraphqlBody>;
    try {
      response = await http.request<GraphqlBody>(request);
    } catch (error) {
      // An expired client-credentials token: get a new one and send once more.
      if (!auth || !isSyncHttpError(error) || error.kind !== 'auth') throw error;
      auth.invalidate();
      response = await http.request<GraphqlBody>(request);
    }
    const { data, errors } = response.data ?? {};
    if (Array.isArray(errors) && errors.length > 0) throw graphqlFailure(path, operationName(document), errors);
    if (!data) throw new SyncHttpError({ system: 'shopify', kind: 'protocol', method: 'POST', path, status: response.status, retryable: false, platformMessage: 'GraphQL answer without data' });
    return data;
  }

  return {
    path,
    query: async <T>(document: string, variables: Record<string, unknown>, cost: number) => (await send(document, variables, cost, true)) as T,
    mutate: async <T extends { userErrors: ShopifyUserError[] }>(document: string, field: string, variables: Record<string, unknown>, cost: number, resendable = false) => {
      const payload = (await send(document, variables, cost, resendable))[field] as T | null | undefined;
      if (!payload) throw new SyncHttpError({ system: 'shopify', kind: 'protocol', method: 'POST', path, retryable: false, platformMessage: `${field} answered without a payload` });
      if (payload.userErrors.length > 0) {
        throw new SyncHttpError({
          system: 'shopify',
          kind: 'validation',
          method: 'POST',
          path,
          code: 'USER_ERRORS',
          platformMessage: `${field}: ${payload.userErrors.map(describeUserError).join('; ')}`,
          details: payload.userErrors,
          retryable: false,
        });
      }
      return payload;
    },
  };
}

/** For the http layer: a 200 whose errors say THROTTLED was not processed and may be sent again. */
export function isShopifyThrottled(response: HttpResponse): boolean {
  const errors = (response.data as GraphqlBody | undefined)?.errors;
  return Array.isArray(errors) && errors.some((error) => error.extensions?.code === 'THROTTLED');
}

/** For the http layer: Shopify's error envelopes, `{"errors": "…"}` or `{"errors": [{message}]}`. */
export function parseShopifyError(_status: number, body: unknown): PlatformError {
  const errors = (body as GraphqlBody | undefined)?.errors;
  if (typeof errors === 'string') return { message: errors };
  if (Array.isArray(errors)) return { code: errors[0]?.extensions?.code, message: errors.map((error) => error.message).join('; '), details: errors };
  return typeof body === 'string' ? { message: body.slice(0, 200) } : { details: body };
}

function graphqlFailure(path: string, operation: string, errors: ShopifyGraphqlError[]): SyncHttpError {
  const code = errors[0]?.extensions?.code;
  const kind: HttpErrorKind = code === 'ACCESS_DENIED' ? 'forbidden' : code === 'THROTTLED' ? 'rate-limited' : 'protocol';
  const hint =
    code === 'MAX_COST_EXCEEDED'
      ? 'A query costs more than Shopify allows; this is a bug in iex-sync, please report it.'
      : code === 'ACCESS_DENIED'
        ? 'The app lacks an access scope (read_orders, read_all_orders).'
        : undefined;
  return new SyncHttpError({
    system: 'shopify',
    kind,
    method: 'POST',
    path,
    status: 200,
    code,
    platformMessage: `${operation}: ${errors.map((error) => error.message.split('\n')[0]).join('; ')}`,
    details: errors,
    retryable: kind === 'rate-limited',
    hint,
  });
}

function describeUserError(error: ShopifyUserError): string {
  return error.field && error.field.length > 0 ? `${error.field.join('.')}: ${error.message}` : error.message;
}

function operationName(document: string): string {
  return /(?:query|mutation)\s+(\w+)/.exec(document)?.[1] ?? 'GraphQL';
}

/** The userErrors a mutation answered, from the error `mutate` threw for them; undefined for any other error. */
export function userErrorsOf(error: unknown): ShopifyUserError[] | undefined {
  return isSyncHttpError(error) && error.kind === 'validation' && error.code === 'USER_ERRORS' && Array.isArray(error.details) ? (error.details as ShopifyUserError[]) : undefined;
}
