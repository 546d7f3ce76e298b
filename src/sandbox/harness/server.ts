import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { FaultBook } from './faults.js';
import { seededRandom } from './random.js';
import { compilePattern } from './route-pattern.js';
import type {
  RunningSimulator,
  SimMethod,
  SimRequest,
  SimResponse,
  SimulatorDefinition,
  SimulatorServerOptions,
  WriteLogEntry,
} from './types.js';

const METHODS = new Set<string>(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Serves a simulator on loopback. Every request goes: latency, authenticate, rate limit, faults,
 * handler. Every mutating request that arrives is written to the write log with the status it got
 * (0 when the connection was cut before an answer).
 */
export async function startSimulator(
  definition: SimulatorDefinition,
  options: SimulatorServerOptions = {},
): Promise<RunningSimulator> {
  const host = options.host ?? '127.0.0.1';
  let latencyMs = options.latencyMs ?? 0;
  const faults = new FaultBook(seededRandom(options.seed ?? 1));
  const writeLog: WriteLogEntry[] = [];
  const routes = definition.routes.map((route) => ({ ...route, matches: compilePattern(route.pattern) }));
  const notFound = definition.notFound ?? ((): SimResponse => ({ status: 404, body: { message: 'Not found' } }));
  const clock = definition.clock ?? Date.now;

  async function handle(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const rawBody = await readBody(incoming);
    const method = (incoming.method ?? 'GET').toUpperCase();
    if (!METHODS.has(method)) {
      send(outgoing, { status: 405, body: { message: 'Method not allowed' } });
      return;
    }
    const url = new URL(incoming.url ?? '/', 'http://simulator');
    const simMethod = method as SimMethod;
    const route = routes
      .filter((candidate) => candidate.method === simMethod)
      .map((candidate) => ({ route: candidate, params: candidate.matches(url.pathname) }))
      .find((candidate) => candidate.params !== undefined);
    const request: SimRequest = {
      method: simMethod,
      path: url.pathname,
      params: route?.params ?? {},
      query: url.searchParams,
      headers: lowerCaseHeaders(incoming),
      body: parseBody(rawBody),
      rawBody,
    };
    const record = (status: number): void => {
      if (simMethod === 'GET') return;
      const query = url.search.replace(/^\?/, '');
      writeLog.push({ method: simMethod, path: url.pathname, query, body: request.body, status, at: new Date().toISOString() });
    };
    // Real servers date every answer by their own clock; a client reads its skew from it.
    const dated = (response: SimResponse, extraHeaders: Record<string, string> = {}): SimResponse => ({
      ...response,
      headers: { date: new Date(clock()).toUTCString(), ...extraHeaders, ...response.headers },
    });
    const answer = (response: SimResponse, extraHeaders: Record<string, string> = {}): void => {
      record(response.status);
      send(outgoing, dated(response, extraHeaders));
    };
    const cut = (status: number): void => {
      record(status);
      incoming.socket.destroy();
    };

    if (latencyMs > 0) await delay(latencyMs);
    const refusal = definition.authenticate?.(request);
    if (refusal) return answer(refusal);
    const limit = definition.rateLimit?.take(request);
    const limitHeaders = limit?.headers ?? {};
    if (limit && !limit.allowed) {
      return answer(limit.refusal ?? { status: 429, body: { message: 'Too Many Requests' } }, limitHeaders);
    }

    const run = async (): Promise<SimResponse> => (route ? route.route.handler(request) : notFound(request));
    for (const fault of faults.hit(simMethod, url.pathname)) {
      switch (fault.kind) {
        case 'latency':
          await delay(fault.ms ?? 0);
          break;
        case 'rate-limit':
          return answer(
            {
              status: 429,
              headers: { 'retry-after': String(fault.retryAfterSeconds ?? 1) },
              body: { message: 'Too Many Requests' },
            },
            limitHeaders,
          );
        case 'server-error':
          return answer({ status: fault.status ?? 500, body: { message: 'Internal Server Error' } }, limitHeaders);
        case 'reset':
          return cut(0);
        case 'commit-then-drop':
          return cut((await run()).status);
        case 'trickle': {
          const response = await run();
          record(response.status);
          return trickle(outgoing, dated(response), fault.ms ?? 500);
        }
      }
    }
    answer(await run(), limitHeaders);
  }

  const listener = (incoming: IncomingMessage, outgoing: ServerResponse): void => {
    handle(incoming, outgoing).catch((error: unknown) => {
      // A handler bug shows up as a 500 naming it, so tests fail loudly rather than hang.
      if (outgoing.headersSent || outgoing.destroyed) return;
      send(outgoing, { status: 500, body: { message: `Simulator error: ${String(error)}` } });
    });
  };
  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, listener) : http.createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    system: definition.system,
    url: `${options.tls ? 'https' : 'http'}://${host}:${port}`,
    port,
    writeLog,
    addFault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    setLatency: (ms) => {
      latencyMs = ms;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets would hold close() open until they time out.
        server.closeAllConnections();
      }),
  };
}

function send(outgoing: ServerResponse, response: SimResponse): void {
  const { headers, payload } = serialise(response);
  outgoing.writeHead(response.status, headers);
  outgoing.end(payload);
}

/**
 * A server that never finishes its answer: the status and headers at once, then the body one byte
 * at a time, then spaces (still valid JSON) for as long as the client stays. An idle timeout never
 * fires on it; only an overall deadline ends it.
 */
function trickle(outgoing: ServerResponse, response: SimResponse, everyMs: number): void {
  const { headers, payload } = serialise(response);
  outgoing.writeHead(response.status, headers);
  let sent = 0;
  const timer = setInterval(() => {
    outgoing.write(payload[sent] ?? ' ');
    sent += 1;
  }, everyMs);
  outgoing.on('close', () => clearInterval(timer));
}

function serialise(response: SimResponse): { headers: Record<string, string>; payload: string } {
  const headers = { ...response.headers };
  let payload = '';
  if (response.body !== undefined && response.status !== 204) {
    const isText = typeof response.body === 'string';
    payload = isText ? (response.body as string) : JSON.stringify(response.body);
    const hasType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
    if (!hasType) headers['content-type'] = isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
  }
  return { headers, payload };
}

function readBody(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    incoming.on('error', reject);
  });
}

function parseBody(rawBody: string): unknown {
  if (rawBody.trim() === '') return undefined;
  try {
    return JSON.parse(rawBody) as unknown;
  } catch {
    return rawBody;
  }
}

function lowerCaseHeaders(incoming: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}
