import pLimit from 'p-limit';
import { ExitCode, SyncError } from '../domain/errors.js';
import { advanceCheckpoint, getCheckpoint } from '../store/checkpoints.js';
import { dueForRetry, findLink, findLinkByTarget, originOf } from '../store/links.js';
import type { RunCounts } from '../store/runs.js';
import type { RecordKind } from '../store/transfers.js';
import { errorHint, errorMessage, isSystemic } from './errors.js';
import { faultPoint } from './fault-points.js';
import { KeyedQueue } from './keyed-queue.js';
import type { SourceRecord, TargetDoc } from './leg.js';
import { lookedUpKey, type LegRun, type RecordOutcome, type RecordResult } from './leg-run.js';
import { parkMissingSource, runRecord } from './run-record.js';
import type { EngineSettings } from './settings.js';
import type { StopRequest } from './stop-request.js';

export interface LegResult {
  flow: string;
  leg: string;
  /** The source system and what its records are, to name them for people (`order #1042`). */
  sourceSystem: string;
  about: RecordKind;
  counts: RunCounts;
  /** Every record looked at in this run, in the order they finished. */
  records: RecordResult[];
  /**
   * Set when the leg stopped early: a systemic error (exit 3, later legs do not run); a stop request
   * (error: a StopRequest: a signal, --max-runtime, a lost lock; later legs do not run either); or
   * records failing the same way one after another (exit 1: a setting is wrong, see the hint).
   */
  stopped?: { message: string; hint?: string | undefined; error: unknown; exitCode: StopCode } | undefined;
  /** Documents found already made by their reference and adopted, per step noun (`Rackbeat order` → 25). */
  adopted: Record<string, number>;
  /** The checkpoint after the run (ISO 8601 UTC). */
  checkpoint: string | undefined;
}

/** How a leg that stopped early counts: records failing alike or a stop request (1: the records decide), the system gone (3). */
type StopCode = typeof ExitCode.recordsFailed | typeof ExitCode.usage | typeof ExitCode.systemRefused;

/** A systemic error that names a setting to fix (a journal that does not exist) stops the run as a config error (2). */
function stopCodeOf(error: unknown): StopCode {
  return error instanceof SyncError && error.exitCode === ExitCode.usage ? ExitCode.usage : ExitCode.systemRefused;
}

export interface ProgressEvent {
  leg: string;
  record: RecordResult;
  counts: RunCounts;
}

export interface RunLegOptions extends Omit<LegRun, 'keyed' | 'lookedUp' | 'byHand' | 'origins' | 'sending'> {
  /** Backfill: read from this time instead of the checkpoint (never before startFrom). */
  since?: Date | undefined;
  /**
   * Only these source ids, fetched one by one: no cursor, no checkpoint move, tried now whatever
   * their backoff (e.g. `--order 1042`; every create is looked up by its reference first, as always).
   */
  only?: readonly string[] | undefined;
  /** Checked before every record: why the run must stop now (a lost lock, a signal), or undefined to go on. */
  shouldStop?: (() => StopRequest | undefined) | undefined;
  onProgress?: ((event: ProgressEvent) => void) | undefined;
}

export function emptyCounts(): RunCounts {
  return { ok: 0, skipped: 0, failed: 0, unknown: 0, dryRun: 0, unchanged: 0, attention: 0 };
}

/**
 * Runs one leg under the protocol: first the records the links bring back (pending, unknown,
 * failed and due), regardless of the checkpoint; then everything modified since the checkpoint
 * minus the lookback, page by page, advancing the checkpoint past each page's handled prefix.
 */
