import { inTransaction, type Store } from '../store/database.js';
import { downstreamLinks, flagAttention, type Link } from '../store/links.js';
import { lastSentPayload } from '../store/transfers.js';
import type { SourceRecord, Step } from './leg.js';
import type { LegRun, RecordOutcome } from './leg-run.js';
import { exchange, log, targetOf } from './step-records.js';

/**
 * Changes to a source record after its transfer that the flow does not carry over (issue 12 §5):
 * flagged once on the link and in the log, for a person, until dismissed.
 */

/**
 * Protocol step 8's other side: the source changed after its document was made, in a way this
 * flow does not carry over (no update step, or the document may no longer change). Flagged once
 * per change, in the log and on the link, until a person dismisses it; the run exits 1 meanwhile.
 */
export function flagChange(run: LegRun, record: SourceRecord, link: Link, change: { key: string; what: string }): [RecordOutcome, boolean, string?] {
  if (run.dryRun || link.attentionKey === change.key) return ['unchanged', true];
  const message = `${change.what}, but it was already transferred (${describeDocuments(run.store, link)}): nothing was changed there; fix it by hand, then run iex-sync dismiss ${record.number ?? record.id}`;
  const step = run.leg.steps.find((candidate) => candidate.name === link.step) as Step<SourceRecord>;
  inTransaction(run.store, () => {
    flagAttention(run.store, link.id, { message, key: change.key });
    log(run, record, step, { stage: 'changed', status: 'needs-attention', linkId: link.id, message, sourcePayload: record, ...targetOf({ id: link.targetId ?? '', number: link.targetNumber }) });
  });
  return ['needs-attention', true, message];
}

/** `Rackbeat order 5007, e-conomic economic-document 12`: the document and what later legs made from it. */
export function describeDocuments(store: Store, link: Link): string {
  return [link, ...downstreamLinks(store, link.id)]
    .filter((each) => each.targetNumber !== undefined || each.targetId !== undefined)
    .map((each) => `${each.step.replace(/^economic-/, 'e-conomic ').replace(/^rackbeat-/, 'Rackbeat ')} ${each.targetNumber ?? each.targetId}`)
    .join(', ');
}

/** Which top-level parts of the payload differ from what was last sent (`lines, note`), for the person who looks. */
export function changedParts(run: LegRun, step: Step<SourceRecord>, link: Link, payload: unknown): string {
  const logged = lastSentPayload(run.store, link.id);
  // Rows keep { request, response }; the request is what was sent.
  const before = isObject(logged) && 'request' in logged ? logged.request : logged;
  const now = JSON.parse(JSON.stringify(run.redact(exchange(step, payload).request) ?? null)) as unknown;
  if (!isObject(before) || !isObject(now)) return 'its content';
  const keys = [...new Set([...Object.keys(before), ...Object.keys(now)])];
  const changed = keys.filter((key) => JSON.stringify(before[key]) !== JSON.stringify(now[key]));
  return changed.length > 0 ? changed.join(', ') : 'its content';
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
