import pLimit from 'p-limit';
import { ExitCode, SyncError } from '../domain/errors.js';
import { advanceCheckpoint, getCheckpoint } from '../store/checkpoints.js';
import { advanceSeenThrough, getSeenThrough } from '../store/listings.js';
import { dueForRetry, findLink, findLinkByTarget, originOf } from '../store/links.js';
import type { RunCounts } from '../store/runs.js';
import type { RecordKind } from '../store/transfers.js';
import { errorHint, errorMessage, isSystemic } from './errors.js';
import { faultPoint } from './fault-points.js';
import { KeyedQueue } from './keyed-queue.js';
import type { SourceRecord, TargetDoc } from './leg.js';
import { lookedUpKey, type LegRun, type RecordOutcome, type RecordResult } from './leg-run.js';
import { allStepsDone, parkMissingSource, runRecord } from './run-record.js';
import type { EngineSettings } from './settings.js';
import type { HandOver } from './hand-over.js';
import { PageWindow } from './page-window.js';
import { ReadAhead } from './read-ahead.js';
import { SharedDocuments } from './shared-documents.js';
import { BatchGroups } from './steps/batch-update.js';
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
  /** The leg is for occasional events (Leg.occasional). */
  occasional?: true;
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

export interface RunLegOptions extends Omit<LegRun, 'keyed' | 'lookedUp' | 'shared' | 'byHand' | 'origins' | 'sending' | 'batched'> {
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
  /** The documents an earlier leg running alongside finishes, as this leg's source ids (run-flow.ts). */
  handedOver?: HandOver | undefined;
  /** Later legs running alongside: a record this leg finishes, every step done, passes on its document of each one's step. */
  handOvers?: readonly HandOver[] | undefined;
  /** The leg feeding this one stopped (the system down, a stop request): take no new records, the next run goes on. */
  halted?: (() => boolean) | undefined;
}

export function emptyCounts(): RunCounts {
  return { ok: 0, skipped: 0, failed: 0, unknown: 0, dryRun: 0, unchanged: 0, attention: 0 };
}

/**
 * Runs one leg under the protocol: first the records the links bring back (pending, unknown,
 * failed and due), regardless of the checkpoint; then everything modified since the checkpoint
 * minus the lookback, page by page, advancing the checkpoint past each page's handled prefix.
 * A leg fed by an earlier one running alongside takes what that leg hands over as it comes, and
 * once it is done lists again from the checkpoint, so the checkpoint moves past those records too
 * (they are not done twice: the run remembers them, later runs find their links).
 */
export function runLeg(options: RunLegOptions): Promise<LegResult> {
  return startLeg(options, false).run();
}

/**
 * Runs a leg as `runLeg` does, its first listing begun now (when `readAhead`): see prepareLeg. A
 * leg that cannot be made ready (its store unreadable) fails when it is run, as `runLeg` would.
 */
export function startLeg(options: RunLegOptions, readAhead = true): StartedLeg {
  try {
    return prepareLeg(options, readAhead);
  } catch (error) {
    return { run: () => Promise.reject(error), cancel: () => undefined };
  }
}

/** A leg made ready while the legs before it finish: its first listing is being read already. */
export interface StartedLeg {
  /** Runs it (once the legs before it are done). */
  run(): Promise<LegResult>;
  /** It will not run (a leg before it stopped the run): its listing is read no further. */
  cancel(): void;
}

/**
 * Up to this many listed records are read ahead for a leg waiting for the legs before it: a few
 * pages of a dense listing; the whole listing, most often, of a sparse one (refunds, cancellations).
 */
const READ_AHEAD_RECORDS = 500;

/**
 * A leg made ready, its first listing begun now when `readAhead`: the listing is what the source
 * holds from now on, as if the leg had listed now, and the checkpoint still moves only past records
 * handled. What this leg's records need from the legs before it (their links) is read when each
 * record is worked on, once `run` is called after those legs are done.
 */