export async function runLeg(options: RunLegOptions): Promise<LegResult> {
  const { store, leg, dryRun } = options;
  // The source stamps records by its own clock, which may run behind ours: the cut-over moves back
  // by that much, and the cursor starts no later than the source's own now (cursorStart).
  const skewMs = leg.source.clockSkewMs?.();
  const settings = { ...options.settings, startFrom: new Date(options.settings.startFrom.getTime() + Math.min(0, skewMs ?? 0)) };
  const run: LegRun = {
    store,
    runId: options.runId,
    leg,
    settings,
    dryRun,
    redact: options.redact,
    keyed: new KeyedQueue(),
    lookedUp: new Map(),
    origins: new Map(),
    sending: new Map(),
    byHand: options.only !== undefined,
  };
  const checkpointKey = { flow: leg.flow, leg: leg.name, sourceInstance: leg.source.instance };
  const result: LegResult = {
    flow: leg.flow,
    leg: leg.name,
    sourceSystem: leg.source.system,
    about: leg.about,
    counts: emptyCounts(),
    records: [],
    adopted: {},
    checkpoint: getCheckpoint(store, checkpointKey),
  };
  const limit = pLimit(settings.concurrency);
  const seen = new Map<string, Promise<RecordResult | undefined>>();
  const breaker = new SameFailureBreaker();

  const stop = (message: string, error: unknown, exitCode: StopCode = ExitCode.systemRefused, hint = errorHint(error)): void => {
    result.stopped ??= { message, hint, error, exitCode };
  };

  const handle = (id: string, load: () => Promise<SourceRecord | undefined>): Promise<RecordResult | undefined> => {
    const already = seen.get(id);
    if (already) return already; // Deduped: a retried record that the cursor also returns, or a lookback overlap.
    const task = limit(async () => {
      if (result.stopped) return undefined;
      const stopRequest = options.shouldStop?.();
      if (stopRequest) {
        stop(stopRequest.message, stopRequest, ExitCode.recordsFailed);
        return undefined;
      }
      try {
        const record = await load();
        const outcome = record ? await runOne(run, record) : parkMissingSource(run, id);
        tally(result, outcome);
        options.onProgress?.({ leg: leg.name, record: outcome, counts: { ...result.counts } });
        const tripped = breaker.see(outcome);
        if (tripped) stop(tripped.message, undefined, ExitCode.recordsFailed, tripped.hint);
        return outcome;
      } catch (error) {
        if (isSystemic(error)) {
          stop(errorMessage(error), error, stopCodeOf(error));
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

  const sourceNowMs = skewMs === undefined ? undefined : store.now().getTime() + skewMs;
  const since = options.since ? new Date(Math.max(options.since.getTime(), settings.startFrom.getTime())) : cursorStart(result.checkpoint, settings, sourceNowMs);
  let blocked = false; // Once a record is left unhandled, the checkpoint must not move past it.
  try {
    for await (const page of leg.source.changedSince(since)) {
      if (result.stopped) break;
      const fresh = page.filter((record) => record.modifiedAt.getTime() >= since.getTime());
      await lookUpPage(run, fresh);
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

/**
 * Protocol step 5, batched: before a page's records are created, each create step that can looks
 * up the page's records without a document in one go, so a new or lost store adopts what exists at
 * the cost of about one list call a page. A look-up that fails is left to each record's own.
 */
async function lookUpPage(run: LegRun, records: readonly SourceRecord[]): Promise<void> {
  const { leg, settings } = run;
  for (const step of leg.steps) {
    if (step.kind !== 'create' || step.key !== undefined || !step.lookupMany) continue;
    const candidates = records.filter((record) => {
      if (record.createdAt.getTime() < settings.startFrom.getTime() || leg.skipReason?.(record) !== undefined) return false;
      const link = findLink(run.store, { leg: leg.name, step: step.name, sourceInstance: leg.source.instance, sourceId: record.id });
      return link === undefined || link.status === 'skipped';
    });
    if (candidates.length === 0) continue;
    let found: ReadonlyMap<string, TargetDoc>;
    try {
      found = await step.lookupMany(candidates);
    } catch (error) {
      if (isSystemic(error)) throw error;
      continue;
    }
    for (const record of candidates) {
      const reference = step.reference(record);
      run.lookedUp.set(lookedUpKey(step, reference), found.get(reference));
    }
  }
}

/**
 * A setting that breaks every record (a layout that does not exist, a shipping product missing)
 * fails them all the same way: after a few such failures and no success, the leg stops with that
 * one error instead of failing every record (the rest wait for the next run; nothing is lost).
 */
class SameFailureBreaker {
  static readonly LIMIT = 3;
  private succeeded = false;
  private readonly seen = new Map<string, number>();

  see(record: RecordResult): { message: string; hint: string | undefined } | undefined {
    if (record.outcome === 'ok') this.succeeded = true;
    if (this.succeeded || record.outcome !== 'failed' || record.failure === undefined) return undefined;
    const count = (this.seen.get(record.failure) ?? 0) + 1;
    this.seen.set(record.failure, count);
    if (count < SameFailureBreaker.LIMIT) return undefined;
    return {
      message: `stopped after ${count} records failed the same way and none went through: ${record.failure}`,
      hint: record.hint,
    };
  }
}

async function runOne(run: LegRun, record: SourceRecord): Promise<RecordResult> {
  // Cut-over (protocol step 2): history from before startFrom is never transferred.
  if (record.createdAt.getTime() < run.settings.startFrom.getTime()) {
    return { sourceId: record.id, sourceNumber: record.number, outcome: 'unchanged', handled: true, message: 'created before startFrom' };
  }
  const upstream = run.leg.source.upstreamStep
    ? findLinkByTarget(run.store, run.leg.source.system, record.id, run.leg.source.upstreamStep)
    : undefined;
  // The log and the errors name the number people know (webshop order #1042), not only Rackbeat's.
  const origin = upstream ? originOf(run.store, upstream.id) : undefined;
  if (origin !== undefined) run.origins.set(record.id, origin);
  return { ...(await runRecord(run, record, upstream?.id)), origin };
}

/** Protocol step 3: from the checkpoint minus the lookback, never before the cut-over. */
function cursorStart(checkpoint: string | undefined, settings: EngineSettings, sourceNowMs: number | undefined): Date {
  if (checkpoint === undefined) return settings.startFrom;
  // A checkpoint ahead of the source's clock (set back since) must not hide what that clock stamps now.
  const newest = Math.min(Date.parse(checkpoint), sourceNowMs ?? Number.POSITIVE_INFINITY);
  return new Date(Math.max(newest - settings.lookbackMs, settings.startFrom.getTime()));
}

function tally(result: LegResult, record: RecordResult): void {
  result.records.push(record);
  result.counts[COUNTED_AS[record.outcome]] += 1;
  for (const noun of record.adopted ?? []) result.adopted[noun] = (result.adopted[noun] ?? 0) + 1;
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
  'needs-attention': 'attention',
};
