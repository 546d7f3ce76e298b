import type { Store } from '../store/database.js';
import type { Redactor } from '../store/transfers.js';
import type { KeyedQueue } from './keyed-queue.js';
import type { CreateStep, Leg, SourceRecord, TargetDoc } from './leg.js';
import type { EngineSettings } from './settings.js';
import type { SharedDocuments } from './shared-documents.js';

/** What one leg's run shares between its records and steps, and what a record or step ends as. */

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
  /** The number people know, where the source number is not it (the webshop order of a Rackbeat order). */
  origin?: string | undefined;
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
  /**
   * What a page's batched look-up finds, by step and reference, once answered: `found` undefined,
   * looked up and nothing there; no answer (undefined), the look-up failed and each record asks alone.
   */
  lookedUp: Map<string, Promise<{ found: TargetDoc | undefined } | undefined>>;
  /** What a batched update made of each record of its group, by step and record, until the record's turn. */
  batched: Map<string, StepOutcome>;
  /** The documents keyed steps share between records (customers), as found or made before. */
  shared: SharedDocuments;
  /** The body a step of a record is sending right now (by step and record), so a failure logs what was sent. */
  sending: Map<string, unknown>;
  /** The number people know for a record whose source is not it (a Rackbeat order's webshop order), by source id. */
  origins: Map<string, string>;
  /** Records selected by hand (`--order`): tried now, whatever their backoff, even when given up. */
  byHand: boolean;
}

/** The key of a batched look-up's answer in `LegRun.lookedUp`. */
export function lookedUpKey(step: CreateStep<SourceRecord>, reference: string): string {
  return `${step.name}\n${reference}`;
}

export interface StepOutcome {
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
export const DRY_RUN_DOC: TargetDoc = { id: '(dry-run)' };
