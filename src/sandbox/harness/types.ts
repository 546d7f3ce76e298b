import type { SystemName } from '../../connectors/systems.js';

/**
 * The contract every simulator is built on (issue "HTTP layer, simulator harness, sandbox").
 * A simulator is a set of routes plus an auth check and a rate-limit model; the harness gives it
 * a real HTTP server on loopback, a write log, injectable faults and latency.
 */
export type SimMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface SimRequest {
  method: SimMethod;
  /** The path without the query, percent-decoding left to the route (raw, as sent). */
  path: string;
  /** Route parameters from `:name` segments, percent-decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** Parsed JSON body, or the raw text when it was not JSON, or undefined when empty. */
  body: unknown;
  rawBody: string;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as JSON unless it is a string. */
  body?: unknown;
}

export type SimHandler = (request: SimRequest) => SimResponse | Promise<SimResponse>;

export interface SimRoute {
  method: SimMethod;
  /** `/orders/:number`, `/orders/:number/book`; a `*` segment matches the rest. */
  pattern: string;
  handler: SimHandler;
}

/** A rate-limit model: may refuse a request and adds the platform's own headers to every answer. */
export interface SimRateLimit {
  /** Called once per request before the handler. */
  take(request: SimRequest): { allowed: boolean; headers: Record<string, string>; refusal?: SimResponse };
}

export type FaultKind =
  | 'latency' // wait `ms` before handling
  | 'rate-limit' // answer 429 with Retry-After `retryAfterSeconds`, without handling
  | 'server-error' // answer `status` (default 500) without handling
  | 'reset' // destroy the connection before handling: nothing applied
  | 'commit-then-drop' // handle (apply the write), then destroy the connection with no response
  | 'trickle'; // handle (apply the write), send the status, then the body one byte every `ms` (default 500) for ever

export interface FaultRule {
  kind: FaultKind;
  /** Which requests: method (or `*`) and a route pattern as in SimRoute, e.g. `POST /orders`. */
  match: string;
  /** Hit the next N matching requests (default: every one until cleared). */
  times?: number;
  /** Or hit each matching request with this probability, drawn from the seeded random source. */
  probability?: number;
  ms?: number;
  status?: number;
  retryAfterSeconds?: number;
}

export interface WriteLogEntry {
  method: SimMethod;
  path: string;
  query: string;
  body: unknown;
  status: number;
  at: string;
}

export interface SimulatorDefinition {
  system: SystemName;
  routes: SimRoute[];
  /** Returns a refusal (401 in the platform's shape) or undefined when the credentials are good. */
  authenticate?: (request: SimRequest) => SimResponse | undefined;
  rateLimit?: SimRateLimit;
  /** Answers for unknown routes in the platform's shape (default: 404 `{"message":"Not found"}`). */
  notFound?: (request: SimRequest) => SimResponse;
  /** The system's own clock in ms (default: ours): every answer's `Date` header shows it, as a real server's does. */
  clock?: () => number;
}

export interface SimulatorServerOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Latency added to every request. */
  latencyMs?: number;
  /** Serve HTTPS with this key and certificate (PEM). */
  tls?: { key: string; cert: string };
  /** Seed of the random source used for probabilistic faults. */
  seed?: number;
}

export interface RunningSimulator {
  readonly system: SystemName;
  /** `http://127.0.0.1:PORT` (or https). */
  readonly url: string;
  readonly port: number;
  /** Every mutating request (POST, PUT, PATCH, DELETE) that reached the simulator, in order. */
  readonly writeLog: WriteLogEntry[];
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  setLatency(ms: number): void;
  close(): Promise<void>;
}
