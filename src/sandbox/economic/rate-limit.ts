import type { SimRateLimit } from '../harness/types.js';
import { SimTokenBucket } from '../harness/token-bucket.js';
import { ERROR_CODES, errorResponse } from './errors.js';

/**
 * e-conomic's token bucket per agreement (as observed on a trial agreement): every answer carries
 * `X-CallCost` and `X-RateLimiting: token-limit-10000-per-60-seconds: <used>/10000`; refused calls
 * (400s) cost tokens too; an empty bucket answers 429. Retry-After and the 429 body are
 * UNCONFIRMED: seconds until the call's cost is back, in the legacy envelope.
 */
export interface EconomicRateLimitSettings {
  /** Tokens per window (10,000 observed). */
  limit: number;
  windowSeconds: number;
  /** Tokens one call costs (X-CallCost). */
  callCost: number;
  now?: () => number;
}

export const DEFAULT_RATE_LIMIT: EconomicRateLimitSettings = { limit: 10_000, windowSeconds: 60, callCost: 1 };

export function economicRateLimit(settings: EconomicRateLimitSettings): SimRateLimit {
  const bucket = new SimTokenBucket({
    capacity: settings.limit,
    refillPerSecond: settings.limit / settings.windowSeconds,
    ...(settings.now ? { now: settings.now } : {}),
  });
  return {
    take() {
      const allowed = bucket.take(settings.callCost);
      const headers = {
        'x-callcost': String(settings.callCost),
        'x-ratelimiting': `token-limit-${settings.limit}-per-${settings.windowSeconds}-seconds: ${bucket.used()}/${settings.limit}`,
      };
      if (allowed) return { allowed, headers };
      const retryAfter = Math.max(1, Math.ceil(bucket.secondsUntil(settings.callCost)));
      const refusal = errorResponse(
        429,
        ERROR_CODES.rateLimited,
        'Too many requests.',
        'The agreement has used its API tokens for now; wait for Retry-After seconds.',
      );
      return { allowed, headers, refusal: { ...refusal, headers: { 'retry-after': String(retryAfter) } } };
    },
  };
}
