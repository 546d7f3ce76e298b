import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';

/**
 * One HTTP exchange over Node's own http/https (no HTTP library: it loads in a few milliseconds,
 * where one took a tenth of a second of every cron run's start). What it does is what the HTTP
 * layer needs and no more: JSON bodies, the answer as text (decompressed), no redirects followed,
 * no proxy from the environment, keep-alive connections, an idle timeout, an overall deadline (the
 * caller's signal) and a size limit counted as the bytes arrive, chunked answers included.
 */
export interface Exchange {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** A string is sent as is; anything else as JSON (with its Content-Type, unless one is given). */
  body?: unknown;
  /** The longest wait for the next byte, connecting included. */
  idleTimeoutMs: number;
  /** Aborts the exchange: the caller's overall deadline. */
  signal: AbortSignal;
  maxResponseBytes: number;
}

export type ExchangeResult =
  | { kind: 'answer'; status: number; headers: Record<string, string>; text: string }
  /** The answer was larger than maxResponseBytes and was cut off unread. */
  | { kind: 'too-large' }
  /** No (whole) answer: refused, reset, timed out, aborted. `code` is Node's (ECONNRESET …). */
  | { kind: 'failed'; code: string; message: string };

export interface Agents {
  http: http.Agent;
  https: https.Agent;
}

export function keepAliveAgents(): Agents {
  return { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
}

export function exchange(request: Exchange, agents: Agents): Promise<ExchangeResult> {
  const url = new URL(request.url);
  const secure = url.protocol === 'https:';
  const headers: Record<string, string> = { 'accept-encoding': 'gzip, deflate, br', ...lowerCased(request.headers) };
  let payload: Buffer | undefined;
  if (request.body !== undefined) {
    payload = Buffer.from(typeof request.body === 'string' ? request.body : JSON.stringify(request.body));
    if (typeof request.body !== 'string') headers['content-type'] ??= 'application/json';
    headers['content-length'] = String(payload.length);
  }
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: ExchangeResult): void => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const fail = (error: unknown): void => {
      const { code, message } = error as { code?: unknown; message?: unknown };
      settle({ kind: 'failed', code: typeof code === 'string' && code !== '' ? code : 'ERR_NETWORK', message: typeof message === 'string' ? message : String(error) });
    };
    const send = secure ? https.request : http.request;
    const outgoing = send(url, { method: request.method, headers, agent: secure ? agents.https : agents.http, signal: request.signal }, (incoming) => {
      const body = decoded(incoming);
      const chunks: Buffer[] = [];
      let size = 0;
      body.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > request.maxResponseBytes) {
          settle({ kind: 'too-large' });
          incoming.destroy();
          outgoing.destroy();
          return;
        }
        chunks.push(chunk);
      });
      body.on('end', () => settle({ kind: 'answer', status: incoming.statusCode ?? 0, headers: flatHeaders(incoming.headers), text: Buffer.concat(chunks).toString('utf8') }));
      body.on('error', fail);
      incoming.on('error', fail);
      incoming.on('close', () => {
        if (!incoming.complete) fail(Object.assign(new Error('the answer was cut off'), { code: 'ECONNRESET' }));
      });
    });
    outgoing.setTimeout(request.idleTimeoutMs, () => {
      outgoing.destroy(Object.assign(new Error(`no byte for ${request.idleTimeoutMs} ms`), { code: 'ETIMEDOUT' }));
    });
    outgoing.on('error', fail);
    outgoing.end(payload);
  });
}

/** The answer's body, decompressed when the server compressed it. */
function decoded(incoming: http.IncomingMessage): NodeJS.ReadableStream {
  switch (incoming.headers['content-encoding']?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return incoming.pipe(zlib.createGunzip());
    case 'deflate':
      return incoming.pipe(zlib.createInflate());
    case 'br':
      return incoming.pipe(zlib.createBrotliDecompress());
    default:
      return incoming;
  }
}

function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
