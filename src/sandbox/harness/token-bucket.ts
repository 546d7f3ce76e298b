/**
 * The server side of a token-bucket rate limit, for simulators' own rate-limit models
 * (e-conomic's token bucket, Rackbeat's per-minute limit, Shopify's leaky bucket).
 * The clock is injectable so tests can move time by hand.
 */
export interface SimTokenBucketOptions {
  capacity: number;
  refillPerSecond: number;
  /** Milliseconds; defaults to a monotonic clock. */
  now?: () => number;
}

export class SimTokenBucket {
  readonly capacity: number;
  readonly refillPerSecond: number;
  private readonly now: () => number;
  private tokens: number;
  private updatedAt: number;

  constructor(options: SimTokenBucketOptions) {
    this.capacity = options.capacity;
    this.refillPerSecond = options.refillPerSecond;
    this.now = options.now ?? (() => performance.now());
    this.tokens = options.capacity;
    this.updatedAt = this.now();
  }

  /** Takes `cost` tokens when the bucket holds them; false (and nothing taken) otherwise. */
  take(cost = 1): boolean {
    this.refill();
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }

  /** Gives tokens back, up to the capacity (Shopify refunds requested minus actual query cost). */
  refund(tokens: number): void {
    this.refill();
    this.tokens = Math.min(this.capacity, this.tokens + Math.max(0, tokens));
  }

  /** Whole tokens left now. */
  remaining(): number {
    this.refill();
    return Math.floor(this.tokens);
  }

  /** Tokens used out of the capacity, rounded up (what `used/limit` headers show). */
  used(): number {
    return this.capacity - this.remaining();
  }

  /** Seconds until `cost` tokens are available (0 when they are now). */
  secondsUntil(cost = 1): number {
    this.refill();
    const missing = cost - this.tokens;
    return missing <= 0 ? 0 : missing / this.refillPerSecond;
  }

  private refill(): void {
    const now = this.now();
    const elapsedSeconds = Math.max(0, now - this.updatedAt) / 1000;
    this.tokens = Math.min(this.capacity, this.tokens + elapsedSeconds * this.refillPerSecond);
    this.updatedAt = now;
  }
}
