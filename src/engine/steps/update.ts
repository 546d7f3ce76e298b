import { inTransaction } from '../../store/database.js';
import { markSkipped, recordIntent } from '../../store/links.js';
import { faultPoint } from '../fault-points.js';
import { documentKey, type SourceRecord, type StepResults, type UpdateStep } from '../leg.js';
import type { LegRun, StepOutcome } from '../leg-run.js';
import { beginStep, commitOk, exchange, intentFor, log, sendingKey, stageOf, targetOf } from '../step-records.js';

/**
 * Protocol step 8 for a document this flow does not create (a stock level, a product's fields):
 * written only when the payload's content hash differs from what was last written, the intent
 * first, the link and its hash after. Writes are absolute, so repeating one after a crash is harmless.
 */
export async function runUpdate(
  run: LegRun,
  step: UpdateStep<SourceRecord>,
  record: SourceRecord,
  done: StepResults,
  upstreamLinkId: number | undefined,
): Promise<StepOutcome> {
  if (step.wanted && !step.wanted(record)) return { outcome: 'unchanged', handled: true };
  const begun = beginStep(run, step, record, done);
  if (begun.parked) return begun.parked;
  const { link, payload, hash } = begun;
  if (link?.status === 'ok' && link.contentHash === hash) {
    return { outcome: 'unchanged', handled: true, doc: { id: link.targetId as string, number: link.targetNumber }, linkId: link.id };
  }
  // Refused before for this very payload (an order cancelled in the shop): said once, not again.
  if (link?.status === 'skipped' && link.contentHash === hash) return { outcome: 'unchanged', handled: true, linkId: link.id };
  const stage = stageOf(step);
  const doc = step.of !== undefined ? done[documentKey(step.of)] : await step.locate?.(record, done);
  if (!doc) throw new Error(`nothing in ${step.targetSystem} to update for ${record.number ?? record.id}`);
  if (run.dryRun) {
    log(run, record, step, { stage, status: 'dry-run', targetPayload: exchange(step, payload), ...targetOf(doc) });
    return { outcome: 'dry-run', handled: true, doc };
  }
  const intent = recordIntent(run.store, intentFor(run, step, record, upstreamLinkId));
  faultPoint(`after-intent:${step.name}`);
  run.sending.set(sendingKey(step, record), exchange(step, payload).request);
  const answer = await step.apply(doc, payload);
  run.sending.delete(sendingKey(step, record));
  const { doc: updated, message, skipped } = 'doc' in answer ? answer : { doc: answer, message: undefined, skipped: undefined };
  if (skipped !== undefined) {
    const { isNew } = inTransaction(run.store, () => {
      const marked = markSkipped(run.store, intentFor(run, step, record, upstreamLinkId), skipped, hash);
      if (marked.isNew) log(run, record, step, { stage, status: 'skipped', linkId: marked.linkId, message: skipped, ...targetOf(doc) });
      return marked;
    });
    return { outcome: isNew ? 'skipped' : 'unchanged', handled: true, linkId: intent.id, message: skipped };
  }
  faultPoint(`after-update:${step.name}`);
  commitOk(run, step, record, intent.id, updated, hash, { stage, status: 'ok', message, targetPayload: exchange(step, payload, { updated: targetOf(updated) }) });
  return { outcome: 'ok', handled: true, doc: updated, linkId: intent.id, message };
}
