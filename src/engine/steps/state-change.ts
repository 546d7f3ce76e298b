import { inTransaction } from '../../store/database.js';
import { findLink, markUnknown, recordIntent, type Link } from '../../store/links.js';
import { contentHash } from '../content-hash.js';
import { errorMessage, isOutcomeUnknown } from '../errors.js';
import { faultPoint } from '../fault-points.js';
import { documentKey, type SourceRecord, type StateChangeStep, type StepResults } from '../leg.js';
import { DRY_RUN_DOC, type LegRun, type StepOutcome } from '../leg-run.js';
import { commitOk, intentFor, linkKey, log, parkedState, refusal, sendingKey, targetOf } from '../step-records.js';
import { idempotencyKey } from './create.js';

/**
 * Protocol step 7's last rule: a state change reads the current state first and is a no-op when
 * already done. A change that makes a new document (a draft invoice booked under its own number)
 * records that document on its own link, so both numbers stay known. What it sends is logged
 * with its stage. A change done at most once (a mail) is never repeated after an attempt whose
 * outcome is not known: it stays `unknown` for a person to decide.
 */
export function runStateChange(...args: Parameters<typeof changeState>): Promise<StepOutcome> {
  const [run, step] = args;
  // At most once: one at a time, so a crash leaves at most one such change in doubt, not every one in flight.
  const queue = step.atMostOnce ? `at-most-once\n${step.name}` : undefined;
  return run.keyed.run(queue, () => changeState(...args));
}

async function changeState(
  run: LegRun,
  step: StateChangeStep<SourceRecord>,
  record: SourceRecord,
  done: StepResults,
  upstreamLinkId: number | undefined,
): Promise<StepOutcome> {
  const doc = done[documentKey(step.of)];
  const link = findLink(run.store, linkKey(run, step, record));
  const parked = parkedState(run, link, record);
  if (parked) return parked;
  if (link?.status === 'ok') {
    const made = link.targetId === undefined ? doc : { id: link.targetId, number: link.targetNumber };
    return { outcome: 'unchanged', handled: true, doc: made, linkId: link.id };
  }
  if (!doc || !(await step.wanted(record))) return { outcome: 'unchanged', handled: true, doc, linkId: link?.id };
  if (step.atMostOnce && !run.byHand && link && (link.status === 'pending' || link.status === 'unknown')) {
    return leaveUnknown(run, step, record, link, 'an earlier attempt may have done it');
  }
  if (run.dryRun) {
    // A document a dry run only planned has nothing to read; what a change would make is planned too.
    const payload = doc === DRY_RUN_DOC ? undefined : await step.payload?.(doc, record, done);
    log(run, record, step, { stage: step.stage, status: 'dry-run', message: `would move to ${step.stage}`, targetPayload: payload === undefined ? undefined : { request: payload }, ...targetOf(doc) });
    return { outcome: 'dry-run', handled: true, doc: step.payload ? DRY_RUN_DOC : doc };
  }
  const intent = recordIntent(run.store, intentFor(run, step, record, upstreamLinkId));
  faultPoint(`after-intent:${step.name}`);
  const current = await step.isDone(doc, record);
  if (current !== false) {
    const made = current === true ? doc : current;
    commitOk(run, step, record, intent.id, made, undefined, { stage: step.stage, status: 'ok', message: `already ${step.stage}` });
    return { outcome: 'ok', handled: true, doc: made, linkId: intent.id };
  }
  const payload = await step.payload?.(doc, record, done);
  const sending = sendingKey(step, record);
  if (payload !== undefined) run.sending.set(sending, payload);
  let made;
  try {
    made = (await step.apply(doc, record, payload, { idempotencyKey: idempotencyKey(run, step, record, contentHash(payload ?? null), intent.attempts) })) ?? doc;
  } catch (error) {
    if (!step.atMostOnce || !isOutcomeUnknown(error)) throw error;
    return leaveUnknown(run, step, record, intent, `outcome unknown: ${errorMessage(error)}`, { request: payload, response: refusal(error) });
  }
  run.sending.delete(sending);
  faultPoint(`after-state-change:${step.name}`);
  commitOk(run, step, record, intent.id, made, undefined, {
    stage: step.stage,
    status: 'ok',
    targetPayload: payload === undefined ? undefined : { request: payload, response: { made: targetOf(made) } },
  });
  return { outcome: 'ok', handled: true, doc: made, linkId: intent.id };
}

/** An at-most-once change that may have happened: `unknown`, logged once, never repeated by itself. */
function leaveUnknown(run: LegRun, step: StateChangeStep<SourceRecord>, record: SourceRecord, link: Pick<Link, 'id' | 'status'>, why: string, targetPayload?: unknown): StepOutcome {
  const hint = step.atMostOnce?.hint(record);
  const message = `${step.stage}: ${why}, so it is not done again by itself`;
  if (link.status !== 'unknown') {
    inTransaction(run.store, () => {
      markUnknown(run.store, link.id, message);
      log(run, record, step, { stage: step.stage, status: 'unknown', linkId: link.id, message, hint, targetPayload });
    });
  }
  return { outcome: 'unknown', handled: true, linkId: link.id, message, hint };
}
