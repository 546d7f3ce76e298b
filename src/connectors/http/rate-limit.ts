import type { RateLimiter } from './types.js';
import type { RateHeaderReading } from './rate-headers.js';

/**
 * Client-side rate limiters, one per system and credential, so the tool runs near a platform's
 * limit without tripping it. Both resync from what the platform reports.
 */

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const monotonicNow = (): number => performance.now();

export interface TokenBucketLimiterOptions {
  capacity: number;
  refillPerSecond: number;
  /** Reads the platform's rate headers (see rate-headers.ts) to resync the bucket. */
  parseHeaders?: (headers: Record<string, string>) => RateHeaderReading | undefined;
  now?: () => number;
  sleep?: Sleep;
}

/** Token bucket with a refill rate (e-conomic, Rackbeat, Shopify REST's leaky bucket). */
export class TokenBucketLimiter implements RateLimiter {
  private capacity: number;
  private refillPerSecond: number;
  private tokens: number;
  private updatedAt: number;
  private readonly now: () => number;
  private readonly sleep: Sleep;
  private readonly parseHeaders: TokenBucketLimiterOptions['parseHeaders'];
  /** Acquirers wait in line, so a burst is served in order and none starves. */
  private queue: Promise<void> = Promise.resolve();

  constructor(options: TokenBucketLimiterOptions) {
    this.capacity = options.capacity;
    this.refillPerSecond = options.refillPerSecond;
    this.now = options.now ?? monotonicNow;
    this.sleep = options.sleep ?? realSleep;
    this.parseHeaders = options.parseHeaders;
    this.tokens = options.capacity;
    this.updatedAt = this.now();
  }

  acquire(cost = 1): Promise<void> {
    const turn = this.queue.then(() => this.take(Math.min(cost, this.capacity)));
    this.queue = turn;
    return turn;
  }

  observe(response: { status: number; headers: Record<string, string> }): void {
    this.refill();
    const reading = this.parseHeaders?.(response.headers);
    if (reading) {
      if (reading.limit !== undefined && reading.windowSeconds !== undefined) {
        this.capacity = reading.limit;
        this.refillPerSecond = reading.limit / reading.windowSeconds;
      }
      // The platform's count wins when it is lower (another client may share the bucket).
      if (reading.remaining !== undefined) this.tokens = Math.min(this.tokens, reading.remaining);
    }
    // A 429 means the platform's bucket is empty, whatever we believed.
    if (response.status === 429) this.tokens = Math.min(this.tokens, 0);
  }

  private async take(cost: number): Promise<void> {
    for (;;) {
      this.refill();
      if (this.tokens >= cost) {
        this.tokens -= cost;
        return;
      }
      await this.sleep(((cost - this.tokens) / this.refillPerSecond) * 1000);
    }
  }

  private refill(): void {
    const now = this.now();
    const elapsedSeconds = Math.max(0, now - this.updatedAt) / 1000;
    this.tokens = Math.min(this.capacity, this.tokens + elapsedSeconds * this.refillPerSecond);
    this.updatedAt = now;
  }
}

export interface CostBucketLimiterOptions {
  /** Until the first response tells us: Shopify's older documented defaults (webshops.md §2). */
  maximumAvailable?: number;
  restoreRate?: number;
  now?: () => number;
  sleep?: Sleep;
}

/** Shopify GraphQL's `extensions.cost.throttleStatus`, as every response reports it. */
interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/**
 * Shopify GraphQL's calculated-cost bucket: a query may run only when the bucket holds its
 * requested cost (webshops.md §2). acquire(estimate) reserves the estimate; every response's
 * throttleStatus resets our view of the bucket (it already includes the refund of unused cost).
 */
export class CostBucketLimiter implements RateLimiter {
  private maximumAvailable: number;
  private restoreRate: number;
  private available: number;
  private updatedAt: number;
  private readonly now: () => number;
  private readonly sleep: Sleep;
  private queue: Promise<void> = Promise.resolve();

  constructor(options: CostBucketLimiterOptions = {}) {
    this.maximumAvailable = options.maximumAvailable ?? 1000;
    this.restoreRate = options.restoreRate ?? 50;
    this.available = this.maximumAvailable;
    this.now = options.now ?? monotonicNow;
    this.sleep = options.sleep ?? realSleep;
    this.updatedAt = this.now();
  }

  acquire(cost = 1): Promise<void> {
    const turn = this.queue.then(() => this.take(Math.min(cost, this.maximumAvailable)));
    this.queue = turn;
    return turn;
  }

  observe(response: { data: unknown }): void {
    const status = readThrottleStatus(response.data);
    if (!status) return;
    this.maximumAvailable = status.maximumAvailable;
    this.restoreRate = status.restoreRate;
    this.available = status.currentlyAvailable;
    this.updatedAt = this.now();
  }

  private async take(cost: number): Promise<void> {
    for (;;) {
      this.restore();
      if (this.available >= cost) {
        this.available -= cost;
        return;
      }
      await this.sleep(((cost - this.available) / this.restoreRate) * 1000);
    }
  }

  private restore(): void {
    const now = this.now();
    const elapsedSeconds = Math.max(0, now - this.updatedAt) / 1000;
    this.available = Math.min(this.maximumAvailable, this.available + elapsedSeconds * this.restoreRate);
    this.updatedAt = now;
  }
}

function readThrottleStatus(data: unknown): ThrottleStatus | undefined {
  const status = pick(pick(pick(data, 'extensions'), 'cost'), 'throttleStatus');
  const maximumAvailable = pick(status, 'maximumAvailable');
  const currentlyAvailable = pick(status, 'currentlyAvailable');
  const restoreRate = pick(status, 'restoreRate');
  if (typeof maximumAvailable !== 'number' || typeof currentlyAvailable !== 'number') return undefined;
  if (typeof restoreRate !== 'number' || restoreRate <= 0) return undefined;
  return { maximumAvailable, currentlyAvailable, restoreRate };
}

function pick(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}
