import type { SimHandler, SimResponse } from '../harness/types.js';
import { ERROR_CODES, errorResponse } from './errors.js';

/**
 * `Idempotency-Key` (e-conomic TechTalk, "Idempotency tokens in e-conomic APIs"): a repeated write
 * with the same key within 1 hour answers the cached original response with
 * `X-ResultFromCache: true` (a key belongs to the agreement, whatever the path). Reusing a key with
 * another body is UNCONFIRMED: 'replay' (default) answers the cached response anyway; 'reject'
 * answers 400.
 */
export interface IdempotencySettings {
  keyReuse: 'replay' | 'reject';
  ttlMs: number;
  now: () => number;
}

interface CachedAnswer {
  at: number;
  rawBody: string;
  response: SimResponse;
}

export class IdempotencyCache {
  private readonly answers = new Map<string, CachedAnswer>();

  constructor(private readonly settings: IdempotencySettings) {}

  /** Wraps a write handler; requests without the header pass straight through. */
  wrap(handler: SimHandler): SimHandler {
    return async (request) => {
      const key = request.headers['idempotency-key'];
      if (!key) return handler(request);
      const cached = this.answers.get(key);
      if (cached && this.settings.now() - cached.at < this.settings.ttlMs) {
        if (cached.rawBody !== request.rawBody && this.settings.keyReuse === 'reject') {
          return errorResponse(400, ERROR_CODES.invalid, 'Idempotency-Key was used with another request.', 'Use a new key for a new request.');
        }
        return { ...cached.response, headers: { ...cached.response.headers, 'x-resultfromcache': 'true' } };
      }
      const response = await handler(request);
      this.answers.set(key, { at: this.settings.now(), rawBody: request.rawBody, response });
      return response;
    };
  }
}
