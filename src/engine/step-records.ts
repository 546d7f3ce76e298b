import { inTransaction } from '../store/database.js';
import { findLink, markFailed, markOk, recordIntent, type Link, type LinkIntent } from '../store/links.js';
import { appendTransfer, type TransferEntry, type TransferStage, type TransferStatus } from '../store/transfers.js';
import { errorHint, errorMessage, isTransient } from './errors.js';
import { faultPoint } from './fault-points.js';
import { contentHash } from './content-hash.js';
import type { CreateStep, SourceRecord, Step, StepResults, TargetDoc, UpdateStep } from './leg.js';
import type { LegRun, StepOutcome } from './leg-run.js';
import { nextAttemptAt } from './settings.js';

/** What every kind of step writes locally: the log row, the link's ok, a parked failure (protocol steps 5-9). */

/** Protocol step 5, second half: the link and its log row in one local transaction. */
export function commitOk(
  run: LegRun,
  step: Step<SourceRecord>,
  record: SourceRecord,
  linkId: number,
  doc: TargetDoc,
  hash: string | undefined,
  entry: LogFields,
): void {
  inTransaction(run.store, () => {
    faultPoint(`before-commit:${step.name}`);
    markOk(run.store, linkId, { targetId: doc.id, targetNumber: doc.number, contentHash: hash });
    log(run, record, step, { ...entry, linkId, ...targetOf(doc) });
  });
  faultPoint(`after-commit:${step.name}`);
}

/** A failed step is parked with attempts and a next attempt, or given up with the reason. */
export function parkFailure(
  run: LegRun,
  step: Step<SourceRecord>,
  record: SourceRecord,
  upstreamLinkId: number | undefined,
  error: unknown,
): StepOutcome {
  const hint = errorHint(error);
  if (run.dryRun) {
    const message = errorMessage(error);
    log(run, record, step, { stage: stageOf(step), status: 'failed', message, hint, sourcePayload: record });
    return { outcome: 'failed', handled: true, message, hint, failure: message };
  }
  // A system briefly down (5xx, reset, timeout) says nothing about the record: try again next run,
  // without counting it towards giving up. Backoff is for records that are wrong.
  const transient = isTransient(error);
  return inTransaction(run.store, () => {
    const link = findLink(run.store, linkKey(run, step, record)) ?? recordIntent(run.store, intentFor(run, step, record, upstreamLinkId));
    const now = run.store.now();
    const parked = markFailed(run.store, link.id, {
      error: errorMessage(error),
      hint,
      nextAttemptAt: transient ? now : nextAttemptAt(now, link.attempts + 1, run.settings),
      giveUpAfterAttempts: run.settings.giveUpAfterAttempts,
      transient,
    });
    const message =
      parked.status === 'given-up'
        ? parked.lastError
        : transient
          ? `${parked.lastError} (tried again on the next run)`
          : `${parked.lastError} (attempt ${parked.attempts}, next at ${parked.nextAttemptAt})`;
    const status = parked.status === 'given-up' ? 'given-up' : 'failed';
    const sent = run.sending.get(sendingKey(step, record));
    const targetPayload = sent === undefined ? undefined : { request: sent, response: refusal(error) };
    log(run, record, step, { stage: stageOf(step), status, linkId: link.id, message, hint, sourcePayload: record, targetPayload });
    return { outcome: 'failed', handled: true, linkId: link.id, message, hint, failure: errorMessage(error) };
  });
}

/**
 * A parked failure is left alone until its next attempt is due, and a dismissed one for good,
 * unless the source record changed since; records selected by hand are tried now whatever their state.
 */
export function parkedState(run: LegRun, link: Link | undefined, record: SourceRecord): StepOutcome | undefined {
  if (!link || run.byHand || record.modifiedAt.toISOString() > link.sourceModifiedAt) return undefined;
  if (link.dismissedAt !== undefined) return { outcome: 'unchanged', handled: true };
  if (link.status === 'given-up') return { outcome: 'given-up', handled: true, message: link.lastError, hint: link.lastHint };
  const notDue = link.nextAttemptAt !== undefined && link.nextAttemptAt > run.store.now().toISOString();
  if (link.status === 'failed' && notDue) return { outcome: 'parked', handled: true, message: link.lastError, hint: link.lastHint };
  return undefined;
}

