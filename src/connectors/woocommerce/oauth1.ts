import { createHmac, randomBytes } from 'node:crypto';
import type { AuthPlugin } from '../http/types.js';

/**
 * OAuth 1.0a "one-legged" signatures (RFC 5849 §3.4), which WooCommerce requires over plain HTTP
 * (WooCommerce REST API docs, Authentication): consumer key and secret only, no token; the oauth_* parameters go in the query string;
 * the JSON body is not signed; the server rejects a timestamp more than 15 minutes off and a nonce
 * it has seen. Used by the client to sign and by the simulator to verify.
 */
export type OAuthSignatureMethod = 'HMAC-SHA1' | 'HMAC-SHA256';

export type OAuthParam = readonly [name: string, value: string];

/** RFC 3986 percent-encoding (§3.6): encodeURIComponent also leaves `!'()*` alone, OAuth does not. */
export function oauthEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The base string (§3.4.1): METHOD & encoded base URL (scheme and host lower case, default port
 * dropped, no query) & encoded parameters sorted by name then value (§3.4.1.3.2).
 */
export function signatureBaseString(method: string, url: string, params: readonly OAuthParam[]): string {
  const parsed = new URL(url);
  // URL lower-cases scheme and host and drops a default port already.
  const baseUrl = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  const normalized = params
    .map(([name, value]) => [oauthEncode(name), oauthEncode(value)] as const)
    .sort(([nameA, valueA], [nameB, valueB]) => compare(nameA, nameB) || compare(valueA, valueB))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  return [method.toUpperCase(), oauthEncode(baseUrl), oauthEncode(normalized)].join('&');
}

export interface SignatureInput {
  method: string;
  /** The request URL; its query parameters are signed together with `params`. */
  url: string;
  /** The oauth_* parameters (without oauth_signature) and any other parameters to sign. */
  params: readonly OAuthParam[];
  consumerSecret: string;
  /** Empty for WooCommerce's one-legged flow; the spec's own examples use one. */
  tokenSecret?: string;
  signatureMethod: OAuthSignatureMethod;
}

/** The base64 HMAC signature (§3.4.2); the key is `encode(consumer secret)&encode(token secret)`. */
export function oauthSignature(input: SignatureInput): string {
  const queryParams = [...new URL(input.url).searchParams.entries()];
  const base = signatureBaseString(input.method, input.url, [...queryParams, ...input.params]);
  const key = `${oauthEncode(input.consumerSecret)}&${oauthEncode(input.tokenSecret ?? '')}`;
  const algorithm = input.signatureMethod === 'HMAC-SHA1' ? 'sha1' : 'sha256';
  return createHmac(algorithm, key).update(base).digest('base64');
}

export interface OAuth1AuthOptions {
  consumerKey: string;
  consumerSecret: string;
  signatureMethod?: OAuthSignatureMethod;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
  /** A fresh nonce per request (WooCommerce remembers used ones for 15 minutes). */
  nonce?: () => string;
}

/** Signs every request with oauth_* query parameters (WooCommerce over plain HTTP). */
export function oauth1Auth(options: OAuth1AuthOptions): AuthPlugin {
  const signatureMethod = options.signatureMethod ?? 'HMAC-SHA1';
  const now = options.now ?? Date.now;
  const nonce = options.nonce ?? (() => randomBytes(16).toString('hex'));
  return {
    secrets: () => [options.consumerKey, options.consumerSecret].filter((value) => value.length > 0),
    apply: async (request) => {
      const oauthParams: OAuthParam[] = [
        ['oauth_consumer_key', options.consumerKey],
        ['oauth_nonce', nonce()],
        ['oauth_signature_method', signatureMethod],
        ['oauth_timestamp', String(Math.floor(now() / 1000))],
      ];
      const url = new URL(request.url);
      for (const [name, value] of Object.entries(request.query)) url.searchParams.set(name, value);
      const signature = oauthSignature({
        method: request.method,
        url: url.toString(),
        params: oauthParams,
        consumerSecret: options.consumerSecret,
        signatureMethod,
      });
      return { query: { ...Object.fromEntries(oauthParams), oauth_signature: signature } };
    },
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
