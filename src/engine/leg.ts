import type { RecordKind, TransferStage } from '../store/transfers.js';

/**
 * The transfer engine's vocabulary. A flow is a list of legs; the engine (run-leg.ts) performs
 * their steps under the transfer protocol, so a flow never writes to a target system except
 * through a step. The protocol, whose steps comments elsewhere cite by number:
 *   1  lock: one run per store; taken over only from a holder that is provably gone.
 *   2  cut-over: nothing created before startFrom is ever transferred.
 *   3  cursor: read by modified time from the checkpoint minus a lookback, with >=, deduped by the links.
 *   4  reference: every document carries a text derived only from its source, searchable exactly.
 *   5  look first: a record without a link is looked up by its reference before it is created.
 *   6  intent first: a pending link is committed before a create; link and log row after, in one transaction.
 *   7  recovery: a pending or unknown create is looked up and adopted, never blindly repeated; a state
 *      change reads the state first.
 *   8  changes: a linked document is updated only when its content changed and may still change.
 *   9  checkpoint: moves only past records handled; failures are parked and retried, and keep every
 *      run's exit code at 1 until fixed or dismissed.
 *   10 isolation: one bad record fails alone; a system down stops the run.
 *   11 dry-run: the same code up to the write; it records what it would send and writes nothing.
 *   12 fault points: named moments where crash tests kill the process (fault-points.ts).
 *
 * A Leg moves records from one source to one target system:
 *   source      — pages of records modified at or after a time (oldest first) and one record by id
 *                 (for retries and recovery, which ignore the checkpoint);
 *   skipReason  — pure: why a record must not go at all (e.g. "order not in allowed states");
 *   steps       — what to do with each record, in order. Every step keeps its own link row, and
 *                 later steps see the documents of earlier ones in `done`.
 *
 * A Step is one of:
 *   create       — makes one target document carrying `reference(record)`, a text derived only from
 *                  the source and searchable exactly by `lookup(reference)`; the engine writes the
 *                  intent, calls `create`, records the link, and recovers a pending or
 *                  outcome-unknown create by `lookup` (adopt) before ever creating again. An optional
 *                  `update` runs when the payload's content hash changed and `mayUpdate` allows it.
 *                  `key(record)` says records sharing it share one document (find-or-create): the
 *                  step then always looks up first and runs one at a time per key; what it found
 *                  or made is remembered (shared-documents.ts), for the run and through the links
 *                  for later runs. A customer is a create step keyed by e-mail whose reference is
 *                  the e-mail and lookup searches by it.
 *   update       — changes an existing document found by `locate` (e.g. a stock level), only when the
 *                  payload's content hash differs from what was last written.
 *   batch-update — the same, for targets that take many writes in one request (stock levels): the
 *                  engine gathers the changed records across pages and writes them `batchSize` at a
 *                  time; each record keeps its own link, and a refusal of one fails it alone.
 *   state-change — moves the document of an earlier step (`of`) to a state (book, ship, convert)
 *                  once `wanted(record)`; `isDone` reads the current state first, so it is a no-op
 *                  when already done.
 *
 * The order flow fits as two legs:
 *   webshop-rackbeat:  create 'rackbeat-customer' (key: e-mail) → create 'rackbeat-order'
 *                      (payload uses done['rackbeat-customer'].number) → state-change 'rackbeat-book'
 *                      of 'rackbeat-order' (stage 'booked');
 *   rackbeat-economic: create 'economic-customer' (key: e-mail) → create 'economic-document'. Its
 *                      links point upstream at the Rackbeat order's link automatically.
 */

/** What every source record has: an id, the number people see, and the times the cursor uses. */
export interface SourceRecord {
  id: string;
  number?: string | undefined;
  createdAt: Date;
  modifiedAt: Date;
}

/** A document in the target system. */
export interface TargetDoc {
  id: string;
  number?: string | undefined;
}

/** A document whose number is also its id (Rackbeat orders and customers, e-conomic documents and customers). */
export function docByNumber(number: number): TargetDoc {
  return { id: String(number), number: String(number) };
}

