import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/sandbox/harness/random.js';
import { SimTokenBucket } from '../../src/sandbox/harness/token-bucket.js';
import { parseRetryAfterMs } from '../../src/connectors/http/retry.js';

describe('SimTokenBucket', () => {
  it('refuses when empty, refills at its rate and never above capacity', () => {
    let now = 0;
    const bucket = new SimTokenBucket({ capacity: 3, refillPerSecond: 2, now: () => now });
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    expect(bucket.secondsUntil()).toBe(0.5);
    now = 500;
    expect(bucket.take()).toBe(true);
    now = 60_000;
    expect(bucket.remaining()).toBe(3);
    expect(bucket.used()).toBe(0);
    expect(bucket.take(2)).toBe(true);
    bucket.refund(5);
    expect(bucket.remaining()).toBe(3);
  });
});

describe('seededRandom', () => {
  it('repeats for a seed, differs between seeds, and stays in [0, 1)', () => {
    const draw = (seed: number) => Array.from({ length: 1_000 }, seededRandom(seed));
    const first = draw(1);
    expect(draw(1)).toEqual(first);
    expect(draw(2)).not.toEqual(first);
    expect(first.every((value) => value >= 0 && value < 1)).toBe(true);
    const mean = first.reduce((sum, value) => sum + value, 0) / first.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });
});

describe('parseRetryAfterMs', () => {
  it('reads whole and fractional seconds and HTTP dates', () => {
    const now = Date.parse('2026-05-27T10:15:00Z');
    expect(parseRetryAfterMs('2')).toBe(2_000);
    expect(parseRetryAfterMs('2.0')).toBe(2_000);
    expect(parseRetryAfterMs('0.25')).toBe(250);
    expect(parseRetryAfterMs('Wed, 27 May 2026 10:15:03 GMT', now)).toBe(3_000);
    expect(parseRetryAfterMs('Wed, 27 May 2026 10:14:00 GMT', now)).toBe(0);
    expect(parseRetryAfterMs('soon')).toBeUndefined();
    expect(parseRetryAfterMs(undefined)).toBeUndefined();
  });
});
