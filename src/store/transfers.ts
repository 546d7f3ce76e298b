import { nowIso, type Store } from './database.js';

export type TransferStatus = 'ok' | 'skipped' | 'failed' | 'pending' | 'unknown' | 'dry-run' | 'given-up' | 'needs-attention' | 'dismissed';
export type TransferStage =
  | 'pulled'
  | 'mapped'
  | 'created'
  | 'adopted'
  | 'updated'
  | 'booked'
  | 'shipped'
  | 'converted'
  /** An e-conomic order upgraded to a draft invoice. */
  | 'invoiced'
  | 'paid'
  | 'mailed'
  /** A shipped Rackbeat order marked fulfilled in the webshop (with its tracking). */
  | 'fulfilled'
  /** A webshop refund made into an e-conomic credit note. */
  | 'credited'
  /** Returned goods of a webshop refund booked back into Rackbeat's stock (orders.refunds.restock). */
  | 'restocked'
  /** A cancelled webshop order's Rackbeat order or e-conomic draft deleted. */
  | 'cancelled'
  /** The source changed after the transfer in a way the flow does not carry over. */
  | 'changed'
  /** A person dismissed a failure or a change (`iex-sync dismiss`). */
  | 'dismissed';

/** What a row of the log is about. */
export type RecordKind = 'order' | 'customer' | 'document' | 'invoice' | 'payment' | 'product' | 'stock' | 'fulfilment' | 'refund';

/** One row of the transfer log. */
export interface TransferEntry {
  /** The run that wrote it; none for what a person did outside a run (`iex-sync dismiss`). */
  runId: number | undefined;
  flow: string;
  leg: string;
  stage: TransferStage;
  status: TransferStatus;
  sourceSystem: string;
  sourceId: string;
  sourceNumber?: string | undefined;
  /** What the row is about (order, customer, document, …), so a customer row is not read as an order. */
  kind?: RecordKind | undefined;
  /** The number people know, where the source is not it: `#1042`, the webshop order a Rackbeat order came from. */
  origin?: string | undefined;
  targetSystem?: string | undefined;
  targetId?: string | undefined;
  targetNumber?: string | undefined;
  linkId?: number | undefined;
  message?: string | undefined;
  hint?: string | undefined;
  durationMs?: number | undefined;
  sourcePayload?: unknown;
  targetPayload?: unknown;
}

/** Removes secrets (tokens, keys, Authorization headers) from a payload before it is stored. */
export type Redactor = (payload: unknown) => unknown;

/** Appends one row to the log; payloads go through `redact` first. Returns the row id. */
export function appendTransfer(store: Store, entry: TransferEntry, redact: Redactor): number {
  const info = store.db
    .prepare(
      `INSERT INTO transfers (run_id, at, flow, leg, stage, status, source_system, source_id, source_number,
         target_system, target_id, target_number, link_id, message, hint, duration_ms, source_payload, target_payload, kind, origin)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      entry.runId ?? null,
      nowIso(store),
      entry.flow,
      entry.leg,
      entry.stage,
      entry.status,
      entry.sourceSystem,
      entry.sourceId,
      entry.sourceNumber ?? null,
      entry.targetSystem ?? null,
      entry.targetId ?? null,
      entry.targetNumber ?? null,
      entry.linkId ?? null,
      entry.message ?? null,
      entry.hint ?? null,
      entry.durationMs ?? null,
      toJson(entry.sourcePayload, redact),
      toJson(entry.targetPayload, redact),
      entry.kind ?? null,
      entry.origin ?? null,
    );
  return Number(info.lastInsertRowid);
}

function toJson(payload: unknown, redact: Redactor): string | null {
  return payload === undefined ? null : JSON.stringify(redact(payload));
}

/** How many log rows match, e.g. to see that a skip was logged once. */
export function countTransfers(
  store: Store,
  filter: { flow?: string; leg?: string; sourceId?: string; status?: TransferStatus; stage?: TransferStage; runId?: number },
): number {
  const row = store.db
    .prepare(
      `SELECT count(*) AS n FROM transfers WHERE (@flow IS NULL OR flow = @flow) AND (@leg IS NULL OR leg = @leg) AND (@sourceId IS NULL OR source_id = @sourceId)
         AND (@status IS NULL OR status = @status) AND (@stage IS NULL OR stage = @stage) AND (@runId IS NULL OR run_id = @runId)`,
    )
    .get({
      flow: filter.flow ?? null,
      leg: filter.leg ?? null,
      sourceId: filter.sourceId ?? null,
      status: filter.status ?? null,
      stage: filter.stage ?? null,
      runId: filter.runId ?? null,
    }) as { n: number };
  return row.n;
}

/** What was last sent for a link (its newest ok created, adopted or updated row's target payload), parsed. */
export function lastSentPayload(store: Store, linkId: number): unknown {
  const row = store.db
    .prepare(
      `SELECT target_payload AS payload FROM transfers
       WHERE link_id = ? AND status = 'ok' AND stage IN ('created', 'adopted', 'updated') AND target_payload IS NOT NULL
       ORDER BY id DESC LIMIT 1`,
    )
    .get(linkId) as { payload: string } | undefined;
  return row && (JSON.parse(row.payload) as unknown);
}
