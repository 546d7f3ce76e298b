import { timingSafeEqual } from 'node:crypto';
import { oauthSignature, type OAuthSignatureMethod } from '../../connectors/woocommerce/oauth1.js';
import type { SimRequest, SimResponse } from '../harness/types.js';
import { wooError } from './errors.js';

/**
 * WooCommerce's REST authentication (WC_REST_Authentication, WooCommerce REST API docs, Authentication): over HTTPS the consumer key
 * and secret come by Basic auth or as `consumer_key`/`consumer_secret` query parameters; over plain
 * HTTP only OAuth 1.0a one-legged signatures count (Basic is not even looked at). A request with no
 * usable credentials is an anonymous one, refused by the endpoint's permission check.
 */
export interface WooSimCredentials {
  consumerKey: string;
  consumerSecret: string;
  permissions: 'read' | 'write' | 'read_write';
}

const OAUTH_WINDOW_SECONDS = 15 * 60;

export function createWooAuthenticator(
  credentials: WooSimCredentials,
  options: { secure: boolean; now: () => number },
): (request: SimRequest) => SimResponse | undefined {
  // Nonces seen with their timestamps; WooCommerce forgets them after the 15-minute window.
  const usedNonces = new Map<string, number>();
  const authFailure = (message: string): SimResponse => wooError(401, 'woocommerce_rest_authentication_error', message);

  function checkOAuth(request: SimRequest, url: string): SimResponse | 'anonymous' | undefined {
    const params = Object.fromEntries(request.query.entries());
    const required = ['oauth_consumer_key', 'oauth_timestamp', 'oauth_nonce', 'oauth_signature', 'oauth_signature_method'];
    const missing = required.filter((name) => !params[name]);
    if (missing.length === required.length) return 'anonymous';
    if (missing.length > 0) {
      const label = missing.length === 1 ? 'parameter' : 'parameters';
      return wooError(401, 'woocommerce_rest_authentication_missing_parameter', `Missing OAuth ${label} ${missing.join(', ')}`);
    }
    if (params.oauth_consumer_key !== credentials.consumerKey) return authFailure('Consumer key is invalid.');
    const method = params.oauth_signature_method;
    if (method !== 'HMAC-SHA1' && method !== 'HMAC-SHA256') return authFailure('Invalid signature - signature method is invalid.');
    const signed = [...request.query.entries()].filter(([name]) => name !== 'oauth_signature');
    const expected = oauthSignature({
      method: request.method,
      url,
      params: signed,
      consumerSecret: credentials.consumerSecret,
      signatureMethod: method satisfies OAuthSignatureMethod,
    });
    if (!safeEqual(expected, params.oauth_signature!.replace(/ /g, '+'))) {
      return authFailure('Invalid signature - provided signature does not match.');
    }
    const timestamp = Number(params.oauth_timestamp);
    const now = Math.floor(options.now() / 1000);
    if (!(Math.abs(timestamp - now) <= OAUTH_WINDOW_SECONDS)) return authFailure('Invalid timestamp.');
    for (const [nonce, at] of usedNonces) if (at < now - OAUTH_WINDOW_SECONDS) usedNonces.delete(nonce);
    if (usedNonces.has(params.oauth_nonce!)) return authFailure('Invalid nonce - nonce has already been used.');
    usedNonces.set(params.oauth_nonce!, timestamp);
    return undefined;
  }

  function checkBasic(request: SimRequest): SimResponse | 'anonymous' | undefined {
    let key = request.query.get('consumer_key') ?? '';
    let secret = request.query.get('consumer_secret') ?? '';
    if (!key || !secret) [key, secret] = basicCredentials(request.headers.authorization);
    if (!key || !secret || key !== credentials.consumerKey) return 'anonymous';
    if (!safeEqual(secret, credentials.consumerSecret)) {
      const refusal = authFailure('Consumer secret is invalid.');
      const realm = 'WooCommerce API. Use a consumer key in the username field and a consumer secret in the password field.';
      return { ...refusal, headers: { 'WWW-Authenticate': `Basic realm="${realm}"` } };
    }
    return undefined;
  }

  return (request) => {
    // The WordPress REST index is public.
    if (!request.path.startsWith('/wp-json/wc/')) return undefined;
    const url = `${options.secure ? 'https' : 'http'}://${request.headers.host ?? 'localhost'}${request.path}`;
    let outcome = options.secure ? checkBasic(request) : 'anonymous';
    // A wrong secret on Basic stops here; an unknown key falls through to OAuth, as in WooCommerce.
    if (outcome === 'anonymous') outcome = checkOAuth(request, url);
    if (outcome === 'anonymous') return anonymousRefusal(request);
    if (outcome) return outcome;
    return permissionRefusal(request.method, credentials.permissions);
  }
}

/** What an endpoint's permission check answers an anonymous caller (rest_authorization_required_code: 401). */
function anonymousRefusal(request: SimRequest): SimResponse {
  const segments = request.path.split('/').filter(Boolean);
  const last = segments[segments.length - 1] ?? '';
  if (request.method === 'GET') {
    return /^\d+$/.test(last)
      ? wooError(401, 'woocommerce_rest_cannot_view', 'Sorry, you cannot view this resource.')
      : wooError(401, 'woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.');
  }
  if (last === 'batch') {
    return wooError(401, 'woocommerce_rest_cannot_batch', 'Sorry, you are not allowed to batch manipulate this resource.');
  }
  if (request.method === 'POST') return wooError(401, 'woocommerce_rest_cannot_create', 'Sorry, you are not allowed to create resources.');
  if (request.method === 'DELETE') return wooError(401, 'woocommerce_rest_cannot_delete', 'Sorry, you are not allowed to delete this resource.');
  return wooError(401, 'woocommerce_rest_cannot_edit', 'Sorry, you are not allowed to edit this resource.');
}

/** A key's own read/write permission (WC_REST_Authentication::check_permissions). */
function permissionRefusal(method: string, permissions: WooSimCredentials['permissions']): SimResponse | undefined {
  if (method === 'GET' && permissions === 'write') {
    return wooError(401, 'woocommerce_rest_authentication_error', 'The API key provided does not have read permissions.');
  }
  if (method !== 'GET' && permissions === 'read') {
    return wooError(401, 'woocommerce_rest_authentication_error', 'The API key provided does not have write permissions.');
  }
  return undefined;
}

function basicCredentials(header: string | undefined): [string, string] {
  const match = /^Basic\s+(.+)$/i.exec(header ?? '');
  if (!match) return ['', ''];
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? ['', ''] : [decoded.slice(0, colon), decoded.slice(colon + 1)];
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
