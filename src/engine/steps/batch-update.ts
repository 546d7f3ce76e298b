import { inTransaction } from '../../store/database.js';
import { findLink, markSkipped, recordIntent, type Link } from '../../store/links.js';
import { contentHash } from '../content-hash.js';
import { isSystemic, RecordError } from '../errors.js';
import { faultPoint } from '../fault-points.js';
import type { BatchItem, BatchUpdateStep, Located, SourceRecord, TargetDoc } from '../leg.js';
import type { LegRun, StepOutcome } from '../leg-run.js';
import { commitOk, exchange, intentFor, linkKey, log, parkedState, parkFailure, sendingKey, targetOf } from '../step-records.js';

/**
 * Protocol step 8 for targets that take many writes in one request (stock levels). The records of
 * a group are written together: each changed one gets its intent first (one local transaction for
 * the group's chunk), then one `applyMany` call per `batchSize` writes, then its own link and log
 * row. A refusal of one write fails that record alone (parked, retried later); a run where nothing
 * changed writes nothing, locally or remotely. Writes are absolute, so repeating one after a crash
 * (its intent left pending) is harmless. What became of each record waits in `run.batched` until
 * the record's own turn (runBatchUpdate).
 */

interface Write {
  record: SourceRecord;
  doc: TargetDoc;
  payload: unknown;
  hash: string;
}

/** What the step must do for the record: nothing (unchanged, parked), or write `payload` (hash `hash`). */
type Plan = { settled: StepOutcome } | { link: Link | undefined; payload: unknown; hash: string };

function plan(run: LegRun, step: BatchUpdateStep<SourceRecord>, record: SourceRecord): Plan {
  const link = findLink(run.store, linkKey(run, step, record));
  const parked = parkedState(run, link, record);
  if (parked) return { settled: parked };
  const payload = step.payload(record);
  const hash = contentHash(payload);
  // A record selected by hand (`--sku`, byHand) is written whatever was written before.
  if (!run.byHand && link?.contentHash === hash && (link.status === 'ok' || (link.status === 'skipped' && !dueForRecheck(run, step, link)))) {
    const doc = link.status === 'ok' && link.targetId !== undefined ? { id: link.targetId, number: link.targetNumber } : undefined;
    return { settled: { outcome: 'unchanged', handled: true, doc, linkId: link.id } };
  }
  return { link, payload, hash };
}

/** A skip decided long enough ago is checked again (the link's time moves each time it is). */
function dueForRecheck(run: LegRun, step: BatchUpdateStep<SourceRecord>, link: Link): boolean {
  return step.recheckSkippedMs !== undefined && run.store.now().getTime() - Date.parse(link.updatedAt) >= step.recheckSkippedMs;
}

/** The plan, or the error mapping the record failed with (its turn fails it). */
type Planned = Plan | { error: unknown };

function tryPlan(run: LegRun, step: BatchUpdateStep<SourceRecord>, record: SourceRecord): Planned {
  try {
    return plan(run, step, record);
  } catch (error) {
    if (isSystemic(error)) throw error;
    return { error };
  }
}

/**
 * How a leg hands its listed records on: a leg without a batched step, page by page as listed; a
 * leg with one, in groups cut where a batch's worth has changed, across pages, so a run where 1 % of
 * 10,000 records changed makes ceil(100 / batchSize) writes, not one per page. Each group's changes
 * are written (`write`) before its records are handled.
 */
export class BatchGroups {
  private readonly step: BatchUpdateStep<SourceRecord> | undefined;
  private group: SourceRecord[] = [];
  private changed = 0;
  /** What each record of the open groups needs, worked out once when it was added. */
  private readonly plans = new Map<string, Planned>();

  constructor(private readonly run: LegRun) {
    const { leg } = run;
    this.step = leg.steps.find((step): step is BatchUpdateStep<SourceRecord> => step.kind === 'batch-update');
    // Its group is written before any record's steps run: nothing may come before it.
    if (this.step && leg.steps[0] !== this.step) throw new Error(`leg ${leg.name}: the batched step ${this.step.name} must be its first step`);
  }

  /** The groups complete once these records are added, in order. */
  add(records: readonly SourceRecord[]): SourceRecord[][] {
    if (!this.step) return [[...records]];
    const complete: SourceRecord[][] = [];
    for (const record of records) {
      this.group.push(record);
      const planned = tryPlan(this.run, this.step, record);
      this.plans.set(record.id, planned);
      if (!('settled' in planned)) this.changed += 1;
      if (this.changed < this.step.batchSize) continue;
      complete.push(this.group);
      this.group = [];
      this.changed = 0;
    }
    return complete;
  }

  /** What is left once the listing ended: the last group, or nothing. */
  rest(): SourceRecord[][] {
    const last = this.group;
    this.group = [];
    this.changed = 0;
    return last.length > 0 ? [last] : [];
  }

  /** Writes a group's changes (records another path already took, `taken`, left out). */
  async write(records: readonly SourceRecord[], taken: (id: string) => boolean): Promise<void> {
    if (!this.step) return;
    const plans = new Map<string, Planned>();
    for (const record of records) {
      const planned = this.plans.get(record.id);
      this.plans.delete(record.id);
      if (planned && !taken(record.id)) plans.set(record.id, planned);
    }
    await writeBatched(this.run, this.step, records.filter((record) => plans.has(record.id)), plans);
  }
}

