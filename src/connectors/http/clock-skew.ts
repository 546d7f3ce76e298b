/**
 * How far a server's clock runs from ours, read from the `Date` header of its answers (RFC 9110
 * §6.6.1: when the origin made the answer, in whole seconds). Negative: the server is behind. The
 * header drops the fraction of its second and the answer takes a while to arrive, so the reading
 * errs towards "behind" by up to a second plus the latency, the safe side for widening a cursor.
 * Answers from a cache (an `Age` header) are left out: their Date is when the origin made them.
 */
export function clockSkewFromHeaders(headers: Record<string, string>, receivedAtMs: number): number | undefined {
  if (headers.date === undefined || headers.age !== undefined) return undefined;
  const stamped = Date.parse(headers.date);
  return Number.isNaN(stamped) ? undefined : stamped - receivedAtMs;
}
