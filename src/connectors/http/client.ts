import pLimit from 'p-limit';
import { SyncHttpError, type HttpErrorKind, type SyncHttpErrorInit } from './errors.js';
import { InFlightTarget } from './in-flight.js';
import { realSleep } from './rate-limit.js';
import { clockSkewFromHeaders } from './clock-skew.js';
import { createRedactor, redactValue, type Redactor } from './redact.js';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, parseRetryAfterMs } from './retry.js';
import { createTransport } from './transport.js';
import type {
  HttpClient,
  HttpClientOptions,
  HttpMethod,
  HttpRequest,
  HttpResponse,
  PlatformError,
  RetryPolicy,
} from './types.js';

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_DEADLINE_MS = 60_000;
const DEFAULT_MAX_RESPONSE_BYTES = 50 * 1024 * 1024;

/** Connect-time failures: the request never left, so nothing was applied. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPROTO',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
]);

/** What one attempt ended with, before deciding whether to retry. */
type Attempt =
  | { kind: 'response'; response: HttpResponse<string> }
  | { kind: 'unreachable'; code: string; message: string }
  /** Timeout, reset, no response: the request may have been applied. */
  | { kind: 'lost'; code: string; message: string }
  /** An answer came, but it was larger than maxResponseBytes and was cut off unread. */
  | { kind: 'too-large'; message: string };

