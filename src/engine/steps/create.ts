import { createHash } from 'node:crypto';
import { inTransaction } from '../../store/database.js';
import { markUnknown, recordIntent, type Link } from '../../store/links.js';
import { changedParts, flagChange } from '../attention.js';
import { errorHint, errorMessage, isOutcomeUnknown, isSystemic } from '../errors.js';
import { faultPoint } from '../fault-points.js';
import type { CreateStep, SourceRecord, Step, StepResults, TargetDoc } from '../leg.js';
import { DRY_RUN_DOC, lookedUpKey, type LegRun, type StepOutcome } from '../leg-run.js';
import { beginStep, commitOk, exchange, intentFor, log, refusal, sendingKey, targetOf } from '../step-records.js';

/**
 * Protocol steps 5-8 for one create step of one record. `again`: tried a second time in this
 * record's run, because a later step found this step's shared document gone (its link is not
 * trusted, the target is asked again) or because this step was refused for such a document (a
 * definite refusal: the request gets a new idempotency key).
 */
export async function runCreate(
  run: LegRun,
  step: CreateStep<SourceRecord>,
  record: SourceRecord,
  done: StepResults,
  upstreamLinkId: number | undefined,
  again = false,
): Promise<StepOutcome> {
  // A shared document (a customer) is never this record's to update or flag: nothing to compare,
  // and no body to make (a done record may not have read what the body is made of).
  const begun = beginStep(run, step, record, done, (link) =>
    link?.status === 'ok' && !again && step.key !== undefined && !step.update
      ? { outcome: 'unchanged', handled: true, doc: { id: link.targetId as string, number: link.targetNumber }, linkId: link.id }
      : undefined,
  );
  if (begun.parked) return begun.parked;
  const { link, payload, hash } = begun;
  if (link?.status === 'ok' && !again) return updateIfChanged(run, step, record, link, payload, hash);
  const reference = step.reference(record);
  if (again) run.shared.forget(step, reference);
  // Protocol step 5: only a link proves a document exists, and nothing proves one does not except
  // a look-up (the store may be new or lost). A link left by an earlier attempt means that attempt
  // may have just reached the target: ask the target now, not a page's batched answer nor what
  // another record's link remembers.
  const attempted = link !== undefined && link.status !== 'skipped';
  const lookUp = () => (attempted ? step.lookup(reference, record) : lookFirst(run, step, reference, record));
  if (run.dryRun) {
    const found = await lookUp();
    if (found) {
      const message = `would adopt ${step.noun} ${found.number ?? found.id}, found by its reference ${reference}`;
      log(run, record, step, { stage: 'adopted', status: 'dry-run', targetPayload: exchange(step, payload), message, ...targetOf(found) });
      return { outcome: 'dry-run', handled: true, doc: found };
    }
    log(run, record, step, { stage: 'created', status: 'dry-run', targetPayload: exchange(step, payload), message: `would create with reference ${reference}` });
    return { outcome: 'dry-run', handled: true, doc: DRY_RUN_DOC };
  }

  const intent = recordIntent(run.store, { ...intentFor(run, step, record, upstreamLinkId), reference });
  faultPoint(`after-intent:${step.name}`);
  const found = await lookUp();
  if (found) return adopt(run, step, record, intent.id, found, hash, payload);
  const started = Date.now();
  let created: TargetDoc;
  const sending = sendingKey(step, record);
  run.sending.set(sending, exchange(step, payload).request);
  try {
    created = await step.create(payload, { reference, idempotencyKey: idempotencyKey(run, step, record, hash, intent.attempts, again) });
  } catch (error) {
    if (!isOutcomeUnknown(error)) throw error;
    const found = await step.lookup(reference, record).catch(() => undefined);
    if (found) return adopt(run, step, record, intent.id, found, hash, payload);
    // Not visible yet; it may still appear. The next run looks again before it creates anything.
    const message = `outcome unknown: ${errorMessage(error)}; the next run looks it up by reference ${reference} before creating`;
    inTransaction(run.store, () => {
      markUnknown(run.store, intent.id, message);
      log(run, record, step, { stage: 'created', status: 'unknown', linkId: intent.id, message, targetPayload: exchange(step, payload, refusal(error)) });
    });
    return { outcome: 'unknown', handled: true, linkId: intent.id, message };
  }
  faultPoint(`after-create:${step.name}`);
  await step.verify?.(created, record);
  run.sending.delete(sending);
  commitOk(run, step, record, intent.id, created, hash, {
    stage: 'created',
    status: 'ok',
    durationMs: Date.now() - started,
    targetPayload: exchange(step, payload, { made: targetOf(created) }),
    sourcePayload: record,
  });
  if (step.key) run.shared.remember(step, reference, created);
  return { outcome: 'ok', handled: true, doc: created, linkId: intent.id };
}