export type LogFields = Omit<TransferEntry, 'runId' | 'flow' | 'leg' | 'sourceSystem' | 'sourceId' | 'sourceNumber' | 'targetSystem'>;

export function log(run: LegRun, record: SourceRecord, step: Step<SourceRecord>, fields: LogFields & { stage: TransferStage; status: TransferStatus }): void {
  appendTransfer(
    run.store,
    {
      runId: run.runId,
      flow: run.leg.flow,
      leg: run.leg.name,
      sourceSystem: run.leg.source.system,
      sourceId: record.id,
      sourceNumber: record.number,
      origin: run.origins.get(record.id),
      kind: fields.stage === 'mapped' ? run.leg.about : step.about,
      targetSystem: step.targetSystem,
      ...fields,
    },
    run.redact,
  );
}

export function targetOf(doc: TargetDoc): { targetId: string; targetNumber: string | undefined } {
  return { targetId: doc.id, targetNumber: doc.number };
}

export function stageOf(step: Step<SourceRecord>): TransferStage {
  if (step.kind === 'state-change') return step.stage;
  if (step.kind === 'update') return step.stage ?? 'updated';
  return step.kind === 'create' ? 'created' : 'updated';
}

export function linkKey(run: LegRun, step: Step<SourceRecord>, record: SourceRecord) {
  return { leg: run.leg.name, step: step.name, sourceInstance: run.leg.source.instance, sourceId: record.id };
}

export function intentFor(run: LegRun, step: Step<SourceRecord>, record: SourceRecord, upstreamLinkId: number | undefined): LinkIntent {
  return {
    ...linkKey(run, step, record),
    flow: run.leg.flow,
    sourceSystem: run.leg.source.system,
    sourceNumber: record.number,
    targetSystem: step.targetSystem,
    upstreamLinkId,
    sourceModifiedAt: record.modifiedAt.toISOString(),
  };
}

/**
 * What a row's target payload holds (issue 14): the request body exactly as sent (the step's own
 * `body`, else the payload), and the answer's essentials: the document it made, or the refusal.
 */
export function exchange(step: Step<SourceRecord>, payload: unknown, response?: unknown, update = false): { request: unknown; response?: unknown } {
  const body = update && step.kind === 'create' && step.updateBody ? step.updateBody : step.kind !== 'state-change' ? step.body : undefined;
  const request = body ? body(payload as never) : payload;
  return response === undefined ? { request } : { request, response };
}

/** The essentials of an answer that refused: status, the system's code and message, its details. */
export function refusal(error: unknown): Record<string, unknown> {
  // A record error that explains a system's refusal keeps that refusal as its cause.
  const answer = (error as { status?: unknown; cause?: unknown } | null)?.status === undefined ? ((error as { cause?: unknown } | null)?.cause ?? error) : error;
  const { status, code, platformMessage, details } = (answer ?? {}) as { status?: unknown; code?: unknown; platformMessage?: unknown; details?: unknown };
  const essentials: Record<string, unknown> = { error: errorMessage(error) };
  if (status !== undefined) essentials.status = status;
  if (code !== undefined) essentials.code = code;
  if (platformMessage !== undefined) essentials.message = platformMessage;
  if (details !== undefined) essentials.details = details;
  return essentials;
}

/** Where `run.sending` keeps a record's step's body while it is sent. */
export function sendingKey(step: Step<SourceRecord>, record: SourceRecord): string {
  return `${step.name}\n${record.id}`;
}

/**
 * How a create or update step starts: its link, and unless it is parked (or `settled` answers for
 * it from its link alone, before its body is made), the payload and its content hash.
 */
export function beginStep(
  run: LegRun,
  step: CreateStep<SourceRecord> | UpdateStep<SourceRecord>,
  record: SourceRecord,
  done: StepResults,
  settled?: (link: Link | undefined) => StepOutcome | undefined,
): { parked: StepOutcome } | { parked?: undefined; link: Link | undefined; payload: unknown; hash: string } {
  const link = findLink(run.store, linkKey(run, step, record));
  const parked = parkedState(run, link, record) ?? settled?.(link);
  if (parked) return { parked };
  const payload = step.payload(record, done);
  return { link, payload, hash: contentHash(step.kind === 'create' && step.kept ? step.kept(payload as never) : payload) };
}
