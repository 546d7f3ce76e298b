import { createHttpClient } from '../http/client.js';
import { isSyncHttpError, SyncHttpError } from '../http/errors.js';
import type { AuthPlugin, HttpClientOptions } from '../http/types.js';

/**
 * Shopify's credentials: a fixed Admin API access token (X-Shopify-Access-Token), or a client id
 * and secret exchanged for an expiring token by the client-credentials grant ([C] Shopify API docs, Authentication:
 * POST /admin/oauth/access_token → access_token, scope, expires_in; [S] about 24 hours).
 */
export interface RenewableAuth extends AuthPlugin {
  /** Forgets the current token so the next request asks for a new one (after a 401). */
  invalidate(): void;
}

export function accessTokenAuth(token: string): AuthPlugin {
  return {
    secrets: () => (token.length > 0 ? [token] : []),
    apply: async () => ({ headers: { 'X-Shopify-Access-Token': token } }),
  };
}

export interface ClientCredentialsOptions {
  shopUrl: string;
  clientId: string;
  clientSecret: string;
  /** Renew this long before the token expires (default 5 minutes, or a tenth of a short lifetime). */
  renewBeforeMs?: number;
  now?: () => number;
  http?: Pick<HttpClientOptions, 'onCall' | 'retry' | 'timeoutMs' | 'sleep' | 'random'>;
}

const GRANT_PATH = '/admin/oauth/access_token';

interface GrantAnswer {
  access_token?: unknown;
  expires_in?: unknown;
}

export function clientCredentialsAuth(options: ClientCredentialsOptions): RenewableAuth {
  const now = options.now ?? Date.now;
  const issued: string[] = [];
  let current: { token: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;
  const http = createHttpClient({
    ...options.http,
    system: 'shopify',
    baseURL: options.shopUrl,
    auth: { secrets: () => [options.clientSecret], apply: async () => ({}) },
    parseError: (_status, body) => {
      const record = (body ?? {}) as { error?: unknown; error_description?: unknown };
      return {
        code: typeof record.error === 'string' ? record.error : undefined,
        message: typeof record.error_description === 'string' ? record.error_description : undefined,
      };
    },
  });

  async function grant(): Promise<string> {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: options.clientId,
      client_secret: options.clientSecret,
    }).toString();
    const response = await http
      // Asking for a token again is harmless, so the grant may be retried like a read.
      .request<GrantAnswer>({ method: 'POST', path: GRANT_PATH, body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, idempotent: true })
      .catch((error: unknown) => {
        throw refusedGrant(error);
      });
    const { access_token: token, expires_in: expiresIn } = response.data;
    if (typeof token !== 'string' || token === '') {
      throw new SyncHttpError({ system: 'shopify', kind: 'protocol', method: 'POST', path: GRANT_PATH, retryable: false, platformMessage: 'the client-credentials grant answered without an access_token' });
    }
    const lifetimeMs = typeof expiresIn === 'number' ? expiresIn * 1000 : Number.POSITIVE_INFINITY;
    const margin = options.renewBeforeMs ?? Math.min(5 * 60_000, lifetimeMs / 10);
    issued.push(token);
    current = { token, renewAt: now() + lifetimeMs - margin };
    return token;
  }

  async function validToken(): Promise<string> {
    if (current && now() < current.renewAt) return current.token;
    // One grant at a time: concurrent requests wait for the same new token.
    pending ??= grant().finally(() => {
      pending = undefined;
    });
    return pending;
  }

  return {
    secrets: () => [options.clientSecret, ...issued],
    apply: async () => ({ headers: { 'X-Shopify-Access-Token': await validToken() } }),
    invalidate: () => {
      current = undefined;
    },
  };
}

/** A refused grant (400 invalid_client, 401) means wrong credentials: systemic, like a 401. */
function refusedGrant(error: unknown): unknown {
  if (!isSyncHttpError(error) || (error.status !== 400 && error.status !== 401)) return error;
  return new SyncHttpError({
    system: 'shopify',
    kind: 'auth',
    method: error.method,
    path: error.path,
    status: error.status,
    code: error.code,
    platformMessage: error.platformMessage,
    retryable: false,
    hint: 'Check webshop.clientId and webshop.clientSecret (the app must be installed on the shop).',
    cause: error,
  });
}
