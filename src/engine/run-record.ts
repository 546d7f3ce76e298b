import { createHash } from 'node:crypto';
import { inTransaction, type Store } from '../store/database.js';

import {
  downstreamLinks,
  findLink,
  flagAttention,
  markFailed,
  markOk,
  markSkipped,
  markUnknown,
  recordIntent,
  type Link,
  type LinkIntent,
} from '../store/links.js';
import { appendTransfer, lastSentPayload, type Redactor, type TransferEntry, type TransferStage, type TransferStatus } from '../store/transfers.js';
import { contentHash } from './content-hash.js';
import { errorHint, errorMessage, isOutcomeUnknown, isSystemic, isTransient } from './errors.js';
import { faultPoint } from './fault-points.js';
import type { KeyedQueue } from './keyed-queue.js';
import type { CreateStep, Leg, SourceRecord, StateChangeStep, Step, StepResults, TargetDoc, UpdateStep } from './leg.js';
import { nextAttemptAt, type EngineSettings } from './settings.js';

/**
 * What became of one record in this run. `handled` says whether the checkpoint may move past it:
 * true for done, skipped, parked failures and unknown creates (their links bring them back);
 * false for a failure nothing will retry unless the cursor sees the record again.
 */
export type RecordOutcome = 'ok' | 'unchanged' | 'skipped' | 'failed' | 'unknown' | 'dry-run' | 'parked' | 'given-up' | 'needs-attention';

export interface RecordResult {
  sourceId: string;
  sourceNumber: string | undefined;
  outcome: RecordOutcome;
  handled: boolean;
  message?: string | undefined;
  hint?: string | undefined;
  /** What this record's steps found already made and adopted (step nouns, e.g. `Rackbeat order`). */
  adopted?: string[] | undefined;
  /** The error a step failed with, without retry details: records failing the same way stop the leg. */
  failure?: string | undefined;
}

/** Everything one leg's run shares between its records. */
export interface LegRun {
  store: Store;
  runId: number;
  leg: Leg<SourceRecord>;
  settings: EngineSettings;
  dryRun: boolean;
  redact: Redactor;
  keyed: KeyedQueue;
  /** What a page's batched look-up found, by step and reference (undefined: looked up, nothing there). */
  lookedUp: Map<string, TargetDoc | undefined>;
  /** Records selected by hand (`--order`): tried now, whatever their backoff, even when given up. */
  byHand: boolean;
}

/** The key of a batched look-up's answer in `LegRun.lookedUp`. */
export function lookedUpKey(step: CreateStep<SourceRecord>, reference: string): string {
  return `${step.name}\n${reference}`;
}

interface StepOutcome {
  outcome: RecordOutcome;
  handled: boolean;
  doc?: TargetDoc | undefined;
  linkId?: number | undefined;
  message?: string | undefined;
  hint?: string | undefined;
  adopted?: boolean | undefined;
  failure?: string | undefined;
}

