import pLimit from 'p-limit';
import { advanceCheckpoint, getCheckpoint } from '../store/checkpoints.js';
import { dueForRetry, findLinkByTarget } from '../store/links.js';
import type { RunCounts } from '../store/runs.js';
import { errorHint, errorMessage, isSystemic } from './errors.js';
import { faultPoint } from './fault-points.js';
import { KeyedQueue } from './keyed-queue.js';
import type { SourceRecord } from './leg.js';
import { parkMissingSource, runRecord, type LegRun, type RecordOutcome, type RecordResult } from './run-record.js';
import type { EngineSettings } from './settings.js';
import type { StopRequest } from './stop-request.js';

export interface LegResult {
  flow: string;
  leg: string;
  counts: RunCounts;
  /** Every record looked at in this run, in the order they finished. */
  records: RecordResult[];
  /** Set when a systemic error or a stop request (error: StopRequest) stopped the leg. */
  stopped?: { message: string; hint?: string | undefined; error: unknown } | undefined;
  /** The checkpoint after the run (ISO 8601 UTC). */
  checkpoint: string | undefined;
}

export interface ProgressEvent {
  leg: string;
  record: RecordResult;
  counts: RunCounts;
}

export interface RunLegOptions extends Omit<LegRun, 'keyed' | 'lookFirst'> {
  /** Backfill: read from this time instead of the checkpoint (never before startFrom). */
  since?: Date | undefined;
  /**
   * Only these source ids, fetched one by one: no cursor, no checkpoint move, and every create looked
   * up by its reference first (e.g. `--order 1042`, which must adopt what exists even on a new store).
   */
  only?: readonly string[] | undefined;
  /** Checked before every record: why the run must stop now (a lost lock, a signal), or undefined to go on. */
  shouldStop?: (() => StopRequest | undefined) | undefined;
  onProgress?: ((event: ProgressEvent) => void) | undefined;
}

export function emptyCounts(): RunCounts {
  return { ok: 0, skipped: 0, failed: 0, unknown: 0, dryRun: 0, unchanged: 0 };
}

/**
 * Runs one leg under the protocol: first the records the links bring back (pending, unknown,
 * failed and due), regardless of the checkpoint; then everything modified since the checkpoint
 * minus the lookback, page by page, advancing the checkpoint past each page's handled prefix.
 */
export async function runLeg(options: RunLegOptions): Promise<LegResult> {
  const { store, leg, settings, dryRun } = options;
  const run: LegRun = {
    store,
    runId: options.runId,
    leg,
    settings,
    dryRun,
    redact: options.redact,
    keyed: new KeyedQueue(),
    lookFirst: options.only !== undefined,
  };
  const checkpointKey = { flow: leg.flow, leg: leg.name, sourceInstance: leg.source.instance };
  const result: LegResult = { flow: leg.flow, leg: leg.name, counts: emptyCounts(), records: [], checkpoint: getCheckpoint(store, checkpointKey) };
  const limit = pLimit(settings.concurrency);
  const seen = new Map<string, Promise<RecordResult | undefined>>();

  const stop = (message: string, error: unknown): void => {
    result.stopped ??= { message, hint: errorHint(error), error };
  };

  const handle = (id: string, load: () => Promise<SourceRecord | undefined>): Promise<RecordResult | undefined> => {
    const already = seen.get(id);
    if (already) return already; // Deduped: a retried record that the cursor also returns, or a lookback overlap.
    const task = limit(async () => {
      if (result.stopped) return undefined;
      const stopRequest = options.shouldStop?.();
      if (stopRequest) {
        stop(stopRequest.message, stopRequest);
        return undefined;
      }
      try {
        const record = await load();
        const outcome = record ? await runOne(run, record) : parkMissingSource(run, id);
        tally(result, outcome);
        options.onProgress?.({ leg: leg.name, record: outcome, counts: { ...result.counts } });
        return outcome;
      } catch (error) {
        if (isSystemic(error)) {
          stop(errorMessage(error), error);
          return undefined;
        }
        const failed: RecordResult = { sourceId: id, sourceNumber: undefined, outcome: 'failed', handled: false, message: errorMessage(error), hint: errorHint(error) };
        tally(result, failed);
        return failed;
      }
    });
    seen.set(id, task);
    return task;
  };

  if (options.only) {
    await Promise.all(options.only.map((id) => handle(id, () => leg.source.fetchOne(id))));
    return result;
  }

  // Recovery and due retries: their links bring them back, whatever the checkpoint says.
  const due = dueForRetry(store, { leg: leg.name, sourceInstance: leg.source.instance, now: store.now() });
  await Promise.all(due.map((id) => handle(id, () => leg.source.fetchOne(id))));

  const since = options.since ? new Date(Math.max(options.since.getTime(), settings.startFrom.getTime())) : cursorStart(result.checkpoint, settings);
  let blocked = false; // Once a record is left unhandled, the checkpoint must not move past it.
  try {
    for await (const page of leg.source.changedSince(since)) {
      if (result.stopped) break;
      const fresh = page.filter((record) => record.modifiedAt.getTime() >= since.getTime());
      const outcomes = await Promise.all(fresh.map((record) => handle(record.id, async () => record)));
      if (dryRun || blocked) continue;
      let newest: Date | undefined;
      for (const [index, outcome] of outcomes.entries()) {
        if (!outcome?.handled) {
          blocked = true;
          break;
        }
        newest = (fresh[index] as SourceRecord).modifiedAt;
      }
      if (newest) {
        result.checkpoint = advanceCheckpoint(store, checkpointKey, newest.toISOString());
        faultPoint(`after-checkpoint:${leg.name}`);
      }
    }
  } catch (error) {
    // Reading the source failed after its own retries: nothing further can be trusted this run.
    stop(errorMessage(error), error);
  }
  return result;
}

async function runOne(run: LegRun, record: SourceRecord): Promise<RecordResult> {
  // Cut-over (protocol step 2): history from before startFrom is never transferred.
  if (record.createdAt.getTime() < run.settings.startFrom.getTime()) {
    return { sourceId: record.id, sourceNumber: record.number, outcome: 'unchanged', handled: true, message: 'created before startFrom' };
  }
  const upstream = run.leg.source.upstreamStep
    ? findLinkByTarget(run.store, run.leg.source.system, record.id, run.leg.source.upstreamStep)
    : undefined;
  return runRecord(run, record, upstream?.id);
}

/** Protocol step 3: from the checkpoint minus the lookback, never before the cut-over. */
function cursorStart(checkpoint: string | undefined, settings: EngineSettings): Date {
  if (checkpoint === undefined) return settings.startFrom;
  return new Date(Math.max(Date.parse(checkpoint) - settings.lookbackMs, settings.startFrom.getTime()));
}

function tally(result: LegResult, record: RecordResult): void {
  result.records.push(record);
  result.counts[COUNTED_AS[record.outcome]] += 1;
}

/** Parked and given-up records were counted as failed when they failed; later runs leave them alone. */
const COUNTED_AS: Record<RecordOutcome, keyof RunCounts> = {
  ok: 'ok',
  unchanged: 'unchanged',
  parked: 'unchanged',
  'given-up': 'unchanged',
  skipped: 'skipped',
  failed: 'failed',
  unknown: 'unknown',
  'dry-run': 'dryRun',
};