/**
 * One client per system and credential: auth, rate limiter, retries with backoff and full jitter,
 * outcome-unknown for creates that may have happened, errors normalised into SyncHttpError with
 * every secret redacted.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const { system, auth, rateLimiter } = options;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const parseError = options.parseError ?? parseGenericError;
  const inFlight = options.concurrency === undefined ? new InFlightTarget(() => rateLimiter?.requestsPerSecond?.()) : undefined;
  const limit = pLimit(options.concurrency ?? InFlightTarget.BEFORE_ANY_ANSWER);
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const calls = new Map<HttpMethod, number>();
  let clockSkewMs: number | undefined;

  const transport = createTransport();

  async function attemptOnce(request: HttpRequest, redact: Redactor): Promise<{ attempt: Attempt; path: string }> {
    const query = flattenQuery(request.query);
    const credentials = await auth.apply({
      method: request.method,
      url: joinUrl(options.baseURL, request.path),
      query: Object.fromEntries(query),
    });
    const search = new URLSearchParams([...query, ...Object.entries(credentials.query ?? {})]).toString();
    const target = search ? `${request.path}?${search}` : request.path;
    // Messages name the request without its credentials (OAuth 1.0a's nonce and signature are noise, and a key is a secret).
    const own = new URLSearchParams(query).toString();
    const shown = redact(own ? `${request.path}?${own}` : request.path);
    const deadline = AbortSignal.timeout(deadlineMs);
    const result = await transport.exchange({
      method: request.method,
      url: joinUrl(options.baseURL, target),
      headers: { Accept: 'application/json', ...request.headers, ...credentials.headers },
      body: request.body,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      signal: deadline,
      maxResponseBytes,
      bytes: request.responseType === 'bytes',
    });
    const path = shown;
    if (result.kind === 'answer') return { attempt: { kind: 'response', response: { status: result.status, headers: result.headers, data: result.text } }, path };
    if (result.kind === 'too-large') return { attempt: { kind: 'too-large', message: `the answer was larger than the limit of ${maxResponseBytes} bytes` }, path };
    if (deadline.aborted) {
      // The request went out, so like any timeout it may have been applied.
      return { attempt: { kind: 'lost', code: 'DEADLINE', message: `no complete answer within the ${deadlineMs} ms deadline` }, path };
    }
    const kind = UNREACHABLE_CODES.has(result.code) || result.code.startsWith('ERR_TLS') ? 'unreachable' : 'lost';
    return { attempt: { kind, code: result.code, message: redact(result.message) }, path };
  }

  async function send<T>(request: HttpRequest): Promise<HttpResponse<T>> {
    const redact = createRedactor(auth.secrets());
    const idempotent = request.idempotent ?? (request.method !== 'POST' && request.method !== 'PATCH');
    for (let attemptNumber = 1; ; attemptNumber += 1) {
      await rateLimiter?.acquire(request.cost ?? 1);
      const started = performance.now();
      const { attempt, path } = await attemptOnce(request, redact);
      const durationMs = performance.now() - started;
      calls.set(request.method, (calls.get(request.method) ?? 0) + 1);
      const status = attempt.kind === 'response' ? attempt.response.status : undefined;
      options.onCall?.({ system, method: request.method, path, status, durationMs: Math.round(durationMs), attempt: attemptNumber });

      const fail = (init: Omit<SyncHttpErrorInit, 'system' | 'method' | 'path'>): SyncHttpError =>
        new SyncHttpError({ system, method: request.method, path, ...init, hint: init.hint ?? hintFor(init.kind, system) });
      const retriesLeft = attemptNumber <= policy.maxRetries;
      const backoff = (): number => backoffDelayMs(policy, attemptNumber - 1, random);

      if (attempt.kind === 'too-large') {
        // The server did answer, so a create may well have happened; a read is not worth repeating.
        if (!idempotent) throw fail({ kind: 'outcome-unknown', retryable: false, platformMessage: attempt.message });
        throw fail({ kind: 'protocol', retryable: false, platformMessage: attempt.message, hint: `${system}'s API sends no answers this large: check its URL in the config.` });
      }
      if (attempt.kind !== 'response') {
        const cause = new Error(`${attempt.code}: ${attempt.message}`);
        if (attempt.kind === 'lost' && !idempotent) {
          throw fail({ kind: 'outcome-unknown', retryable: false, cause, platformMessage: attempt.message });
        }
        if (retriesLeft) {
          await sleep(backoff());
          continue;
        }
        const kind = attempt.kind === 'unreachable' ? 'unreachable' : 'server';
        throw fail({ kind, retryable: true, cause, platformMessage: attempt.message });
      }

      const response = attempt.response;
      clockSkewMs = clockSkewFromHeaders(response.headers, Date.now()) ?? clockSkewMs;
      const body = parseBody(response);
      rateLimiter?.observe({ status: response.status, headers: response.headers, data: body.value });
      if (inFlight) {
        inFlight.observe(durationMs);
        limit.concurrency = inFlight.target();
      }
      const answered: HttpResponse = { ...response, data: body.value };
      const retryAfterMs = parseRetryAfterMs(response.headers['retry-after']);

      // Throttled requests were not processed: waiting and sending again is safe for any method.
      if (response.status === 429 || (body.json && options.isThrottled?.(answered))) {
        if (retriesLeft) {
          await sleep(retryAfterMs ?? backoff());
          continue;
        }
        throw platformFailure(fail, 'rate-limited', response, body.value, parseError, redact);
      }
      if (response.status >= 500) {
        if (!idempotent) {
          throw platformFailure(fail, 'outcome-unknown', response, body.value, parseError, redact);
        }
        if (retriesLeft) {
          await sleep(retryAfterMs ?? backoff());
          continue;
        }
        throw platformFailure(fail, 'server', response, body.value, parseError, redact);
      }
      if (response.status >= 200 && response.status < 300) {
        if (request.responseType !== 'text' && request.responseType !== 'bytes' && !body.json) {
          throw fail({
            kind: 'protocol',
            status: response.status,
            retryable: false,
            platformMessage: `expected JSON, got ${response.headers['content-type'] ?? 'no content type'}`,
          });
        }
        const data = request.responseType === 'bytes' ? Buffer.from(response.data, 'latin1') : request.responseType === 'text' ? response.data : body.value;
        return { status: response.status, headers: response.headers, data: data as T };
      }
      throw platformFailure(fail, kindOfStatus(response.status), response, body.value, parseError, redact);
    }
  }

  return {
    system,
    request: <T>(request: HttpRequest) => limit(() => send<T>(request)),
    callCount: (method?: HttpMethod) =>
      method ? (calls.get(method) ?? 0) : [...calls.values()].reduce((sum, count) => sum + count, 0),
    clockSkewMs: () => clockSkewMs,
  };
}

function platformFailure(
  fail: (init: Omit<SyncHttpErrorInit, 'system' | 'method' | 'path'>) => SyncHttpError,
  kind: HttpErrorKind,
  response: HttpResponse<string>,
  body: unknown,
  parseError: NonNullable<HttpClientOptions['parseError']>,
  redact: Redactor,
): SyncHttpError {
  const platform = parseError(response.status, body, response.headers);
  return fail({
    kind,
    status: response.status,
    code: platform.code === undefined ? undefined : redact(platform.code),
    platformMessage: platform.message === undefined ? undefined : redact(platform.message),
    details: redactValue(platform.details, redact),
    refused: platform.refused,
    hint: platform.hint === undefined ? undefined : redact(platform.hint),
    retryable: kind === 'rate-limited' || kind === 'server',
  });
}

function kindOfStatus(status: number): HttpErrorKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not-found';
  if (status === 400 || status === 409 || status === 422) return 'validation';
  return 'protocol';
}

function hintFor(kind: HttpErrorKind, system: string): string | undefined {
  switch (kind) {
    case 'auth':
      return `Check the ${system} credentials in the config.`;
    case 'forbidden':
      return `The ${system} credentials lack a permission or scope for this call.`;
    case 'unreachable':
      return `Check the ${system} URL and the network.`;
    case 'rate-limited':
      return `${system} kept refusing with 429; lower the concurrency or run later.`;
    case 'outcome-unknown':
      return 'The request may have been applied; it is looked up by its reference before any retry.';
    default:
      return undefined;
  }
}

/** Reads the common envelopes: `{message}`, `{code, message}`, `{errors: …}`, `{errorCode}`. */
function parseGenericError(_status: number, body: unknown): PlatformError {
  if (typeof body === 'string') return { message: body.slice(0, 200) || undefined };
  if (body === null || typeof body !== 'object') return {};
  const record = body as Record<string, unknown>;
  const code = record.code ?? record.errorCode;
  const message = record.message ?? (typeof record.errors === 'string' ? record.errors : undefined);
  return {
    code: typeof code === 'string' ? code : undefined,
    message: typeof message === 'string' ? message : undefined,
    details: record.errors ?? record.data,
  };
}

function parseBody(response: HttpResponse<string>): { json: boolean; value: unknown } {
  const text = response.data;
  if (text.trim() === '') return { json: true, value: undefined };
  const type = response.headers['content-type'];
  if (type !== undefined && !/json/i.test(type)) return { json: false, value: text };
  try {
    return { json: true, value: JSON.parse(text) as unknown };
  } catch {
    return { json: false, value: text };
  }
}

function flattenQuery(query: HttpRequest['query']): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) pairs.push([key, String(item)]);
    else pairs.push([key, String(value)]);
  }
  return pairs;
}

function joinUrl(baseURL: string, path: string): string {
  return `${baseURL.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
