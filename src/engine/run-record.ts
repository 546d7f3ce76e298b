import { findLink, isSkipped, markSkipped, type Link } from '../store/links.js';
import { flagChange } from './attention.js';
import { isSystemic } from './errors.js';
import { documentKey, otherLegDocuments, type SourceRecord, type Step, type StepResults, type TargetDoc } from './leg.js';
import type { LegRun, RecordOutcome, RecordResult, StepOutcome } from './leg-run.js';
import { intentFor, linkKey, log, parkFailure } from './step-records.js';
import { runBatchUpdate } from './steps/batch-update.js';
import { runCreate } from './steps/create.js';
import { runStateChange } from './steps/state-change.js';
import { runUpdate } from './steps/update.js';

/** Order of precedence when a record's steps end differently. */
const SEVERITY: readonly RecordOutcome[] = ['unchanged', 'ok', 'dry-run', 'skipped', 'needs-attention', 'given-up', 'parked', 'unknown', 'failed'];

/**
 * Performs a record's steps under the protocol. Systemic errors are rethrown (they stop the run);
 * record errors park the failing step and end the record.
 */
export async function runRecord(run: LegRun, record: SourceRecord, upstreamLinkId: number | undefined): Promise<RecordResult> {
  const result = (outcome: RecordOutcome, handled: boolean, message?: string, hint?: string, extra: Partial<RecordResult> = {}): RecordResult => ({
    sourceId: record.id,
    sourceNumber: record.number,
    outcome,
    handled,
    message,
    hint,
    ...extra,
  });
  const { leg } = run;
  const firstStep = leg.steps[0];
  if (!firstStep) return result('unchanged', true);

  const reason = leg.skipReason?.(record);
  if (reason !== undefined) {
    const documents = documentLinks(run, record);
    // A record already (maybe) created is never left half-done: an open create is recovered first.
    if (!documents.some((link) => link.status === 'pending' || link.status === 'unknown')) {
      const made = documents.find((link) => link.status === 'ok');
      // Followed after its transfer (followsAfterTransfer): its steps run below, as for any transferred record.
      if (made === undefined || leg.followsAfterTransfer?.(record) !== true) return skip(run, record, reason, made, upstreamLinkId, result);
    }
  }

  const waiting = leg.waitReason?.(record);
  if (waiting !== undefined) return result('unchanged', false, waiting);

  const done: Record<string, TargetDoc> = {};
  const linkIds: Record<string, number> = {};
  // Documents of other legs this leg acts on, through their links: until each is made, the record waits.
  for (const ref of otherLegDocuments(leg)) {
    const link = findLink(run.store, { leg: ref.leg, step: ref.step, sourceInstance: leg.source.instance, sourceId: record.id });
    if (link?.status !== 'ok' || link.targetId === undefined) {
      // Skipped there (on that leg's first step), so never made: nothing to wait for. Not made yet: the checkpoint waits for it.
      const never = link?.status === 'skipped' || link?.status === 'given-up' || isSkipped(run.store, { leg: ref.leg, sourceInstance: leg.source.instance, sourceId: record.id });
      return result('unchanged', never);
    }
    done[documentKey(ref)] = { id: link.targetId, number: link.targetNumber };
    linkIds[documentKey(ref)] = link.id;
  }
  const adopted: string[] = [];
  let worst: StepOutcome = { outcome: 'unchanged', handled: true };
  // Steps tried again in this record's run: a shared document gone, and the step it failed.
  const again = new Set<string>();
  for (let index = 0; index < leg.steps.length; index += 1) {
    const step = leg.steps[index] as Step<SourceRecord>;
    const upstream = (step.kind === 'update' || step.kind === 'state-change') && step.of !== undefined ? linkIds[documentKey(step.of)] : upstreamLinkId;
    let outcome: StepOutcome;
    try {
      outcome = await runStep(run, step, record, done, upstream, again.has(step.name));
    } catch (error) {
      if (isSystemic(error)) throw error;
      // Doubt (protocol step 5): an earlier step's shared document is gone; look it up again, then retry from there, once.
      const gone = step.kind === 'create' ? step.goneDocument?.(error) : undefined;
      const back = leg.steps.findIndex((earlier, at) => at < index && earlier.name === gone && earlier.kind === 'create' && earlier.key !== undefined);
      if (gone !== undefined && back >= 0 && !again.has(gone)) {
        again.add(gone).add(step.name);
        index = back - 1;
        continue;
      }
      outcome = parkFailure(run, step, record, upstream, error);
    }
    if (outcome.doc) done[step.name] = outcome.doc;
    if (outcome.linkId !== undefined) linkIds[step.name] = outcome.linkId;
    if (outcome.adopted && step.kind === 'create') adopted.push(step.noun);
    if (SEVERITY.indexOf(outcome.outcome) >= SEVERITY.indexOf(worst.outcome)) worst = outcome;
    if (!outcome.doc && step.kind !== 'state-change') break; // Later steps need this step's document.
  }
  return result(worst.outcome, worst.handled, worst.message, worst.hint, {
    adopted: adopted.length > 0 ? adopted : undefined,
    failure: worst.failure,
  });
}

