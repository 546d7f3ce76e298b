import { ExitCode } from '../domain/errors.js';
import type { Store } from '../store/database.js';
import { bindIdentity, type SystemIdentity } from '../store/identity.js';
import { findLink, listOpenProblems, type OpenProblem } from '../store/links.js';
import { acquireRunLock, type AcquireLockOptions, type RunLock } from '../store/lock.js';
import { finishRun, markUnfinishedRunsCrashed, startRun, type RunCounts, type RunResult } from '../store/runs.js';
import type { Redactor } from '../store/transfers.js';
import { otherLegDocuments, type Leg, type SourceRecord } from './leg.js';
import { HandOver } from './hand-over.js';
import { runLeg, startLeg, type LegResult, type ProgressEvent, type RunLegOptions } from './run-leg.js';
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
  /** How the run lock is taken: options for taking it here, or a lock the caller holds already (`run`: several flows, one lock). */
  lock?: Omit<AcquireLockOptions, 'command'> | { held: RunLock };
  /** Backfill every leg from this time once (checkpoints still only move forward). */
  since?: Date | undefined;
  /**
   * Run just these source records of the first leg (`--order 1042`), and in each later leg what
   * they became, followed through the links (no cursor, no checkpoint move).
   */
  only?: readonly string[] | undefined;
  /** Asks the run to stop (a signal, a time limit); its reason, best a StopRequest, says why and with which exit code. */
  stop?: AbortSignal | undefined;
}

export interface FlowResult {
  runId: number;
  legs: LegResult[];
  result: RunResult;
  /**
   * 0 all good · 1 some records failed or are unresolved, in this run or before (until fixed or
   * dismissed) · 2 a setting the run needs is wrong (a journal that does not exist) · 3 a systemic
   * error stopped the run · 75 the lock was taken over · a stop
   * request's own code (143, 130 for signals).
   */
  exitCode: number;
  message?: string | undefined;
  /** How to fix what stopped the run, when something did. */
  hint?: string | undefined;
  /** Every problem of this flow still open after the run: failed, unknown, given up, needs attention. */
  open: OpenProblem[];
  /** Open now and not before the run: what `-q` reports. */
  newProblems: OpenProblem[];
  /** Open before the run and fixed by it. */
  recovered: OpenProblem[];
}

const LOCK_TAKEN_OVER = new StopRequest('the run lock was taken over by another run: stopped before writing anything more', 75);

/**
 * One run of a flow under the protocol: takes the run lock (LockHeldError, exit 75), checks the
 * store's identity (IdentityMismatchError, exit 2), runs the legs and records the run. Before
 * every record it asks whether to stop: a lost lock or a stop request ends the run `interrupted`.
 */
export async function runFlow(options: RunFlowOptions): Promise<FlowResult> {
  const { store } = options;
  // A caller running several flows in one process takes the lock (and binds the identity) once for all.
  const lockOption = options.lock;
  const held = lockOption !== undefined && 'held' in lockOption ? lockOption.held : undefined;
  const lock = held ?? acquireRunLock(store, { command: options.command, ...(lockOption !== undefined && !('held' in lockOption) ? lockOption : {}) });
  try {
    if (options.identity) bindIdentity(store, options.identity);
    markUnfinishedRunsCrashed(store);
    const openBefore = listOpenProblems(store, options.flow);
    const dryRun = options.dryRun ?? false;
    const runId = startRun(store, { flow: options.flow, command: options.command, dryRun });
    const shouldStop = (): StopRequest | undefined => {
      if (lock.lost()) return LOCK_TAKEN_OVER;
      return options.stop?.aborted ? stopRequestOf(options.stop.reason) : undefined;
    };
    const legs = await runLegs(options, { runId, dryRun, shouldStop });
    const stopped = legs.find((leg) => leg.stopped)?.stopped;
    const open = listOpenProblems(store, options.flow);
    const wasOpen = new Set(openBefore.map((problem) => problem.linkId));
    const isOpen = new Set(open.map((problem) => problem.linkId));
    const interrupted = stopped?.error instanceof StopRequest ? stopped.error : undefined;
    // Protocol step 9: a failure stays in the exit code of every run until it is fixed or dismissed.
    const unresolved =
      open.length > 0 || legs.some((leg) => leg.counts.failed > 0 || leg.counts.unknown > 0 || (leg.stopped !== undefined && !interrupted));
    const byRecords = unresolved ? ExitCode.recordsFailed : ExitCode.ok;
    // Interrupted (a signal, --max-runtime, a lost lock): the stop request's code, else what the records say.
    const exitCode = interrupted ? (interrupted.exitCode ?? byRecords) : stopped && stopped.exitCode !== ExitCode.recordsFailed ? stopped.exitCode : byRecords;
    const result: RunResult = interrupted ? 'interrupted' : stopped ? 'stopped' : unresolved ? 'failed' : 'ok';
    const counts: Record<string, RunCounts> = Object.fromEntries(legs.map((leg) => [leg.leg, leg.counts]));
    finishRun(store, runId, { result, exitCode, counts, message: stopped?.message });
    return {
      runId,
      legs,
      result,
      exitCode,
      message: stopped?.message,
      hint: stopped?.hint,
      open,
      newProblems: open.filter((problem) => !wasOpen.has(problem.linkId)),
      recovered: openBefore.filter((problem) => !isOpen.has(problem.linkId)),
    };
  } finally {
    if (!held) lock.release();
  }
}

