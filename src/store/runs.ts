import { nowIso, type Store } from './database.js';

/** stopped: by a systemic error · interrupted: by a signal, a time limit or a lost lock, after the records in flight. */
export type RunResult = 'ok' | 'failed' | 'stopped' | 'interrupted' | 'crashed';

export interface RunCounts {
  ok: number;
  skipped: number;
  failed: number;
  unknown: number;
  dryRun: number;
  unchanged: number;
  /** Transferred records that changed since in a way the flow does not carry over (flagged for a person). */
  attention: number;
}

export interface StartRunInput {
  flow: string;
  /** The command line, without secrets. */
  command: string;
  dryRun: boolean;
}

export interface FinishRunInput {
  result: RunResult;
  exitCode: number;
  /** Per leg. */
  counts: Record<string, RunCounts>;
  message?: string | undefined;
}

/** Starts a run row and returns its id (what transfers point at). */
export function startRun(store: Store, input: StartRunInput): number {
  const info = store.db
    .prepare('INSERT INTO runs (flow, command, dry_run, started_at) VALUES (?, ?, ?, ?)')
    .run(input.flow, input.command, input.dryRun ? 1 : 0, nowIso(store));
  return Number(info.lastInsertRowid);
}

export function finishRun(store: Store, runId: number, input: FinishRunInput): void {
  store.db
    .prepare('UPDATE runs SET finished_at = ?, result = ?, exit_code = ?, counts = ?, message = ? WHERE id = ?')
    .run(nowIso(store), input.result, input.exitCode, JSON.stringify(input.counts), input.message ?? null, runId);
}

/**
 * Runs left without a finish (the process was killed) are marked `crashed`, so status never shows
 * a dead run as still running. Called by the next run while it holds the lock.
 */
export function markUnfinishedRunsCrashed(store: Store): number {
  return store.db
    .prepare("UPDATE runs SET result = 'crashed', finished_at = ? WHERE finished_at IS NULL")
    .run(nowIso(store)).changes;
}

/** A run refused before it began (credentials, a system unreachable): one finished row saying why, for `status`. */
export function recordFailedStart(store: Store, input: StartRunInput, error: unknown): void {
  const runId = startRun(store, input);
  const message = error instanceof Error ? error.message : String(error);
  const exitCode = (error as { exitCode?: unknown } | null)?.exitCode;
  finishRun(store, runId, { result: 'stopped', exitCode: typeof exitCode === 'number' ? exitCode : 1, counts: {}, message: `did not start: ${message}` });
}