/** A record that must not go: flagged for a person when it was transferred already, else skipped once with the reason. */
function skip(
  run: LegRun,
  record: SourceRecord,
  reason: string,
  made: Link | undefined,
  upstreamLinkId: number | undefined,
  result: (outcome: RecordOutcome, handled: boolean, message?: string) => RecordResult,
): RecordResult {
  const firstStep = run.leg.steps[0] as Step<SourceRecord>;
  // Transferred, and now it must not go (cancelled, refunded): a person has to look at it.
  if (made) return result(...flagChange(run, record, made, { key: `skip:${reason}`, what: reason }));
  if (run.dryRun) {
    // Logged like a real run's skip, so a dry run's counts match its rows; no link is written.
    const first = findLink(run.store, linkKey(run, firstStep, record));
    if (first?.status === 'skipped' && first.lastError === reason) return result('unchanged', true);
    log(run, record, firstStep, { stage: 'mapped', status: 'skipped', message: reason, sourcePayload: record });
    return result('skipped', true, reason);
  }
  const { linkId, isNew } = markSkipped(run.store, intentFor(run, firstStep, record, upstreamLinkId), reason);
  if (!isNew) return result('unchanged', true);
  log(run, record, firstStep, { stage: 'mapped', status: 'skipped', linkId, message: reason, sourcePayload: record });
  return result('skipped', true, reason);
}

/** Whether every step of the record was done before (each link ok): its steps will then only compare. */
export function allStepsDone(run: LegRun, record: SourceRecord): boolean {
  return run.leg.steps.every((step) => findLink(run.store, linkKey(run, step, record))?.status === 'ok');
}

/** The links of the record's own documents: its create steps, leaving out shared ones (a customer found by e-mail). */
function documentLinks(run: LegRun, record: SourceRecord): Link[] {
  return run.leg.steps
    .filter((step) => step.kind === 'create' && step.key === undefined)
    .map((step) => findLink(run.store, linkKey(run, step, record)))
    .filter((link): link is Link => link !== undefined);
}

function runStep(
  run: LegRun,
  step: Step<SourceRecord>,
  record: SourceRecord,
  done: StepResults,
  upstreamLinkId: number | undefined,
  again: boolean,
): Promise<StepOutcome> {
  switch (step.kind) {
    case 'create': {
      // A shared document this record already has needs no key: it waits in no queue and is not made again.
      const linked = step.key !== undefined && !again && findLink(run.store, linkKey(run, step, record))?.status === 'ok';
      return run.keyed.run(linked ? undefined : step.key?.(record), () => runCreate(run, step, record, done, upstreamLinkId, again));
    }
    case 'update':
      return runUpdate(run, step, record, done, upstreamLinkId);
    case 'state-change':
      return runStateChange(run, step, record, done, upstreamLinkId);
    case 'batch-update':
      return runBatchUpdate(run, step, record);
  }
}

/** A retried record that no longer exists in its source: its open steps fail (and are given up in time) with that reason. */
export function parkMissingSource(run: LegRun, sourceId: string): RecordResult {
  const message = `the record no longer exists in ${run.leg.source.system}`;
  const stub: SourceRecord = { id: sourceId, createdAt: new Date(0), modifiedAt: new Date(0) };
  let outcome: StepOutcome = { outcome: 'failed', handled: true, message };
  for (const step of run.leg.steps) {
    const link = findLink(run.store, linkKey(run, step, stub));
    if (link && ['pending', 'unknown', 'failed'].includes(link.status)) {
      outcome = parkFailure(run, step, { ...stub, number: link.sourceNumber }, link.upstreamLinkId, new Error(message));
    }
  }
  return { sourceId, sourceNumber: undefined, outcome: outcome.outcome, handled: true, message: outcome.message };
}