export interface LegSource<R extends SourceRecord> {
  /** The source system (for links and the log). */
  readonly system: string;
  /** Which instance of it (shop URL, Rackbeat account): links and checkpoints are keyed by it. */
  readonly instance: string;
  /** Records modified at or after `since`, oldest first, a page at a time. */
  changedSince(since: Date): AsyncIterable<R[]>;
  /** One record by id, or undefined when it no longer exists. */
  fetchOne(id: string): Promise<R | undefined>;
  /**
   * Adds to a record what its steps need that the listing does not carry (leg 2: the order's
   * customer), before they run. `done`: every step of it was done before, so they will only compare
   * what they would send with what was sent; only what that comparison needs is wanted, and a run
   * with nothing new reads nothing more.
   */
  complete?(record: R, done: boolean): Promise<R>;
  /** How far the clock that stamps its records runs from ours (ms; negative: behind), when known. */
  clockSkewMs?(): number | undefined;
  /**
   * When this leg's records are documents an earlier leg made (Rackbeat orders made from webshop
   * orders), the step that made them: this leg's links then point upstream at that step's links.
   */
  readonly upstreamStep?: string;
  /**
   * With `upstreamStep`: how many of those documents one batched look-up of this leg takes, so the
   * earlier leg hands them over in batches of that size (default 20, what e-conomic's `$or`
   * filter of document references takes).
   */
  readonly lookUpBatch?: number;
  /**
   * False when its records are not the ones a selected run names (refunds, not orders): a run of
   * selected records (`--order`) leaves this leg out, and its next full run takes them.
   */
  readonly selectable?: false;
  /**
   * True when it reads more than it yields (the orders whose refunds are its records): after a
   * listing that left nothing unhandled, the checkpoint moves to where it saw everything, so a
   * quiet source is not read from the cut-over again on every run.
   */
  readonly sparse?: true;
}

/** Documents made or found by the record's earlier steps, by step name. */
export type StepResults = Readonly<Record<string, TargetDoc>>;

interface StepBase {
  /** Names the step in links and fault points (`after-create:<name>`). */
  readonly name: string;
  readonly targetSystem: string;
  /** What the step's document is, for the log's `kind` column (a customer row is not read as an order). */
  readonly about: RecordKind;
}

export interface CreateOptions {
  reference: string;
  /** Derived from flow, leg, step and source: send it where the API takes one, never rely on it alone. */
  idempotencyKey: string;
}

export interface CreateStep<R extends SourceRecord, P = unknown> extends StepBase {
  readonly kind: 'create';
  key?(record: R): string | undefined;
  reference(record: R): string;
  /** Pure mapping; throw RecordError for a record that cannot be mapped. */
  payload(record: R, done: StepResults): P;
  /** Finds the document carrying `reference`; the record helps narrow the search (e.g. a time window). */
  lookup(reference: string, record: R): Promise<TargetDoc | undefined>;
  /**
   * The same for a page of records at once (one list call where the API allows), answering the
   * documents found by their reference; a record whose reference is not in the answer has none.
   * The engine asks it before a page's records without a link are created, so a new or lost store
   * adopts what exists at almost no cost (protocol step 5).
   */
  lookupMany?(records: readonly R[]): Promise<ReadonlyMap<string, TargetDoc>>;
  /** What the step makes, for people: `Rackbeat order` (`adopted 3 Rackbeat orders that were already there`). */
  readonly noun: string;
  create(payload: P, options: CreateOptions): Promise<TargetDoc>;
  /** The request body the target gets for a payload, exactly as sent: the log keeps it, not our model. */
  body?(payload: P): unknown;
  /**
   * Checks a document just created or adopted, before its link is committed (e.g. that the target
   * computed the same totals). Throw RecordError to fail the record: the step is parked, and a later
   * attempt finds the document by its reference and checks again, never creating a second one.
   */
  verify?(doc: TargetDoc, record: R): Promise<void>;
  update?(doc: TargetDoc, payload: P): Promise<TargetDoc>;
  /**
   * The part of the payload `update` keeps in step (per-field rules: the rest is written once, on
   * create): the content hash covers only it, so a change elsewhere writes nothing. Default: all of it.
   */
  kept?(payload: P): unknown;
  /** The request body `update` sends, where it is not `body` (a partial update of the kept fields). */
  updateBody?(payload: P): unknown;
  /** Reads the document's state: false when it must not change any more (a booked invoice). */
  mayUpdate?(doc: TargetDoc): Promise<boolean>;
  /**
   * When `create` failed because the document of an earlier keyed step is gone (the customer,
   * remembered from an earlier order, was deleted since): that step's name. The engine then looks
   * the shared document up again by its reference (creating it when nothing is found) and tries
   * this step once more (protocol step 5: look again when in doubt).
   */
  goneDocument?(error: unknown): string | undefined;
}