/** Placeholder for a document a dry run would have created, so later steps can still say what they would do. */
const DRY_RUN_DOC: TargetDoc = { id: '(dry-run)' };

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
      // Transferred, and now it must not go (cancelled, refunded): a person has to look at it.
      if (made) return result(...flagChange(run, record, made, { key: `skip:${reason}`, what: reason }));
      if (run.dryRun) return result('skipped', true, reason);
      const { linkId, isNew } = markSkipped(run.store, intentFor(run, firstStep, record, upstreamLinkId), reason);
      if (!isNew) return result('unchanged', true);
      log(run, record, firstStep, { stage: 'mapped', status: 'skipped', linkId, message: reason, sourcePayload: record });
      return result('skipped', true, reason);
    }
  }

  const done: Record<string, TargetDoc> = {};
  const linkIds: Record<string, number> = {};
  const adopted: string[] = [];
  let worst: StepOutcome = { outcome: 'unchanged', handled: true };
  for (const step of leg.steps) {
    const upstream = step.kind === 'state-change' ? linkIds[step.of] : upstreamLinkId;
    let outcome: StepOutcome;
    try {
      outcome = await runStep(run, step, record, done, upstream);
    } catch (error) {
      if (isSystemic(error)) throw error;
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

/** The links of the record's own documents: its create steps, leaving out shared ones (a customer found by e-mail). */
function documentLinks(run: LegRun, record: SourceRecord): Link[] {
  return run.leg.steps
    .filter((step) => step.kind === 'create' && step.key === undefined)
    .map((step) => findLink(run.store, linkKey(run, step, record)))
    .filter((link): link is Link => link !== undefined);
}

/**
 * Protocol step 8's other side: the source changed after its document was made, in a way this
 * flow does not carry over (no update step, or the document may no longer change). Flagged once
 * per change, in the log and on the link, until a person dismisses it; the run exits 1 meanwhile.
 */
function flagChange(run: LegRun, record: SourceRecord, link: Link, change: { key: string; what: string }): [RecordOutcome, boolean, string?] {
  if (run.dryRun || link.attentionKey === change.key) return ['unchanged', true];
  const message = `${change.what}, but it was already transferred (${describeDocuments(run.store, link)}): nothing was changed there; fix it by hand, then run iex-sync dismiss ${record.number ?? record.id}`;
  const step = run.leg.steps.find((candidate) => candidate.name === link.step) as Step<SourceRecord>;
  inTransaction(run.store, () => {
    flagAttention(run.store, link.id, { message, key: change.key });
    log(run, record, step, { stage: 'changed', status: 'needs-attention', linkId: link.id, message, sourcePayload: record, ...targetOf({ id: link.targetId ?? '', number: link.targetNumber }) });
  });
  return ['needs-attention', true, message];
}

function runStep(
  run: LegRun,
  step: Step<SourceRecord>,
  record: SourceRecord,
  done: StepResults,
  upstreamLinkId: number | undefined,
): Promise<StepOutcome> {
  switch (step.kind) {
    case 'create':
      return run.keyed.run(step.key?.(record), () => runCreate(run, step, record, done, upstreamLinkId));
    case 'update':
      return runUpdate(run, step, record, done, upstreamLinkId);
    case 'state-change':
      return runStateChange(run, step, record, done, upstreamLinkId);
  }
}

async function runCreate(
  run: LegRun,
  step: CreateStep<SourceRecord>,
  record: SourceRecord,
  done: StepResults,
  upstreamLinkId: number | undefined,
): Promise<StepOutcome> {
  const link = findLink(run.store, linkKey(run, step, record));
  const parked = parkedState(run, link, record);
  if (parked) return parked;
  const payload = step.payload(record, done);
  const hash = contentHash(payload);
  if (link?.status === 'ok') return updateIfChanged(run, step, record, link, payload, hash);
  const reference = step.reference(record);
  // Protocol step 5: only a link proves a document exists, and nothing proves one does not except
  // a look-up (the store may be new or lost). A link left by an earlier attempt means that attempt
  // may have just reached the target: ask the target now, not a page's batched answer.
  const attempted = link !== undefined && link.status !== 'skipped';
  const lookUp = () => (attempted ? step.lookup(reference, record) : lookFirst(run, step, reference, record));
  if (run.dryRun) {
    const found = await lookUp();
    if (found) {
      const message = `would adopt ${step.noun} ${found.number ?? found.id}, found by its reference ${reference}`;
      log(run, record, step, { stage: 'adopted', status: 'dry-run', targetPayload: payload, message, ...targetOf(found) });
      return { outcome: 'dry-run', handled: true, doc: found };
    }
    log(run, record, step, { stage: 'created', status: 'dry-run', targetPayload: payload, message: `would create with reference ${reference}` });
    return { outcome: 'dry-run', handled: true, doc: DRY_RUN_DOC };
  }

  const intent = recordIntent(run.store, { ...intentFor(run, step, record, upstreamLinkId), reference });
  faultPoint(`after-intent:${step.name}`);
  const found = await lookUp();
  if (found) return adopt(run, step, record, intent.id, found, hash, payload);
  const started = Date.now();
  let created: TargetDoc;
  try {
    created = await step.create(payload, { reference, idempotencyKey: idempotencyKey(run, step, record, hash, intent.attempts) });
  } catch (error) {
    if (!isOutcomeUnknown(error)) throw error;
    const found = await step.lookup(reference, record).catch(() => undefined);
    if (found) return adopt(run, step, record, intent.id, found, hash, payload);
    // Not visible yet; it may still appear. The next run looks again before it creates anything.
    const message = `outcome unknown: ${errorMessage(error)}; the next run looks it up by reference ${reference} before creating`;
    inTransaction(run.store, () => {
      markUnknown(run.store, intent.id, message);
      log(run, record, step, { stage: 'created', status: 'unknown', linkId: intent.id, message, targetPayload: payload });
    });
    return { outcome: 'unknown', handled: true, linkId: intent.id, message };
  }
  faultPoint(`after-create:${step.name}`);
  await step.verify?.(created, record);
  commitOk(run, step, record, intent.id, created, hash, {
    stage: 'created',
    status: 'ok',
    durationMs: Date.now() - started,
    targetPayload: payload,
    sourcePayload: record,
  });
  return { outcome: 'ok', handled: true, doc: created, linkId: intent.id };
}

/** The page's batched answer when there is one, else a look-up of this reference alone. */
async function lookFirst(run: LegRun, step: CreateStep<SourceRecord>, reference: string, record: SourceRecord): Promise<TargetDoc | undefined> {
  const key = lookedUpKey(step, reference);
  if (run.lookedUp.has(key)) return run.lookedUp.get(key);
  return step.lookup(reference, record);
}

async function adopt(
  run: LegRun,
  step: CreateStep<SourceRecord>,
  record: SourceRecord,
  linkId: number,
  found: TargetDoc,
  hash: string,
  payload: unknown,
): Promise<StepOutcome> {
  await step.verify?.(found, record);
  // A keyed step shares one document between records (a customer found by e-mail): that is a match, not a recovery.
  const message = step.key
    ? `matched an existing one by ${step.reference(record)}: used, not created`
    : `${step.noun} ${found.number ?? found.id} found by its reference ${step.reference(record)}: adopted, not created again`;
  commitOk(run, step, record, linkId, found, hash, { stage: 'adopted', status: 'ok', message, targetPayload: payload });
  return { outcome: 'ok', handled: true, doc: found, linkId, adopted: step.key === undefined };
}

/**
 * Protocol step 8: a linked document changes only when its content hash changed and the flow
 * allows it. A change the flow cannot carry over is flagged for a person instead of passed over.
 */
async function updateIfChanged(
  run: LegRun,
  step: CreateStep<SourceRecord>,
  record: SourceRecord,
  link: Link,
  payload: unknown,
  hash: string,
): Promise<StepOutcome> {
  const doc: TargetDoc = { id: link.targetId as string, number: link.targetNumber };
  const unchanged: StepOutcome = { outcome: 'unchanged', handled: true, doc, linkId: link.id };
  if (hash === link.contentHash) return unchanged;
  const cannotUpdate = async (): Promise<StepOutcome> => {
    if (step.key !== undefined) return unchanged; // A shared document (a customer) is not this record's to flag.
    const what = `changed in ${run.leg.source.system} after it was transferred (${changedParts(run, link, payload)})`;
    const [outcome, handled, message] = flagChange(run, record, link, { key: hash, what });
    return { ...unchanged, outcome, handled, message };
  };
  if (!step.update) return cannotUpdate();
  if (run.dryRun) {
    log(run, record, step, { stage: 'updated', status: 'dry-run', linkId: link.id, targetPayload: payload, ...targetOf(doc) });
    return { ...unchanged, outcome: 'dry-run' };
  }
  try {
    if (step.mayUpdate && !(await step.mayUpdate(doc))) return await cannotUpdate();
    const updated = await step.update(doc, payload);
    faultPoint(`after-update:${step.name}`);
    commitOk(run, step, record, link.id, updated, hash, { stage: 'updated', status: 'ok', targetPayload: payload });
    return { outcome: 'ok', handled: true, doc: updated, linkId: link.id };
  } catch (error) {
    if (isSystemic(error)) throw error;
    // The link stays ok with the old hash: the document exists. Not parked, so the checkpoint waits for it.
    const message = errorMessage(error);
    log(run, record, step, { stage: 'updated', status: 'failed', linkId: link.id, message, hint: errorHint(error), ...targetOf(doc) });
    return { outcome: 'failed', handled: false, doc, linkId: link.id, message, hint: errorHint(error) };
  }
}

/** Which top-level parts of the payload differ from what was last sent (`lines, note`), for the person who looks. */
function changedParts(run: LegRun, link: Link, payload: unknown): string {
  const before = lastSentPayload(run.store, link.id);
  const now = JSON.parse(JSON.stringify(run.redact(payload) ?? null)) as unknown;
  if (!isObject(before) || !isObject(now)) return 'its content';
  const keys = [...new Set([...Object.keys(before), ...Object.keys(now)])];
  const changed = keys.filter((key) => JSON.stringify(before[key]) !== JSON.stringify(now[key]));
  return changed.length > 0 ? changed.join(', ') : 'its content';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `Rackbeat order 5007, e-conomic economic-document 12`: the document and what later legs made from it. */
function describeDocuments(store: Store, link: Link): string {
  return [link, ...downstreamLinks(store, link.id)]
    .filter((each) => each.targetNumber !== undefined || each.targetId !== undefined)
    .map((each) => `${each.step.replace(/^economic-/, 'e-conomic ').replace(/^rackbeat-/, 'Rackbeat ')} ${each.targetNumber ?? each.targetId}`)
    .join(', ');
}

async function runUpdate(
  run: LegRun,
  step: UpdateStep<SourceRecord>,
  record: SourceRecord,
  done: StepResults,
  upstreamLinkId: number | undefined,
): Promise<StepOutcome> {
  const link = findLink(run.store, linkKey(run, step, record));
  const parked = parkedState(run, link, record);
  if (parked) return parked;
  const payload = step.payload(record, done);
  const hash = contentHash(payload);
  if (link?.status === 'ok' && link.contentHash === hash) {
    return { outcome: 'unchanged', handled: true, doc: { id: link.targetId as string, number: link.targetNumber }, linkId: link.id };
  }
  const doc = await step.locate(record, done);
  if (!doc) throw new Error(`nothing in ${step.targetSystem} to update for ${record.number ?? record.id}`);
  if (run.dryRun) {
    log(run, record, step, { stage: 'updated', status: 'dry-run', targetPayload: payload, ...targetOf(doc) });
    return { outcome: 'dry-run', handled: true, doc };
  }
  const intent = recordIntent(run.store, intentFor(run, step, record, upstreamLinkId));
  faultPoint(`after-intent:${step.name}`);
  const updated = await step.apply(doc, payload);
  faultPoint(`after-update:${step.name}`);
  commitOk(run, step, record, intent.id, updated, hash, { stage: 'updated', status: 'ok', targetPayload: payload });
  return { outcome: 'ok', handled: true, doc: updated, linkId: intent.id };
}

/** Protocol step 6: a state change reads the current state first and is a no-op when already done. */
async function runStateChange(
  run: LegRun,
  step: StateChangeStep<SourceRecord>,
  record: SourceRecord,
  done: StepResults,
  upstreamLinkId: number | undefined,
): Promise<StepOutcome> {
  const doc = done[step.of];
  const link = findLink(run.store, linkKey(run, step, record));
  const parked = parkedState(run, link, record);
  if (parked) return parked;
  if (!doc || link?.status === 'ok' || !step.wanted(record)) return { outcome: 'unchanged', handled: true, doc, linkId: link?.id };
  if (run.dryRun) {
    log(run, record, step, { stage: step.stage, status: 'dry-run', message: `would move to ${step.stage}`, ...targetOf(doc) });
    return { outcome: 'dry-run', handled: true, doc };
  }
  const intent = recordIntent(run.store, intentFor(run, step, record, upstreamLinkId));
  faultPoint(`after-intent:${step.name}`);
  if (await step.isDone(doc)) {
    commitOk(run, step, record, intent.id, doc, undefined, { stage: step.stage, status: 'ok', message: `already ${step.stage}` });
    return { outcome: 'ok', handled: true, doc, linkId: intent.id };
  }
  await step.apply(doc);
  faultPoint(`after-state-change:${step.name}`);
  commitOk(run, step, record, intent.id, doc, undefined, { stage: step.stage, status: 'ok' });
  return { outcome: 'ok', handled: true, doc, linkId: intent.id };
}

/** Protocol step 5, second half: the link and its log row in one local transaction. */
function commitOk(
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
function parkFailure(
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
    log(run, record, step, { stage: stageOf(step), status: 'failed', linkId: link.id, message, hint, sourcePayload: record });
    return { outcome: 'failed', handled: true, linkId: link.id, message, hint, failure: errorMessage(error) };
  });
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

/**
 * A parked failure is left alone until its next attempt is due, and a dismissed one for good,
 * unless the source record changed since; records selected by hand are tried now whatever their state.
 */
function parkedState(run: LegRun, link: Link | undefined, record: SourceRecord): StepOutcome | undefined {
  if (!link || run.byHand || record.modifiedAt.toISOString() > link.sourceModifiedAt) return undefined;
  if (link.dismissedAt !== undefined) return { outcome: 'unchanged', handled: true };
  if (link.status === 'given-up') return { outcome: 'given-up', handled: true, message: link.lastError, hint: link.lastHint };
  const notDue = link.nextAttemptAt !== undefined && link.nextAttemptAt > run.store.now().toISOString();
  if (link.status === 'failed' && notDue) return { outcome: 'parked', handled: true, message: link.lastError, hint: link.lastHint };
  return undefined;
}

type LogFields = Omit<TransferEntry, 'runId' | 'flow' | 'leg' | 'sourceSystem' | 'sourceId' | 'sourceNumber' | 'targetSystem'>;

function log(run: LegRun, record: SourceRecord, step: Step<SourceRecord>, fields: LogFields & { stage: TransferStage; status: TransferStatus }): void {
  appendTransfer(
    run.store,
    {
      runId: run.runId,
      flow: run.leg.flow,
      leg: run.leg.name,
      sourceSystem: run.leg.source.system,
      sourceId: record.id,
      sourceNumber: record.number,
      targetSystem: step.targetSystem,
      ...fields,
    },
    run.redact,
  );
}

function targetOf(doc: TargetDoc): { targetId: string; targetNumber: string | undefined } {
  return { targetId: doc.id, targetNumber: doc.number };
}

function stageOf(step: Step<SourceRecord>): TransferStage {
  if (step.kind === 'state-change') return step.stage;
  return step.kind === 'create' ? 'created' : 'updated';
}

function linkKey(run: LegRun, step: Step<SourceRecord>, record: SourceRecord) {
  return { leg: run.leg.name, step: step.name, sourceInstance: run.leg.source.instance, sourceId: record.id };
}

function intentFor(run: LegRun, step: Step<SourceRecord>, record: SourceRecord, upstreamLinkId: number | undefined): LinkIntent {
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
 * Protocol step 6: a key belongs to one request body. Same step, source, body and attempt → same
 * key, so resending after an unknown outcome is recognised; a changed body, or a new attempt after a
 * definite refusal (which counts one), gets a new key, or e-conomic replays the old answer for an hour.
 */
function idempotencyKey(run: LegRun, step: Step<SourceRecord>, record: SourceRecord, payloadHash: string, attempts: number): string {
  const text = [run.leg.flow, run.leg.name, step.name, run.leg.source.instance, record.id, payloadHash, attempts].join('\n');
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
