import type { Store } from '../store/database.js';
import { bindIdentity, type SystemIdentity } from '../store/identity.js';
import { acquireRunLock, type AcquireLockOptions } from '../store/lock.js';
import { finishRun, markUnfinishedRunsCrashed, startRun, type RunCounts, type RunResult } from '../store/runs.js';
import type { Redactor } from '../store/transfers.js';
import type { Leg, SourceRecord } from './leg.js';
import { runLeg, type LegResult, type ProgressEvent } from './run-leg.js';
import type { EngineSettings } from './settings.js';
import { StopRequest, stopRequestOf } from './stop-request.js';

export interface RunFlowOptions {
  store: Store;
  flow: string;
  /** The command line, without secrets, for the runs table and whoever finds the lock held. */
  command: string;
  /** Run in order; a leg stopped by a systemic error stops the ones after it. */
  legs: ReadonlyArray<Leg<SourceRecord>>;
  settings: EngineSettings;
  redact: Redactor;
  dryRun?: boolean;
  /** The systems this run talks to (from their /self): the store refuses others (exit 2). */
  identity?: readonly SystemIdentity[];
  onProgress?: (event: ProgressEvent) => void;
  lock?: Omit<AcquireLockOptions, 'command'>;
  /** Backfill every leg from this time once (checkpoints still only move forward). */
  since?: Date | undefined;
  /** Called before each leg: source ids to run alone (no cursor, no checkpoint move), or undefined for a normal run. */
  select?: ((leg: Leg<SourceRecord>) => string[] | undefined) | undefined;
  /** Asks the run to stop (a signal, a time limit); its reason, best a StopRequest, says why and with which exit code. */
  stop?: AbortSignal | undefined;
}

export interface FlowResult {
  runId: number;
  legs: LegResult[];
  result: RunResult;
  /**
   * 0 all good · 1 some records failed or are unresolved · 3 a systemic error stopped the run ·
   * 75 the lock was taken over · a stop request's own code.
   */
  exitCode: number;
  message?: string | undefined;
}

const LOCK_TAKEN_OVER = new StopRequest('the run lock was taken over by another run: stopped before writing anything more', 75);

/**
 * One run of a flow under the protocol: takes the run lock (LockHeldError, exit 75), checks the
 * store's identity (IdentityMismatchError, exit 2), runs the legs and records the run. Before
 * every record it asks whether to stop: a lost lock or a stop request ends the run `interrupted`.
 */
export async function runFlow(options: RunFlowOptions): Promise<FlowResult> {
  const { store } = options;
  const lock = acquireRunLock(store, { command: options.command, ...options.lock });
  try {
    if (options.identity) bindIdentity(store, options.identity);
    markUnfinishedRunsCrashed(store);
    const dryRun = options.dryRun ?? false;
    const runId = startRun(store, { flow: options.flow, command: options.command, dryRun });
    const shouldStop = (): StopRequest | undefined => {
      if (lock.lost()) return LOCK_TAKEN_OVER;
      return options.stop?.aborted ? stopRequestOf(options.stop.reason) : undefined;
    };
    const legs: LegResult[] = [];
    for (const leg of options.legs) {
      const result = await runLeg({
        store,
        runId,
        leg,
        settings: options.settings,
        dryRun,
        redact: options.redact,
        shouldStop,
        onProgress: options.onProgress,
        since: options.since,
        only: options.select?.(leg),
      });
      legs.push(result);
      if (result.stopped) break;
    }
    const stopped = legs.find((leg) => leg.stopped)?.stopped;
    const unresolved = legs.some((leg) => leg.counts.failed > 0 || leg.counts.unknown > 0);
    const byRecords = unresolved ? 1 : 0;
    const interrupted = stopped?.error instanceof StopRequest ? stopped.error : undefined;
    const exitCode = interrupted ? (interrupted.exitCode ?? byRecords) : stopped ? 3 : byRecords;
    const result: RunResult = interrupted ? 'interrupted' : stopped ? 'stopped' : unresolved ? 'failed' : 'ok';
    const counts: Record<string, RunCounts> = Object.fromEntries(legs.map((leg) => [leg.leg, leg.counts]));
    finishRun(store, runId, { result, exitCode, counts, message: stopped?.message });
    return { runId, legs, result, exitCode, message: stopped?.message };
  } finally {
    lock.release();
  }
}