/**
 * A step of another leg, whose document a step of this one acts on through the engine's links
 * (the invoice steps act on leg 2's e-conomic document). The other leg reads the same source
 * records (the same instance and ids); its document must be made first.
 */
export interface StepRef {
  readonly leg: string;
  readonly step: string;
}

/** Where a step finds the document it acts on: an earlier step of this leg by name, or a step of another leg. */
export type DocumentOf = string | StepRef;

/** The key of a document in `StepResults`: the step's name, or `leg/step` for another leg's. */
export function documentKey(of: DocumentOf): string {
  return typeof of === 'string' ? of : `${of.leg}/${of.step}`;
}

export interface UpdateStep<R extends SourceRecord, P = unknown> extends StepBase {
  readonly kind: 'update';
  /** The stage its log rows carry (default `updated`; a fulfilment: `fulfilled`). */
  readonly stage?: TransferStage;
  /** The document to change: an earlier step's (this leg's or another's), or else what `locate` finds. */
  readonly of?: DocumentOf;
  /** Whether there is anything to write now (an order shipped); false leaves it alone, logging nothing, until it changes. */
  wanted?(record: R): boolean;
  /** The existing document to change, or undefined when it is missing (the record fails). */
  locate?(record: R, done: StepResults): Promise<TargetDoc | undefined>;
  payload(record: R, done: StepResults): P;
  /**
   * Writes the payload. It may answer, beside the document, what the write did (`message`, for the
   * log) or that the target refused it for a reason that is not a failure (`skipped`: an order
   * cancelled in the shop): the step is then skipped with that reason, logged once, until the payload changes.
   */
  apply(doc: TargetDoc, payload: P): Promise<TargetDoc | UpdateApplied>;
  /** The request body the target gets for a payload, exactly as sent: the log keeps it, not our model. */
  body?(payload: P): unknown;
}

export interface StateChangeStep<R extends SourceRecord, P = unknown> extends StepBase {
  readonly kind: 'state-change';
  /** The step whose document changes state: an earlier step of this leg, or a step of another leg. */
  readonly of: DocumentOf;
  readonly stage: TransferStage;
  /** Whether the record should be moved now; false leaves it alone, logging nothing, until it changes. */
  wanted(record: R): boolean | Promise<boolean>;
  /**
   * Reads the current state: false when the change is still to do; true when it is done; or the
   * document the change made (a booked invoice's number), when it makes one.
   */
  isDone(doc: TargetDoc, record: R): Promise<boolean | TargetDoc>;
  /**
   * What the change sends, read after isDone and before apply (the log keeps it with the stage);
   * throw RecordError for a record that must not change (a total that differs). `done` holds the
   * documents of the record's earlier steps.
   */
  payload?(doc: TargetDoc, record: R, done: StepResults): Promise<P> | P;
  /**
   * Makes the change. A change that yields a new document (an order draft upgraded to a draft
   * invoice, a draft booked under its final number) returns it: the step's link keeps it apart
   * from the document it started from, and later steps act on it.
   */
  apply(doc: TargetDoc, record: R, payload: P, options: { idempotencyKey: string }): Promise<TargetDoc | void>;
  /**
   * A change that cannot be looked up afterwards (a mail sent): done at most once. An attempt that
   * may have happened (its intent found open, or its outcome unknown) is never repeated by itself:
   * it stays `unknown` with this hint, until a person runs the record by hand (`--order`) or dismisses it.
   */
  readonly atMostOnce?: { hint(record: R): string };
}