function prepareLeg(options: RunLegOptions, readAhead: boolean): StartedLeg {
  const { store, leg, dryRun } = options;
  // The source stamps records by its own clock, which may run behind ours: the cut-over moves back
  // by that much, and the cursor starts no later than the source's own now (cursorStart).
  const skewMs = leg.source.clockSkewMs?.();
  const settings = { ...options.settings, startFrom: new Date(options.settings.startFrom.getTime() + Math.min(0, skewMs ?? 0)) };
  const sourceNowMs = (): number | undefined => (skewMs === undefined ? undefined : store.now().getTime() + skewMs);
  const run: LegRun = {
    store,
    runId: options.runId,
    leg,
    settings,
    dryRun,
    redact: options.redact,
    keyed: new KeyedQueue(),
    lookedUp: new Map(),
    shared: new SharedDocuments(store, { name: leg.name, sourceInstance: leg.source.instance }),
    origins: new Map(),
    sending: new Map(),
    batched: new Map(),
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
    ...(leg.occasional ? { occasional: true as const } : {}),
  };
  // A handed-over batch is looked up at once and then worked at once: its target's client paces the
  // calls (its in-flight target and rate limiter), so the last batch of a run is not worked in waves.
  const limit = pLimit(Math.max(settings.concurrency, options.handedOver?.batchSize ?? 0));
  const seen = new Map<string, Promise<RecordResult | undefined>>();
  const breaker = new SameFailureBreaker();
  const stop = (message: string, error: unknown, exitCode: StopCode = ExitCode.systemRefused, hint = errorHint(error)): void => {
    result.stopped ??= { message, hint, error, exitCode };
  };
  /** Whether to take on nothing more: stopped, the feeding leg stopped, or asked to stop now (a lost lock, a signal, the time). */
  const idle = (): boolean => {
    if (result.stopped !== undefined || options.halted?.() === true) return true;
    const stopRequest = options.shouldStop?.();
    if (stopRequest) stop(stopRequest.message, stopRequest, ExitCode.recordsFailed);
    return stopRequest !== undefined;
  };

  const handle = (id: string, load: () => Promise<SourceRecord | undefined>): Promise<RecordResult | undefined> => {
    const already = seen.get(id);
    if (already) return already; // Deduped: a retried record that the cursor also returns, a lookback overlap, a handed-over one.
    const task = limit(async () => {
      if (idle()) return undefined;
      try {
        const record = await load();
        const outcome = record ? await runOne(run, record) : parkMissingSource(run, id);
        tally(result, outcome);
        if (outcome.outcome === 'ok') passOn(run, id, options.handOvers);
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
  /**
   * Claims a record to take it later (once its batch is looked up): until then a listing that meets
   * it leaves it to this take. The take is given how to load it, or nothing (then it is let go).
   */
  const claim = (id: string): ((load: (() => Promise<SourceRecord | undefined>) | undefined) => Promise<RecordResult | undefined>) => {
    let taken!: (result: Promise<RecordResult | undefined>) => void;
    seen.set(id, new Promise((resolve) => (taken = resolve)));
    return (load) => {
      seen.delete(id);
      const result = load ? handle(id, load) : Promise.resolve(undefined);
      taken(result);
      return result;
    };
  };
  /**
   * A record handed over after this leg had taken it already (listed before the earlier leg changed
   * it, e.g. a product whose price leg 1 just updated): taken again once the first take is done.
   * One result counts: the second, unless it found nothing new (the first may have made the document).
   */
  const handleAgain = async (id: string, load: () => Promise<SourceRecord | undefined>): Promise<RecordResult | undefined> => {
    const first = await seen.get(id);
    seen.delete(id);
    const second = await handle(id, load);
    if (!first || !second) return second ?? first;
    const stands = second.outcome === 'unchanged' ? first : second;
    untally(result, stands === first ? second : first);
    return stands;
  };

  /**
   * Protocol steps 3 and 9: the records modified since `since`, a page at a time, the next page
   * read while this one runs; the checkpoint moves past each page's handled prefix, in order.
   * Afterwards every record modified up to the listing's start less the lookback has been seen
   * (late ones have appeared by then): the next cursor goes back no further (cursorStart).
   */
  const listChanges = async ({ since, listedAt, pages }: Listing): Promise<void> => {
    const inFlight = new PageWindow(2);
    let blocked = false; // Once a record is left unhandled, the checkpoint must not move past it.
    const advance = (page: readonly SourceRecord[], outcomes: ReadonlyArray<RecordResult | undefined>): void => {
      if (dryRun || blocked) return;
      let newest: Date | undefined;
      for (const [index, outcome] of outcomes.entries()) {
        if (!outcome?.handled) {
          blocked = true;
          break;
        }
        newest = (page[index] as SourceRecord).modifiedAt;
      }
      if (newest) {
        result.checkpoint = advanceCheckpoint(store, checkpointKey, newest.toISOString());
        faultPoint(`after-checkpoint:${leg.name}`);
      }
    };
    let advanced = Promise.resolve();
    let lookingUp: Promise<unknown> = Promise.resolve();
    const groups = new BatchGroups(run);
    /** Handles a group of records (a batched step's writes first); the checkpoint moves past its handled prefix. */
    const settle = async (records: SourceRecord[]): Promise<void> => {
      const outcomes = groups.write(records, (id) => seen.has(id)).then(
        () => Promise.all(records.map((record) => handle(record.id, async () => record))),
        // The batch's target failed as a whole (down, refused): the leg stops, these records stay unhandled.
        (error: unknown) => {
          stop(errorMessage(error), error);
          return records.map(() => undefined);
        },
      );
      // Groups finish in any order; the checkpoint moves in listing order.
      advanced = advanced.then(async () => advance(records, await outcomes));
      await inFlight.add(advanced);
    };
    try {
      for await (const page of pages) {
        if (idle()) break;
        const fresh = page.filter((record) => record.modifiedAt.getTime() >= since.getTime());
        // A record taken already (handed over, retried) is this listing's to count, not to look up again.
        // One page's look-up after the other's, as a look-up may read what the one before it read (an index).
        lookingUp = lookUpPage(run, fresh.filter((record) => !seen.has(record.id)), lookingUp);
        lookingUp.catch((error: unknown) => stop(errorMessage(error), error));
        for (const group of groups.add(fresh)) await settle(group);
      }
      for (const group of idle() ? [] : groups.rest()) await settle(group);
    } catch (error) {
      // Reading the source failed after its own retries: nothing further can be trusted this run.
      stop(errorMessage(error), error);
    } finally {
      await inFlight.drain();
    }
    if (!dryRun && listedAt !== undefined) {
      const seenThrough = new Date(listedAt - settings.lookbackMs).toISOString();
      advanceSeenThrough(store, checkpointKey, seenThrough);
      // A sparse source (refunds among orders) yields records for few of what it reads: with none left
      // unhandled, everything up to where this listing saw all is done, records or not.
      if (leg.source.sparse && !blocked && result.stopped === undefined) result.checkpoint = advanceCheckpoint(store, checkpointKey, seenThrough);
    }
  };
  const nextSince = (): Date => {
    const seenThrough = getSeenThrough(store, checkpointKey);
    return cursorStart(result.checkpoint, settings, sourceNowMs(), seenThrough === undefined ? undefined : Date.parse(seenThrough));
  };

  /**
   * What an earlier leg hands over, a batch at a time, each batch looked up at once. Returns, once
   * the handing leg is done, how many came, and the work on the last of them, still running.
   */
  const receive = async (handedOver: HandOver): Promise<{ received: number; running: Promise<void> }> => {
    let received = 0;
    // Two batches worked while the next is looked up.
    const inFlight = new PageWindow(3);
    try {
      for await (const ids of handedOver.batches()) {
        received += ids.length;
        if (idle()) continue; // Drained, not taken: the next run finds them.
        const again = ids.filter((id) => seen.has(id)).map((id) => handleAgain(id, () => leg.source.fetchOne(id)));
        // Claimed now, taken once looked up: the closing listing, once every batch is claimed, leaves them to this one.
        const takes = new Map(ids.filter((id) => !seen.has(id)).map((id) => [id, claim(id)] as const));
        const batch = async (): Promise<unknown> => {
          const loads = new Map([...takes.keys()].map((id) => [id, leg.source.fetchOne(id)] as const));
          try {
            const loaded = await Promise.allSettled(loads.values());
            await lookUpPage(run, loaded.flatMap((load) => (load.status === 'fulfilled' && load.value ? [load.value] : [])));
          } catch (error) {
            // The look-up failed for the whole system: the leg stops, these records stay for the next run.
            stop(errorMessage(error), error);
            return Promise.all([...again, ...[...takes.values()].map((take) => take(undefined))]);
          }
          return Promise.all([...again, ...[...takes].map(([id, take]) => take(() => loads.get(id) as Promise<SourceRecord | undefined>))]);
        };
        await inFlight.add(batch());
      }
    } catch (error) {
      stop(errorMessage(error), error);
    }
    return { received, running: inFlight.drain() };
  };

  /** A listing from `since`, begun now: `listedAt` is the source's now at its start. */
  const listFrom = (since: Date): Listing => ({ since, listedAt: sourceNowMs(), pages: leg.source.changedSince(since) });
  const firstSince = options.since ? new Date(Math.max(options.since.getTime(), settings.startFrom.getTime())) : nextSince();
  const early = readAhead && !options.only ? listFrom(firstSince) : undefined;
  const ahead = early && { ...early, pages: new ReadAhead(early.pages, READ_AHEAD_RECORDS) };

  const runIt = async (): Promise<LegResult> => {
    if (options.only) {
      await Promise.all(options.only.map((id) => handle(id, () => leg.source.fetchOne(id))));
      return result;
    }

    // Recovery and due retries: their links bring them back, whatever the checkpoint says.
    const due = dueForRetry(store, { leg: leg.name, sourceInstance: leg.source.instance, now: store.now() });
    await Promise.all(due.map((id) => handle(id, () => leg.source.fetchOne(id))));

    const receiving = options.handedOver ? receive(options.handedOver) : Promise.resolve({ received: 0, running: Promise.resolve() });
    await listChanges(ahead ?? listFrom(firstSince));
    // What was handed over is listed once more from the checkpoint (from where the first listing had
    // seen everything), so the checkpoint moves past it; the last handed records may still be running.
    const { received, running } = await receiving;
    if (received > 0 && !idle()) await listChanges(listFrom(nextSince()));
    await running;
    return result;
  };
  return { run: runIt, cancel: () => ahead?.pages.cancel() };
}

/** A listing of a leg's source: the records modified since `since`, a page at a time. */
interface Listing {
  since: Date;
  /** The source's own now when the listing began (undefined: its clock is not known). */
  listedAt: number | undefined;
  pages: AsyncIterable<SourceRecord[]>;
}

/** A leg's record that ended ok with every step done passes on its documents to the legs fed by it. */
function passOn(run: LegRun, sourceId: string, handOvers: readonly HandOver[] | undefined): void {
  if (!handOvers?.length || run.dryRun) return;
  const key = (step: string) => ({ leg: run.leg.name, step, sourceInstance: run.leg.source.instance, sourceId });
  const links = run.leg.steps.map((step) => findLink(run.store, key(step.name)));
  if (!links.every((link) => link?.status === 'ok')) return;
  for (const handOver of handOvers) {
    const made = links.find((link) => link?.step === handOver.step)?.targetId;
    if (made !== undefined) handOver.push(made);
  }
}

/**
 * Protocol step 5, batched: before a page's records are created, each create step that can looks
 * up the page's records without a document in one go, so a new or lost store adopts what exists at
 * the cost of about one list call a page. The look-ups start here and the records need not wait:
 * each record's create step waits for its page's answer (steps/create.ts, lookFirst), its earlier
 * steps (its customer) go on meanwhile. They are asked once `after` has settled (the page before's).
 * A look-up that fails is left to each record's own; the promise returned settles once all are
 * answered, and rejects when one failed for the whole system.
 */
function lookUpPage(run: LegRun, records: readonly SourceRecord[], after: Promise<unknown> = Promise.resolve()): Promise<unknown> {
  const { leg, settings } = run;
  const lookUps: Array<Promise<unknown>> = [];
  for (const step of leg.steps) {
    if (step.kind !== 'create' || step.key !== undefined || !step.lookupMany) continue;
    const candidates = records.filter((record) => {
      if (record.createdAt.getTime() < settings.startFrom.getTime() || leg.skipReason?.(record) !== undefined) return false;
      const link = findLink(run.store, { leg: leg.name, step: step.name, sourceInstance: leg.source.instance, sourceId: record.id });
      return link === undefined || link.status === 'skipped';
    });
    if (candidates.length === 0) continue;
    const lookupMany = step.lookupMany;
    const answer = after
      .catch(() => undefined)
      .then(() => lookupMany(candidates))
      .catch((error: unknown) => {
        if (isSystemic(error)) throw error;
        return undefined;
      });
    for (const record of candidates) {
      const reference = step.reference(record);
      run.lookedUp.set(
        lookedUpKey(step, reference),
        answer.then((found) => found && { found: found.get(reference) }, () => undefined),
      );
    }
    lookUps.push(answer);
  }
  // Settled once the pages before have been looked up too, so the next page waits for them all.
  return Promise.all([after.catch(() => undefined), ...lookUps]);
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

async function runOne(run: LegRun, listed: SourceRecord): Promise<RecordResult> {
  // Cut-over (protocol step 2): history from before startFrom is never transferred.
  if (listed.createdAt.getTime() < run.settings.startFrom.getTime()) {
    return { sourceId: listed.id, sourceNumber: listed.number, outcome: 'unchanged', handled: true, message: 'created before startFrom' };
  }
  const { complete } = run.leg.source;
  const record = complete ? await complete(listed, allStepsDone(run, listed)) : listed;
  const upstream = run.leg.source.upstreamStep
    ? findLinkByTarget(run.store, run.leg.source.system, record.id, run.leg.source.upstreamStep)
    : undefined;
  // The log and the errors name the number people know (webshop order #1042), not only Rackbeat's.
  const origin = upstream ? originOf(run.store, upstream.id) : undefined;
  if (origin !== undefined) run.origins.set(record.id, origin);
  return { ...(await runRecord(run, record, upstream?.id)), origin };
}

/**
 * Protocol step 3: from the checkpoint minus the lookback, never before the cut-over; but no further
 * back than `seenThroughMs` (the source's clock), up to which an earlier listing saw every record,
 * late ones included: a quiet shop's next run lists from its checkpoint, not its last busy minutes.
 */
function cursorStart(checkpoint: string | undefined, settings: EngineSettings, sourceNowMs: number | undefined, seenThroughMs: number | undefined): Date {
  if (checkpoint === undefined) return settings.startFrom;
  // A checkpoint ahead of the source's clock (set back since) must not hide what that clock stamps now.
  const newest = Math.min(Date.parse(checkpoint), sourceNowMs ?? Number.POSITIVE_INFINITY);
  const lookback = newest - settings.lookbackMs;
  // Nor what was seen: a clock set back stamps below it again, so no nearer than its own now less the lookback.
  const seen = sourceNowMs === undefined || seenThroughMs === undefined ? undefined : Math.min(seenThroughMs, sourceNowMs - settings.lookbackMs);
  const overlap = seen === undefined ? lookback : Math.max(lookback, Math.min(newest, seen));
  return new Date(Math.max(overlap, settings.startFrom.getTime()));
}

function tally(result: LegResult, record: RecordResult): void {
  result.records.push(record);
  result.counts[COUNTED_AS[record.outcome]] += 1;
  for (const noun of record.adopted ?? []) result.adopted[noun] = (result.adopted[noun] ?? 0) + 1;
}

function untally(result: LegResult, record: RecordResult): void {
  const index = result.records.indexOf(record);
  if (index >= 0) result.records.splice(index, 1);
  result.counts[COUNTED_AS[record.outcome]] -= 1;
  for (const noun of record.adopted ?? []) {
    const left = (result.adopted[noun] ?? 0) - 1;
    if (left > 0) result.adopted[noun] = left;
    else delete result.adopted[noun];
  }
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
