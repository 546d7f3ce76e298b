/**
 * Readers of the platforms' rate-limit response headers, for TokenBucketLimiter's resync.
 * Header names arrive in lower case from the http layer.
 */
export interface RateHeaderReading {
  /** Requests (or tokens) the bucket holds when full. */
  limit?: number;
  /** Left now. */
  remaining?: number;
  /** When given with limit, the bucket refills `limit` per this many seconds. */
  windowSeconds?: number;
}

/**
 * e-conomic: `X-RateLimiting: token-limit-10000-per-60-seconds: 147/10000` (as observed on a trial
 * agreement).
 */
export function parseEconomicRateHeaders(headers: Record<string, string>): RateHeaderReading | undefined {
  const value = headers['x-ratelimiting'];
  const match = value?.match(/limit-(\d+)-per-(\d+)-seconds:\s*(\d+)\s*\/\s*(\d+)/);
  if (!match) return undefined;
  const limit = Number(match[4]);
  return { limit, windowSeconds: Number(match[2]), remaining: limit - Number(match[3]) };
}

/**
 * Rackbeat (Laravel throttle): `X-RateLimit-Limit`, `X-RateLimit-Remaining` (read by the
 * laravel-rackbeat client; Rackbeat's docs do not describe them).
 */
export function parseRackbeatRateHeaders(headers: Record<string, string>): RateHeaderReading | undefined {
  const remaining = headers['x-ratelimit-remaining'];
  if (remaining === undefined || !/^\d+$/.test(remaining)) return undefined;
  const limit = headers['x-ratelimit-limit'];
  return {
    remaining: Number(remaining),
    ...(limit !== undefined && /^\d+$/.test(limit) ? { limit: Number(limit) } : {}),
  };
}

/** Shopify REST: `X-Shopify-Shop-Api-Call-Limit: 32/40` = 32 used of 40 (Shopify API docs, "API limits"). */
export function parseShopifyRestRateHeaders(headers: Record<string, string>): RateHeaderReading | undefined {
  const match = headers['x-shopify-shop-api-call-limit']?.match(/^(\d+)\/(\d+)$/);
  if (!match) return undefined;
  const limit = Number(match[2]);
  return { limit, remaining: limit - Number(match[1]) };
}