/** What an update step's write did, when it says more than the document. */
export interface UpdateApplied {
  doc: TargetDoc;
  message?: string | undefined;
  skipped?: string | undefined;
}

/** Where a batched update writes a record's change, or why the record is skipped there (not an error). */
export type Located = { doc: TargetDoc } | { skip: string };

/** One write of a batch. */
export interface BatchItem<R extends SourceRecord, P> {
  record: R;
  doc: TargetDoc;
  payload: P;
}

/** What became of one write of a batch: the document written, or this record's refusal. */
export type BatchItemResult = { ok: true; doc: TargetDoc } | { ok: false; error: unknown };

/**
 * An update step whose target takes many writes at once. It must be its leg's first step: the
 * engine writes a group of records before running each record's steps. A record is written only
 * when its payload's content hash differs from what was last written (or skipped); it writes to
 * the document its link names, and only a record without one (new, or its last write failed) is
 * located, so a run where little changed reads nothing from the target.
 */
export interface BatchUpdateStep<R extends SourceRecord, P = unknown> extends StepBase {
  readonly kind: 'batch-update';
  /** Most writes one `applyMany` call takes (the target's batch limit). */
  readonly batchSize: number;
  /**
   * A skipped record is located again after this long even when its content did not change (a SKU
   * the shop has added since); still skipped, it says nothing. Left out: only when it changes.
   */
  readonly recheckSkippedMs?: number;
  /** Pure: what to write for the record; throw RecordError for a record that cannot be mapped. */
  payload(record: R): P;
  /** The records' documents at once, by record id; a record absent from the answer fails. */
  locateMany(records: readonly R[]): Promise<ReadonlyMap<string, Located>>;
  /** Writes at most `batchSize` items; one result per item, in order. Throws only when nothing could be written. */
  applyMany(items: ReadonlyArray<BatchItem<R, P>>): Promise<BatchItemResult[]>;
  /** The request body the target gets for a payload, exactly as sent: the log keeps it, not our model. */
  body?(payload: P): unknown;
  /** What a write does, for people (`level 12`): the message of its log row and of its record in a run's results. */
  describe?(payload: P): string;
}

export type Step<R extends SourceRecord> = CreateStep<R> | UpdateStep<R> | StateChangeStep<R> | BatchUpdateStep<R>;

export interface Leg<R extends SourceRecord> {
  readonly flow: string;
  /** e.g. `webshop-rackbeat`. */
  readonly name: string;
  readonly source: LegSource<R>;
  /** What the source records are (the log's `kind` of a skip). */
  readonly about: RecordKind;
  /** For occasional events (refunds, cancellations): a run's summary line names it only when it did something. */
  readonly occasional?: true;
  skipReason?(record: R): string | undefined;
  /**
   * Whether a record skipped now but transferred before goes on as usual rather than being flagged
   * for a person (a partly refunded order whose refunds a later leg credits).
   */
  followsAfterTransfer?(record: R): boolean;
  /**
   * Why the record cannot go yet and must be taken again later (a refund whose invoice is not made):
   * nothing is written or logged, and the checkpoint stays before it, so the next run reads it again.
   */
  waitReason?(record: R): string | undefined;
  readonly steps: ReadonlyArray<Step<R>>;
}

/** The steps of other legs whose documents this leg's steps act on. */
export function otherLegDocuments(leg: Leg<SourceRecord>): StepRef[] {
  const refs = new Map<string, StepRef>();
  for (const step of leg.steps) {
    const of = step.kind === 'create' || step.kind === 'batch-update' ? undefined : step.of;
    if (of !== undefined && typeof of !== 'string') refs.set(documentKey(of), of);
  }
  return [...refs.values()];
}

/**
 * A flow's legs as the engine runs them. Each leg's record type is its own; the engine hands every
 * step only records from that step's own leg, so widening them to SourceRecord is safe.
 */
export function legsOf<T extends SourceRecord[]>(...legs: { [K in keyof T]: Leg<T[K]> }): ReadonlyArray<Leg<SourceRecord>> {
  return legs as unknown as ReadonlyArray<Leg<SourceRecord>>;
}
