import { findLink, recordIntent } from '../../store/links.js';
import { faultPoint } from '../fault-points.js';
import type { SourceRecord, StateChangeStep, StepResults } from '../leg.js';
import type { LegRun, StepOutcome } from '../leg-run.js';
import { commitOk, intentFor, linkKey, log, parkedState, targetOf } from '../step-records.js';

/** Protocol step 6: a state change reads the current state first and is a no-op when already done. */
export async function runStateChange(
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
