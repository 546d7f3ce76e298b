import type { SystemName } from '../systems.js';
import type { RefusedParts } from './errors.js';

/**
 * The contract of the shared HTTP layer. Every connector builds one
 * HttpClient per system and credential with createHttpClient() from ./client.ts and never
 * sends a request any other way.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  /** Path relative to the client's baseURL, already encoded (e.g. `/products/GIFT%2FBOX%2001`). */
  path: string;
  /** Query parameters; arrays repeat the key; undefined values are left out. */
  query?: Record<string, string | number | boolean | undefined | ReadonlyArray<string | number>>;
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * Whether repeating the request is safe. Defaults: GET, PUT, DELETE yes; POST, PATCH no.
   * A GraphQL query sent by POST passes `true`; a mutation leaves it false.
   */
  idempotent?: boolean;
  /** What the body must be: `json` (default; anything else is a protocol error), `text` (CSV) or `bytes` (a PDF, as a Buffer). */
  responseType?: 'json' | 'text' | 'bytes';
  /** Rate-limiter cost of this request (default 1; Shopify GraphQL passes its estimated query cost). */
  cost?: number;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  data: T;
}

/** Adds credentials to a request (Basic, Bearer, token headers, OAuth 1.0a signature). */
export interface AuthPlugin {
  /** Values that must never be printed: the http layer redacts them from every message. */
  secrets(): string[];
  /** Returns the headers and query parameters to add; may renew an expiring token first. */
  apply(request: { method: HttpMethod; url: string; query: Record<string, string> }): Promise<{
    headers?: Record<string, string>;
    query?: Record<string, string>;
  }>;
}

/** Decides when a request may be sent and learns from each response. */
export interface RateLimiter {
  /** Waits until a request of this cost may go out. Cost is 1 for REST; GraphQL passes its estimate. */
  acquire(cost?: number): Promise<void>;
  /** Learns from the response (rate headers, GraphQL throttleStatus). */
  observe(response: { status: number; headers: Record<string, string>; data: unknown }): void;
  /** Requests a second it lets through at length, as far as it knows now (sizes the requests in flight). */
  requestsPerSecond?(): number | undefined;
}

/** What the platform said, taken apart from an error response body. */
export interface PlatformError {
  code?: string | undefined;
  message?: string | undefined;
  details?: unknown;
  /** What of our request it refused, in our terms (a connector that reads its validation answers). */
  refused?: RefusedParts | undefined;
  hint?: string | undefined;
}

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Exponential backoff with full jitter: random(0, min(maxDelayMs, baseDelayMs * 2^attempt)). */
  baseDelayMs: number;
  maxDelayMs: number;
}

/** One finished HTTP call, for --verbose, the transfer log and the benchmarks' call counters. */
export interface CallRecord {
  system: SystemName;
  method: HttpMethod;
  /** Path and query with secrets redacted. */
  path: string;
  status: number | undefined;
  durationMs: number;
  attempt: number;
}

export interface HttpClientOptions {
  system: SystemName;
  baseURL: string;
  auth: AuthPlugin;
  /** Idle timeout: the longest wait for the next byte (default 30 s). */
  timeoutMs?: number;
  /**
   * Overall deadline of one attempt, from sending to the last byte of the answer (default 60 s): a
   * server that trickles bytes keeps an idle timeout from ever firing, never this.
   */
  deadlineMs?: number;
  /** Answers larger than this many bytes are cut off and refused (default 50 MB), chunked ones too. */
  maxResponseBytes?: number;
  rateLimiter?: RateLimiter;
  retry?: Partial<RetryPolicy>;
  /**
   * At most this many requests in flight for this client. Left out: it follows the rate limiter's
   * rate × the observed latency (in-flight.ts).
   */
  concurrency?: number;
  /** Reads the platform's error envelope (and headers); the http layer builds the SyncHttpError from it. */
  parseError?: (status: number, body: unknown, headers: Record<string, string>) => PlatformError;
  /** Called after every attempt, for --verbose and the transfer log. */
  onCall?: (call: CallRecord) => void;
  /**
   * Whether a successful-looking answer was in fact throttled and not processed (Shopify GraphQL:
   * 200 with a THROTTLED error). Treated like a 429: waited out and retried, whatever the method.
   */
  isThrottled?: (response: HttpResponse) => boolean;
  /** Injectable for tests: the jitter source (default Math.random) and the backoff sleep. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface HttpClient {
  readonly system: SystemName;
  /** Sends the request under the rate limiter and retry policy; throws SyncHttpError. */
  request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>>;
  /** HTTP calls sent so far (every attempt counts), all or of one method, for the benchmarks. */
  callCount(method?: HttpMethod): number;
  /**
   * How far the server's clock ran from ours at its latest answer with a `Date` header (ms; negative:
   * behind), or undefined before any. A webshop stamps its orders by that clock.
   */
  clockSkewMs(): number | undefined;
}
