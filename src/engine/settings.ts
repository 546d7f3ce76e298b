/** How the engine runs a leg; flows take these from the config. */
export interface EngineSettings {
  /** Cut-over: records created before this are never transferred (protocol step 2). */
  startFrom: Date;
  /** The cursor starts this far before the checkpoint, to catch late writes (protocol step 3). */
  lookbackMs: number;
  /** Records in flight at once. */
  concurrency: number;
  /** A failing step is given up, with a visible reason, after this many attempts. */
  giveUpAfterAttempts: number;
  /** Backoff of parked failures: retryBaseMs · 2^(attempts-1), at most retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
}

export const DEFAULT_ENGINE_SETTINGS: Omit<EngineSettings, 'startFrom'> = {
  lookbackMs: 10 * 60_000,
  // Orders spend most of their time waiting on the network; the clients' rate limiters keep each system within its limit.
  concurrency: 8,
  giveUpAfterAttempts: 8,
  retryBaseMs: 5 * 60_000,
  retryMaxMs: 24 * 60 * 60_000,
};

/** When a step that has failed `attempts` times (this one included) is tried again. */
export function nextAttemptAt(now: Date, attempts: number, settings: EngineSettings): Date {
  const delay = Math.min(settings.retryMaxMs, settings.retryBaseMs * 2 ** Math.max(0, attempts - 1));
  return new Date(now.getTime() + delay);
}
