import type { AuthPlugin } from './types.js';

/**
 * Auth plug-ins for platforms whose credentials are fixed headers. Each reports its secret values
 * so the http layer can redact them from every message, path and detail.
 */

/** Fixed headers whose values are all secret (e.g. e-conomic's X-AppSecretToken + X-AgreementGrantToken). */
export function headerAuth(headers: Record<string, string>): AuthPlugin {
  const fixed = { ...headers };
  return {
    secrets: () => Object.values(fixed).filter((value) => value.length > 0),
    apply: async () => ({ headers: fixed }),
  };
}

/** `Authorization: Bearer <token>` (Rackbeat); extra headers are sent too and are not treated as secret. */
export function bearerAuth(token: string, extraHeaders: Record<string, string> = {}): AuthPlugin {
  const headers = { ...extraHeaders, Authorization: `Bearer ${token}` };
  return {
    secrets: () => (token.length > 0 ? [token] : []),
    apply: async () => ({ headers }),
  };
}

/** HTTP Basic (WooCommerce over HTTPS: consumer key and secret). The base64 value is secret too. */
export function basicAuth(user: string, password: string): AuthPlugin {
  const encoded = Buffer.from(`${user}:${password}`).toString('base64');
  const headers = { Authorization: `Basic ${encoded}` };
  return {
    secrets: () => [user, password, encoded].filter((value) => value.length > 0),
    apply: async () => ({ headers }),
  };
}
