import { findLink, recordIntent } from '../../store/links.js';
import { faultPoint } from '../fault-points.js';
import { documentKey, type SourceRecord, type StateChangeStep, type StepResults } from '../leg.js';
import type { LegRun, StepOutcome } from '../leg-run.js';
import { commitOk, intentFor, linkKey, log, parkedState, targetOf } from '../step-records.js';

/**
 * Protocol step 7's last rule: a state change reads the current state first and is a no-op when
 * already done. A change that makes a new document (a draft invoice booked under its own number)
 * records that document on its own link, so both numbers stay known.
 */
export async function runStateChange(
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
  if (!doc || !step.wanted(record)) return { outcome: 'unchanged', handled: true, doc, linkId: link?.id };
  if (run.dryRun) {
    log(run, record, step, { stage: step.stage, status: 'dry-run', message: `would move to ${step.stage}`, ...targetOf(doc) });
    return { outcome: 'dry-run', handled: true, doc };
  }
  const intent = recordIntent(run.store, intentFor(run, step, record, upstreamLinkId));
  faultPoint(`after-intent:${step.name}`);
  const current = await step.isDone(doc);
  if (current !== false) {
    const made = current === true ? doc : current;
    commitOk(run, step, record, intent.id, made, undefined, { stage: step.stage, status: 'ok', message: `already ${step.stage}` });
    return { outcome: 'ok', handled: true, doc: made, linkId: intent.id };
  }
  const made = (await step.apply(doc)) ?? doc;
  faultPoint(`after-state-change:${step.name}`);
  commitOk(run, step, record, intent.id, made, undefined, { stage: step.stage, status: 'ok' });
  return { outcome: 'ok', handled: true, doc: made, linkId: intent.id };
}