/** What every leg of one run shares. */
interface LegsContext {
  runId: number;
  dryRun: boolean;
  shouldStop: () => StopRequest | undefined;
}

/**
 * Runs the legs in order; a leg whose records are documents an earlier leg makes (its source's
 * `upstreamStep`) runs alongside that leg, fed each document as soon as the record that made it is
 * done (Rackbeat orders booked by leg 1 go to e-conomic while leg 1 goes on), and lists its own
 * changes afterwards as always. Any other leg starts when the legs before it are done (its listing
 * read meanwhile, engine/read-ahead.ts), and none starts after a leg stopped because its system is
 * down or the run must stop. A run of selected records (`--order`) runs the legs one after the
 * other, following the selection.
 */
async function runLegs(options: RunFlowOptions, context: LegsContext): Promise<LegResult[]> {
  const { store } = options;
  const fed = options.only === undefined ? handOvers(options.legs) : new Map<Leg<SourceRecord>, { maker: Leg<SourceRecord>; handOver: HandOver }>();
  const results: LegResult[] = [];
  const selected = new Map<string, readonly string[]>();
  let running: Array<{ leg: Leg<SourceRecord>; result: Promise<LegResult>; halted: () => boolean }> = [];
  const settle = async (): Promise<boolean> => {
    const settled = await Promise.allSettled(running.map((each) => each.result));
    running = [];
    for (const outcome of settled) {
      if (outcome.status === 'rejected') throw outcome.reason;
      results.push(outcome.value);
    }
    // The system is down, or the run must stop (a signal, its time, a lost lock): later legs do not start.
    return results.some((result) => haltsLaterLegs(result));
  };
  for (const leg of options.legs) {
    const feed = fed.get(leg);
    const maker = feed && running.find((each) => each.leg === feed.maker);
    const handing = [...fed.values()].filter((each) => each.maker === leg).map((each) => each.handOver);
    const legOptions = (only: readonly string[] | undefined): RunLegOptions => ({
      store,
      runId: context.runId,
      leg,
      settings: options.settings,
      dryRun: context.dryRun,
      redact: options.redact,
      shouldStop: context.shouldStop,
      onProgress: options.onProgress,
      since: options.since,
      only,
      handedOver: maker ? feed.handOver : undefined,
      handOvers: handing,
      halted: maker?.halted,
    });
    // A leg waiting for the legs before it reads its listing meanwhile, so the run does not end
    // with it (a selected run lists nothing: it follows what the legs before it did).
    const waiting = !maker && running.length > 0 && options.only === undefined ? startLeg(legOptions(undefined)) : undefined;
    const halts = maker
      ? false
      : await settle().catch((error: unknown) => {
          waiting?.cancel();
          throw error;
        });
    if (halts) {
      waiting?.cancel();
      break;
    }
    const only = options.only === undefined ? undefined : followSelection(store, options.legs, selected, leg, options.only);
    if (only !== undefined) selected.set(leg.name, only);
    let halted = false;
    const result = (waiting ? waiting.run() : runLeg(legOptions(only)))
      .then((done) => {
        halted = haltsLaterLegs(done);
        return done;
      })
      .finally(() => {
        for (const handOver of handing) handOver.close();
      });
    running.push({ leg, result, halted: () => halted });
  }
  await settle();
  return results;
}

/** Legs fed by an earlier leg: those whose source's `upstreamStep` is a step of it. */
function handOvers(legs: ReadonlyArray<Leg<SourceRecord>>): Map<Leg<SourceRecord>, { maker: Leg<SourceRecord>; handOver: HandOver }> {
  const fed = new Map<Leg<SourceRecord>, { maker: Leg<SourceRecord>; handOver: HandOver }>();
  for (const [index, leg] of legs.entries()) {
    const step = leg.source.upstreamStep;
    const maker = step === undefined ? undefined : legs.slice(0, index).find((earlier) => earlier.steps.some((each) => each.name === step));
    if (maker && step !== undefined) fed.set(leg, { maker, handOver: new HandOver(step, leg.source.lookUpBatch) });
  }
  return fed;
}

/** A leg stopped because its system is down (exit 3), a setting is wrong (2) or the run must stop: the legs after it do not go on. */
function haltsLaterLegs(result: LegResult): boolean {
  return result.stopped !== undefined && (result.stopped.exitCode !== ExitCode.recordsFailed || result.stopped.error instanceof StopRequest);
}

/**
 * The records a selected run (`--order`) takes in `leg`: the first leg's are given; a leg reading
 * what an earlier leg made (its `upstreamStep`) takes those documents; a leg acting on another
 * leg's documents takes the same records as that leg.
 */
function followSelection(
  store: Store,
  legs: ReadonlyArray<Leg<SourceRecord>>,
  selected: ReadonlyMap<string, readonly string[]>,
  leg: Leg<SourceRecord>,
  first: readonly string[],
): readonly string[] {
  if (leg.source.selectable === false) return [];
  const upstream = leg.source.upstreamStep;
  const maker = upstream === undefined ? undefined : legs.find((other) => other.steps.some((step) => step.name === upstream));
  if (maker && upstream !== undefined) {
    return (selected.get(maker.name) ?? []).flatMap((id) => {
      const link = findLink(store, { leg: maker.name, step: upstream, sourceInstance: maker.source.instance, sourceId: id });
      return link?.status === 'ok' && link.targetId !== undefined ? [link.targetId] : [];
    });
  }
  const [ref] = otherLegDocuments(leg);
  return ref === undefined ? first : (selected.get(ref.leg) ?? []);
}
