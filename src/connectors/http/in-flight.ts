/**
 * How many requests one client keeps in flight (design, "HTTP layer": about limit × latency): as
 * many as the platform's rate fills during one round trip, twice over for the spread of round
 * trips, so the rate limiter and not the wait for answers is what holds a client back; and no
 * more, so a full bucket is not fired at once. Follows the limiter's current rate (adopted from the
 * platform's headers) and the latency of the answers so far.
 */
export class InFlightTarget {
  static readonly BEFORE_ANY_ANSWER = 4;
  static readonly FEWEST = 2;
  static readonly MOST = 64;
  /** Twice the rate × latency: round trips vary, and a request waiting on the limiter costs nothing. */
  static readonly HEADROOM = 2;
  /** Weight of the newest latency in the moving average. */
  private static readonly SMOOTHING = 0.2;
  private latencyMs: number | undefined;

  constructor(private readonly requestsPerSecond: () => number | undefined) {}

  /** One attempt's round trip, from sending to the whole answer. */
  observe(durationMs: number): void {
    this.latencyMs = this.latencyMs === undefined ? durationMs : this.latencyMs + InFlightTarget.SMOOTHING * (durationMs - this.latencyMs);
  }

  target(): number {
    const rate = this.requestsPerSecond();
    if (rate === undefined || this.latencyMs === undefined) return InFlightTarget.BEFORE_ANY_ANSWER;
    const wanted = Math.ceil((InFlightTarget.HEADROOM * rate * this.latencyMs) / 1000);
    return Math.min(InFlightTarget.MOST, Math.max(InFlightTarget.FEWEST, wanted));
  }
}