/**
 * What a shared document's earlier records found or made (a customer, remembered through their
 * links); else the page's batched answer when there is one; else a look-up of this reference alone.
 */
export async function lookFirst(run: LegRun, step: CreateStep<SourceRecord>, reference: string, record: SourceRecord): Promise<TargetDoc | undefined> {
  const known = step.key ? run.shared.find(step, reference) : undefined;
  if (known) return known;
  const batched = await run.lookedUp.get(lookedUpKey(step, reference));
  if (batched) return batched.found;
  return step.lookup(reference, record);
}

export async function adopt(
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
  commitOk(run, step, record, linkId, found, hash, { stage: 'adopted', status: 'ok', message, targetPayload: exchange(step, payload, { found: targetOf(found) }) });
  if (step.key) run.shared.remember(step, step.reference(record), found);
  return { outcome: 'ok', handled: true, doc: found, linkId, adopted: step.key === undefined };
}

/**
 * Protocol step 8: a linked document changes only when its content hash changed and the flow
 * allows it. A change the flow cannot carry over is flagged for a person instead of passed over.
 */
export async function updateIfChanged(
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
    const what = `changed in ${run.leg.source.system} after it was transferred (${changedParts(run, step, link, payload)})`;
    const [outcome, handled, message] = flagChange(run, record, link, { key: hash, what });
    return { ...unchanged, outcome, handled, message };
  };
  if (!step.update) return cannotUpdate();
  if (run.dryRun) {
    log(run, record, step, { stage: 'updated', status: 'dry-run', linkId: link.id, targetPayload: exchange(step, payload, undefined, true), ...targetOf(doc) });
    return { ...unchanged, outcome: 'dry-run' };
  }
  try {
    if (step.mayUpdate && !(await step.mayUpdate(doc))) return await cannotUpdate();
    const updated = await step.update(doc, payload);
    faultPoint(`after-update:${step.name}`);
    commitOk(run, step, record, link.id, updated, hash, { stage: 'updated', status: 'ok', targetPayload: exchange(step, payload, { updated: targetOf(updated) }, true) });
    return { outcome: 'ok', handled: true, doc: updated, linkId: link.id };
  } catch (error) {
    if (isSystemic(error)) throw error;
    // The link stays ok with the old hash: the document exists. Not parked, so the checkpoint waits for it.
    const message = errorMessage(error);
    log(run, record, step, { stage: 'updated', status: 'failed', linkId: link.id, message, hint: errorHint(error), targetPayload: exchange(step, payload, refusal(error), true), ...targetOf(doc) });
    return { outcome: 'failed', handled: false, doc, linkId: link.id, message, hint: errorHint(error) };
  }
}

/**
 * Protocol step 6: a key belongs to one request body. Same step, source, body and attempt → same
 * key, so resending after an unknown outcome is recognised; a changed body, or a new attempt after a
 * definite refusal (which counts one, or is tried `again` at once), gets a new key, or e-conomic
 * replays the old answer for an hour.
 */
export function idempotencyKey(run: LegRun, step: Step<SourceRecord>, record: SourceRecord, payloadHash: string, attempts: number, again = false): string {
  const text = [run.leg.flow, run.leg.name, step.name, run.leg.source.instance, record.id, payloadHash, attempts, ...(again ? ['again'] : [])].join('\n');
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