/** Writes what changed among `records` (planned already, or now) and keeps each record's outcome in `run.batched`. */
async function writeBatched(
  run: LegRun,
  step: BatchUpdateStep<SourceRecord>,
  records: readonly SourceRecord[],
  plans: ReadonlyMap<string, Planned> = new Map(),
): Promise<void> {
  const writes: Write[] = [];
  const toLocate: Array<{ record: SourceRecord; payload: unknown; hash: string }> = [];
  for (const record of records) {
    const key = sendingKey(step, record);
    if (run.batched.has(key)) continue;
    const planned = plans.get(record.id) ?? tryPlan(run, step, record);
    if ('error' in planned) {
      run.batched.set(key, parkFailure(run, step, record, undefined, planned.error));
      continue;
    }
    if ('settled' in planned) {
      run.batched.set(key, planned.settled);
      continue;
    }
    const { link, payload, hash } = planned;
    // A document written before is still the document: only a record without one is looked for.
    if (!run.byHand && link?.status === 'ok' && link.targetId !== undefined) writes.push({ record, doc: { id: link.targetId, number: link.targetNumber }, payload, hash });
    else toLocate.push({ record, payload, hash });
  }

  if (toLocate.length > 0) {
    let located: ReadonlyMap<string, Located>;
    try {
      located = await step.locateMany(toLocate.map((item) => item.record));
    } catch (error) {
      if (isSystemic(error)) throw error;
      for (const { record } of toLocate) run.batched.set(sendingKey(step, record), parkFailure(run, step, record, undefined, error));
      located = new Map();
    }
    for (const item of toLocate) {
      const key = sendingKey(step, item.record);
      if (run.batched.has(key)) continue;
      const found = located.get(item.record.id);
      if (found === undefined) {
        const missing = new RecordError(`nothing in ${step.targetSystem} to update for ${item.record.number ?? item.record.id}`);
        run.batched.set(key, parkFailure(run, step, item.record, undefined, missing));
      } else if ('skip' in found) {
        run.batched.set(key, skip(run, step, item.record, found.skip, item.hash));
      } else {
        writes.push({ ...item, doc: found.doc });
      }
    }
  }

  for (let start = 0; start < writes.length; start += step.batchSize) {
    await writeChunk(run, step, writes.slice(start, start + step.batchSize));
  }
}

/** Skipped for a reason, logged once per reason: a later run with the same content says nothing. */
function skip(run: LegRun, step: BatchUpdateStep<SourceRecord>, record: SourceRecord, reason: string, hash: string): StepOutcome {
  if (run.dryRun) {
    const link = findLink(run.store, linkKey(run, step, record));
    if (link?.status === 'skipped' && link.lastError === reason) return { outcome: 'unchanged', handled: true };
    log(run, record, step, { stage: 'mapped', status: 'skipped', message: reason, sourcePayload: record });
    return { outcome: 'skipped', handled: true, message: reason };
  }
  const { linkId, isNew } = markSkipped(run.store, intentFor(run, step, record, undefined), reason, hash);
  if (!isNew) return { outcome: 'unchanged', handled: true, linkId };
  log(run, record, step, { stage: 'mapped', status: 'skipped', linkId, message: reason, sourcePayload: record });
  return { outcome: 'skipped', handled: true, message: reason, linkId };
}

async function writeChunk(run: LegRun, step: BatchUpdateStep<SourceRecord>, writes: readonly Write[]): Promise<void> {
  const message = (payload: unknown): string | undefined => step.describe?.(payload as never);
  if (run.dryRun) {
    for (const { record, doc, payload } of writes) {
      log(run, record, step, { stage: 'updated', status: 'dry-run', message: message(payload), targetPayload: exchange(step, payload), ...targetOf(doc) });
      run.batched.set(sendingKey(step, record), { outcome: 'dry-run', handled: true, doc, message: message(payload) });
    }
    return;
  }
  const linkIds = inTransaction(run.store, () => writes.map(({ record }) => recordIntent(run.store, intentFor(run, step, record, undefined)).id));
  faultPoint(`after-intent:${step.name}`);
  for (const { record, payload } of writes) run.sending.set(sendingKey(step, record), exchange(step, payload).request);
  const items: Array<BatchItem<SourceRecord, unknown>> = writes.map(({ record, doc, payload }) => ({ record, doc, payload }));
  let results: ReadonlyArray<{ ok: true; doc: TargetDoc } | { ok: false; error: unknown }>;
  try {
    results = await step.applyMany(items);
  } catch (error) {
    if (isSystemic(error)) throw error; // The intents stay pending: the next run writes them again.
    results = writes.map(() => ({ ok: false, error }));
  }
  faultPoint(`after-update:${step.name}`);
  for (const [index, write] of writes.entries()) {
    const key = sendingKey(step, write.record);
    const result = results[index] ?? { ok: false, error: new Error(`${step.targetSystem} gave no answer for this write`) };
    const linkId = linkIds[index] as number;
    if (result.ok) {
      commitOk(run, step, write.record, linkId, result.doc, write.hash, {
        stage: 'updated',
        status: 'ok',
        message: message(write.payload),
        targetPayload: exchange(step, write.payload, { updated: targetOf(result.doc) }),
      });
      run.batched.set(key, { outcome: 'ok', handled: true, doc: result.doc, linkId, message: message(write.payload) });
    } else {
      run.batched.set(key, parkFailure(run, step, write.record, undefined, result.error));
    }
    run.sending.delete(key);
  }
}

/** A record's turn: what its group's write made of it, or, for a record on its own (a retry, `--sku`), a write of one. */
export async function runBatchUpdate(run: LegRun, step: BatchUpdateStep<SourceRecord>, record: SourceRecord): Promise<StepOutcome> {
  const key = sendingKey(step, record);
  if (!run.batched.has(key)) await writeBatched(run, step, [record]);
  const outcome = run.batched.get(key) ?? { outcome: 'unchanged', handled: true };
  run.batched.delete(key);
  return outcome;
}
