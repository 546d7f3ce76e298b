import { SimTokenBucket } from '../harness/token-bucket.js';
import type { SimRateLimit } from '../harness/types.js';

/**
 * Rackbeat's limit: Laravel's throttle, so `X-RateLimit-Limit`/`X-RateLimit-Remaining` on every
 * answer and 429 `{"message": "Too Many Attempts."}` with `Retry-After` and `X-RateLimit-Reset`
 * when it trips. The numbers are unconfirmed: 480 a minute is the laravel-rackbeat client's
 * default; a token bucket refilling perMinute/60 a second stands in for Laravel's minute window.
 */
export interface RackbeatRateLimitSettings {
  perMinute: number;
  /** Requests allowed at once when idle (default: the whole minute's worth, as in a fresh window). */
  burst?: number;
}

export const DEFAULT_RACKBEAT_RATE_LIMIT: RackbeatRateLimitSettings = { perMinute: 480 };

export function rackbeatRateLimit(settings: RackbeatRateLimitSettings, now?: () => number): SimRateLimit {
  const bucket = new SimTokenBucket({
    capacity: settings.burst ?? settings.perMinute,
    refillPerSecond: settings.perMinute / 60,
    ...(now ? { now } : {}),
  });
  return {
    take() {
      const allowed = bucket.take();
      const headers = {
        'X-RateLimit-Limit': String(settings.perMinute),
        'X-RateLimit-Remaining': String(bucket.remaining()),
      };
      if (allowed) return { allowed, headers };
      const retryAfter = Math.max(1, Math.ceil(bucket.secondsUntil()));
      const refusalHeaders = {
        ...headers,
        'Retry-After': String(retryAfter),
        'X-RateLimit-Reset': String(Math.ceil(Date.now() / 1000) + retryAfter),
      };
      return {
        allowed,
        headers: refusalHeaders,
        refusal: { status: 429, headers: refusalHeaders, body: { message: 'Too Many Attempts.' } },
      };
    },
  };
}
