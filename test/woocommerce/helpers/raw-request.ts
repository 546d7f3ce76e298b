import https from 'node:https';
import { oauthSignature } from '../../../src/connectors/woocommerce/oauth1.js';

/** One raw HTTP(S) call to a simulator, for contract tests that check exact statuses, headers and bodies. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export async function rawRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown; ca?: string } = {},
): Promise<RawAnswer> {
  const method = init.method ?? 'GET';
  const headers = { 'content-type': 'application/json', ...init.headers };
  const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
  if (url.startsWith('https:')) {
    return new Promise((resolve, reject) => {
      const request = https.request(url, { method, headers, ca: init.ca }, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        response.on('end', () => {
          const flat = Object.fromEntries(Object.entries(response.headers).map(([name, value]) => [name, String(value)]));
          resolve({ status: response.statusCode ?? 0, headers: flat, body: text ? JSON.parse(text) : undefined });
        });
      });
      request.on('error', reject);
      request.end(payload);
    });
  }
  const response = await fetch(url, { method, headers, body: payload });
  const text = await response.text();
  return { status: response.status, headers: Object.fromEntries(response.headers), body: text ? JSON.parse(text) : undefined };
}

/** A URL signed with OAuth 1.0a as WooCommerce expects over plain HTTP. */
export function signedUrl(
  method: string,
  url: string,
  credentials: { key: string; secret: string },
  overrides: { timestamp?: number; nonce?: string; signature?: string } = {},
): string {
  const target = new URL(url);
  const oauth: [string, string][] = [
    ['oauth_consumer_key', credentials.key],
    ['oauth_nonce', overrides.nonce ?? Math.random().toString(36).slice(2)],
    ['oauth_signature_method', 'HMAC-SHA1'],
    ['oauth_timestamp', String(overrides.timestamp ?? Math.floor(Date.now() / 1000))],
  ];
  const signature =
    overrides.signature ??
    oauthSignature({ method, url: target.toString(), params: oauth, consumerSecret: credentials.secret, signatureMethod: 'HMAC-SHA1' });
  for (const [name, value] of oauth) target.searchParams.set(name, value);
  target.searchParams.set('oauth_signature', signature);
  return target.toString();
}
