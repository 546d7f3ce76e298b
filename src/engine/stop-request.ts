/**
 * Why a run stops before it is done, when nothing went wrong with the records: a signal, a time
 * limit, a lost lock. The engine checks for it before every record (run-leg.ts): records in flight
 * finish and are recorded, no new one starts, the checkpoint stays before what was not handled, and
 * the run is recorded as `interrupted`. A create cut short by a harder stop (kill -9) is safe too:
 * its intent row makes the next run look it up first (protocol steps 6 and 7).
 */
export class StopRequest extends Error {
  constructor(
    message: string,
    /** The run's exit code; unset: the records decide (0, or 1 when some failed or are unresolved). */
    readonly exitCode?: number,
  ) {
    super(message);
    this.name = 'StopRequest';
  }
}

/** A stop request from an AbortSignal's reason (anything abort() was given). */
export function stopRequestOf(reason: unknown): StopRequest {
  return reason instanceof StopRequest ? reason : new StopRequest(reason instanceof Error ? reason.message : String(reason));
}
