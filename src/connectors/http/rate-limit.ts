import type { RateLimiter } from './types.js';
import type { RateHeaderReading } from './rate-headers.js';

/**
 * Client-side rate limiters, one per system and credential, so the tool runs near a platform's
 * limit without tripping it. Both resync from what the platform reports.
 */

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const monotonicNow = (): number => performance.now();

/**
 * The bucket both limiters keep: a level that refills at a rate up to a capacity. Acquirers wait
 * in line, so a burst is served in order and none starves.
 */
/** Below this, a shortfall of tokens is floating-point noise. */
const EPSILON = 1e-6;

class WaitingBucket {
  private updatedAt: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private capacity: number,
    private refillPerSecond: number,
    private level: number,
    private readonly now: () => number,
    private readonly sleep: Sleep,
  ) {
    this.updatedAt = now();
  }

  acquire(cost: number): Promise<void> {
    const turn = this.queue.then(() => this.take(Math.min(cost, this.capacity)));
    this.queue = turn;
    return turn;
  }

  /** What the platform reports; each value left undefined keeps ours. */
  resync(reading: { capacity?: number; refillPerSecond?: number; level?: number }): void {
    this.refill();
    this.capacity = reading.capacity ?? this.capacity;
    this.refillPerSecond = reading.refillPerSecond ?? this.refillPerSecond;
    this.level = Math.min(this.capacity, reading.level ?? this.level);
  }

  /** Lowers the level to at most this (the platform counted more use than we did). */
  lowerTo(level: number): void {
    this.refill();
    this.level = Math.min(this.level, level);
  }

  /** Tokens a second it refills. */
  get rate(): number {
    return this.refillPerSecond;
  }

  private async take(cost: number): Promise<void> {
    for (;;) {
      this.refill();
      // Refills are fractional: a level a hair under the cost is full enough. Otherwise wait at least
      // a whole millisecond, so the clock (in ms) always moves and the loop cannot spin in place.
      if (this.level >= cost - EPSILON) {
        this.level = Math.max(0, this.level - cost);
        return;
      }
      await this.sleep(Math.max(1, Math.ceil(((cost - this.level) / this.refillPerSecond) * 1000)));
    }
  }

  private refill(): void {
    const now = this.now();
    const elapsedSeconds = Math.max(0, now - this.updatedAt) / 1000;
    this.level = Math.min(this.capacity, this.level + elapsedSeconds * this.refillPerSecond);
    this.updatedAt = now;
  }
}

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
  private readonly bucket: WaitingBucket;
  private readonly parseHeaders: TokenBucketLimiterOptions['parseHeaders'];
  /** Whether the platform has told us its count yet. */
  private counted = false;

  constructor(options: TokenBucketLimiterOptions) {
    const { capacity, refillPerSecond } = options;
    this.bucket = new WaitingBucket(capacity, refillPerSecond, capacity, options.now ?? monotonicNow, options.sleep ?? realSleep);
    this.parseHeaders = options.parseHeaders;
  }

  acquire(cost = 1): Promise<void> {
    return this.bucket.acquire(cost);
  }

  observe(response: { status: number; headers: Record<string, string> }): void {
    const reading = this.parseHeaders?.(response.headers);
    if (reading?.limit !== undefined && reading.windowSeconds !== undefined) {
      this.bucket.resync({ capacity: reading.limit, refillPerSecond: reading.limit / reading.windowSeconds });
    }
    if (reading?.remaining !== undefined) {
      if (this.counted) {
        // The platform's count wins when it is lower (another client may share the bucket), but not
        // when higher: requests we sent after this one are not in its count yet.
        this.bucket.lowerTo(reading.remaining);
      } else {
        // Its first count sets the level, up to the whole burst it allows: the bucket starts as full as
        // the platform says, not at our guess (a run's first call, /self, goes alone).
        this.counted = true;
        this.bucket.resync({ level: reading.remaining });
      }
    }
    // A 429 means the platform's bucket is empty, whatever we believed.
    if (response.status === 429) this.bucket.lowerTo(0);
  }

  requestsPerSecond(): number {
    return this.bucket.rate;
  }
}

export interface CostBucketLimiterOptions {
  /** Until the first response tells us: Shopify's older documented defaults (Shopify API docs, "API limits"). */
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
 * requested cost (Shopify API docs, "API limits"). acquire(estimate) reserves the estimate; every
 * response's throttleStatus resets our view of the bucket (it already includes the refund of unused
 * cost).
 */
export class CostBucketLimiter implements RateLimiter {
  private readonly bucket: WaitingBucket;
  /** Moving average of what a query costs, to turn the restore rate into queries a second. */
  private averageCost: number | undefined;

  constructor(options: CostBucketLimiterOptions = {}) {
    const maximumAvailable = options.maximumAvailable ?? 1000;
    const restoreRate = options.restoreRate ?? 50;
    this.bucket = new WaitingBucket(maximumAvailable, restoreRate, maximumAvailable, options.now ?? monotonicNow, options.sleep ?? realSleep);
  }

  acquire(cost = 1): Promise<void> {
    this.averageCost = this.averageCost === undefined ? cost : this.averageCost + 0.2 * (cost - this.averageCost);
    return this.bucket.acquire(cost);
  }

  requestsPerSecond(): number | undefined {
    return this.averageCost === undefined ? undefined : this.bucket.rate / Math.max(1, this.averageCost);
  }

  observe(response: { data: unknown }): void {
    const status = readThrottleStatus(response.data);
    if (!status) return;
    this.bucket.resync({ capacity: status.maximumAvailable, refillPerSecond: status.restoreRate, level: status.currentlyAvailable });
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
