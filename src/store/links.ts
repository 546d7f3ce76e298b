import { nowIso, type Store } from './database.js';

/**
 * The links: one row per (leg, step, source instance, source id) saying what
 * became of a source record in a target system. Status moves pending → ok, or → failed (parked with
 * attempts and a next attempt) → given-up, or → unknown (a create whose outcome is not known yet).
 */
export type LinkStatus = 'pending' | 'ok' | 'skipped' | 'failed' | 'unknown' | 'given-up';

export interface LinkKey {
  leg: string;
  step: string;
  sourceInstance: string;
  sourceId: string;
}

export interface LinkIntent extends LinkKey {
  flow: string;
  sourceSystem: string;
  sourceNumber?: string | undefined;
  targetSystem: string;
  /** The deterministic reference written on the target document. */
  reference?: string | undefined;
  upstreamLinkId?: number | undefined;
  /** The source record's modified time (ISO 8601 UTC) when this step was attempted. */
  sourceModifiedAt: string;
}

export interface Link extends LinkIntent {
  id: number;
  targetId: string | undefined;
  targetNumber: string | undefined;
  contentHash: string | undefined;
  status: LinkStatus;
  attempts: number;
  nextAttemptAt: string | undefined;
  lastError: string | undefined;
  lastHint: string | undefined;
  /** Set when a person dismissed this step's failure (`iex-sync dismiss`): no longer retried or counted. */
  dismissedAt: string | undefined;
  /** What changed in the source after the transfer, until a person dismisses it (issue 12 §5). */
  attention: string | undefined;
  /** What `attention` was raised for (a content hash or a reason), so it is logged once. */
  attentionKey: string | undefined;
  createdAt: string;
  updatedAt: string;
}

interface LinkRow {
  id: number;
  flow: string;
  leg: string;
  step: string;
  source_system: string;
  source_instance: string;
  source_id: string;
  source_number: string | null;
  target_system: string;
  target_id: string | null;
  target_number: string | null;
  reference: string | null;
  content_hash: string | null;
  status: LinkStatus;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  last_hint: string | null;
  upstream_link_id: number | null;
  source_modified_at: string | null;
  dismissed_at: string | null;
  attention: string | null;
  attention_key: string | null;
  created_at: string;
  updated_at: string;
}

export function findLink(store: Store, key: LinkKey): Link | undefined {
  const row = store.db
    .prepare('SELECT * FROM links WHERE leg = ? AND step = ? AND source_instance = ? AND source_id = ?')
    .get(key.leg, key.step, key.sourceInstance, key.sourceId) as LinkRow | undefined;
  return row && toLink(row);
}

/** Whether a leg skipped the source record (a skip is marked on the leg's first step): none of its documents will be made. */
export function isSkipped(store: Store, key: Omit<LinkKey, 'step'>): boolean {
  const row = store.db
    .prepare("SELECT 1 FROM links WHERE leg = ? AND source_instance = ? AND source_id = ? AND status = 'skipped' LIMIT 1")
    .get(key.leg, key.sourceInstance, key.sourceId);
  return row !== undefined;
}

/**
 * The documents a step's done links name, by the reference they carry, oldest first (so the latest
 * wins when read into a map): what a shared document (a customer found by e-mail) became before.
 */
export function linkedTargetsByReference(store: Store, key: Omit<LinkKey, 'sourceId'>): Array<{ reference: string; targetId: string; targetNumber: string | undefined }> {
  const rows = store.db
    .prepare(
      `SELECT reference, target_id, target_number FROM links
       WHERE leg = ? AND step = ? AND source_instance = ? AND status = 'ok' AND reference IS NOT NULL AND target_id IS NOT NULL
       ORDER BY updated_at, id`,
    )
    .all(key.leg, key.step, key.sourceInstance) as Array<{ reference: string; target_id: string; target_number: string | null }>;
  return rows.map((row) => ({ reference: row.reference, targetId: row.target_id, targetNumber: row.target_number ?? undefined }));
}

/** The link whose target is this document (e.g. the Rackbeat order a webshop order became): the upstream pointer. */
export function findLinkByTarget(store: Store, targetSystem: string, targetId: string, step?: string): Link | undefined {
  const row = store.db
    .prepare(
      "SELECT * FROM links WHERE target_system = ? AND target_id = ? AND (? IS NULL OR step = ?) AND status = 'ok' ORDER BY id LIMIT 1",
    )
    .get(targetSystem, targetId, step ?? null, step ?? null) as LinkRow | undefined;
  return row && toLink(row);
}

export function listLinks(store: Store, filter: { leg?: string; step?: string } = {}): Link[] {
  const rows = store.db
    .prepare('SELECT * FROM links WHERE (? IS NULL OR leg = ?) AND (? IS NULL OR step = ?) ORDER BY id')
    .all(filter.leg ?? null, filter.leg ?? null, filter.step ?? null, filter.step ?? null) as LinkRow[];
  return rows.map(toLink);
}

/**
 * Protocol step 5: the `pending` row written (and committed by the caller's transaction or on its
 * own) before a create or state change is attempted. Keeps the attempts and the target of an
 * earlier try. Returns the link as stored.
 */
export function recordIntent(store: Store, intent: LinkIntent): Link {
  const now = nowIso(store);
  store.db
    .prepare(
      `INSERT INTO links (flow, leg, step, source_system, source_instance, source_id, source_number, target_system,
         reference, status, upstream_link_id, source_modified_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)
       ON CONFLICT (leg, step, source_instance, source_id) DO UPDATE SET
         status = 'pending', source_number = excluded.source_number, reference = excluded.reference,
         upstream_link_id = excluded.upstream_link_id, source_modified_at = excluded.source_modified_at,
         dismissed_at = NULL, updated_at = excluded.updated_at`,
    )
    .run(
      intent.flow,
      intent.leg,
      intent.step,
      intent.sourceSystem,
      intent.sourceInstance,
      intent.sourceId,
      intent.sourceNumber ?? null,
      intent.targetSystem,
      intent.reference ?? null,
      intent.upstreamLinkId ?? null,
      intent.sourceModifiedAt,
      now,
      now,
    );
  return findLink(store, intent) as Link;
}

/** The step is done: the target document's id and number and the hash of what was sent. */
export function markOk(
  store: Store,
  linkId: number,
  target: { targetId: string; targetNumber?: string | undefined; contentHash?: string | undefined },
): void {
  store.db
    .prepare(
      `UPDATE links SET status = 'ok', target_id = ?, target_number = ?, content_hash = ?, next_attempt_at = NULL,
         last_error = NULL, last_hint = NULL, dismissed_at = NULL, updated_at = ? WHERE id = ?`,
    )
    .run(target.targetId, target.targetNumber ?? null, target.contentHash ?? null, nowIso(store), linkId);
}

/**
 * Parks a failed step: one more attempt, retried at `nextAttemptAt`, or `given-up` (with the reason
 * in last_error) once `giveUpAfterAttempts` is reached. A transient failure (a system briefly down)
 * is no attempt against the record: it is retried at `nextAttemptAt` and never given up for it.
 * Returns the link as stored.
 */
export function markFailed(
  store: Store,
  linkId: number,
  failure: { error: string; hint?: string | undefined; nextAttemptAt: Date; giveUpAfterAttempts: number; transient?: boolean },
): Link {
  const row = store.db.prepare('SELECT attempts FROM links WHERE id = ?').get(linkId) as { attempts: number };
  const attempts = failure.transient ? row.attempts : row.attempts + 1;
  const givingUp = !failure.transient && attempts >= failure.giveUpAfterAttempts;
  const error = givingUp ? `gave up after ${attempts} attempts: ${failure.error}` : failure.error;
  store.db
    .prepare(
      `UPDATE links SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?, last_hint = ?, updated_at = ?
       WHERE id = ?`,
    )
    .run(
      givingUp ? 'given-up' : 'failed',
      attempts,
      givingUp ? null : failure.nextAttemptAt.toISOString(),
      error,
      failure.hint ?? null,
      nowIso(store),
      linkId,
    );
  return toLink(store.db.prepare('SELECT * FROM links WHERE id = ?').get(linkId) as LinkRow);
}

/** A create that may have happened: the next run looks it up by its reference before anything else. */
export function markUnknown(store: Store, linkId: number, error: string): void {
  store.db
    .prepare("UPDATE links SET status = 'unknown', last_error = ?, updated_at = ? WHERE id = ?")
    .run(error, nowIso(store), linkId);
}

/**
 * Records that a record is skipped for `reason` (e.g. not in an allowed state). Returns false when
 * it was already skipped for the same reason, so the log gets one row per record and reason.
 * `contentHash`, when given, is the content the skip was decided on: a batched update step looks
 * again once it changes, or once the skip (its `updated_at`, moved by every such decision) is old.
 */
export function markSkipped(store: Store, intent: LinkIntent, reason: string, contentHash?: string): { linkId: number; isNew: boolean } {
  const existing = findLink(store, intent);
  if (existing?.status === 'skipped' && existing.lastError === reason) {
    if (contentHash !== undefined) {
      store.db.prepare('UPDATE links SET content_hash = ?, updated_at = ? WHERE id = ?').run(contentHash, nowIso(store), existing.id);
    }
    return { linkId: existing.id, isNew: false };
  }
  const link = recordIntent(store, intent);
  store.db
    .prepare(
      "UPDATE links SET status = 'skipped', last_error = ?, content_hash = COALESCE(?, content_hash), next_attempt_at = NULL, updated_at = ? WHERE id = ?",
    )
    .run(reason, contentHash ?? null, nowIso(store), link.id);
  return { linkId: link.id, isNew: true };
}

/**
 * Source ids of a leg that must be looked at again regardless of the checkpoint: steps left
 * `pending` or `unknown` (recovery), and parked failures whose next attempt is due.
 */
export function dueForRetry(store: Store, filter: { leg: string; sourceInstance: string; now: Date }): string[] {
  const rows = store.db
    .prepare(
      `SELECT DISTINCT source_id FROM links WHERE leg = ? AND source_instance = ?
         AND dismissed_at IS NULL
         AND (status IN ('pending', 'unknown') OR (status = 'failed' AND next_attempt_at <= ?))
       ORDER BY source_modified_at, source_id`,
    )
    .all(filter.leg, filter.sourceInstance, filter.now.toISOString()) as Array<{ source_id: string }>;
  return rows.map((row) => row.source_id);
}

/** Links made from this one by later steps and legs (the e-conomic document of a Rackbeat order), done ones only. */
export function downstreamLinks(store: Store, linkId: number): Link[] {
  const rows = store.db
    .prepare(
      `WITH RECURSIVE below(id) AS (
         SELECT id FROM links WHERE upstream_link_id = ?
         UNION SELECT links.id FROM links JOIN below ON links.upstream_link_id = below.id)
       SELECT * FROM links WHERE id IN (SELECT id FROM below) AND status = 'ok' ORDER BY id`,
    )
    .all(linkId) as LinkRow[];
  return rows.map(toLink);
}

/** The number people know at the top of a link's chain: the webshop order a Rackbeat order and its document came from. */
export function originOf(store: Store, linkId: number): string | undefined {
  const row = store.db
    .prepare(
      `WITH RECURSIVE up(id, upstream) AS (
         SELECT id, upstream_link_id FROM links WHERE id = ?
         UNION SELECT links.id, links.upstream_link_id FROM links JOIN up ON links.id = up.upstream)
       SELECT source_number, source_id FROM links WHERE id = (SELECT id FROM up WHERE upstream IS NULL LIMIT 1)`,
    )
    .get(linkId) as { source_number: string | null; source_id: string } | undefined;
  return row ? (row.source_number ?? row.source_id) : undefined;
}

/** A linked document's source changed in a way the flow does not carry over: flagged until dismissed. */
export function flagAttention(store: Store, linkId: number, attention: { message: string; key: string }): void {
  store.db
    .prepare('UPDATE links SET attention = ?, attention_key = ?, updated_at = ? WHERE id = ?')
    .run(attention.message, attention.key, nowIso(store), linkId);
}

/**
 * What keeps a run's exit code at 1 until it is fixed or dismissed (protocol step 9): steps
 * failed, unknown or given up, and documents whose source changed after the transfer.
 */
export interface OpenProblem {
  linkId: number;
  flow: string;
  leg: string;
  sourceSystem: string;
  /** The number people know at the top of the chain, where the source's is not it (webshop order #1042). */
  origin: string | undefined;
  step: string;
  sourceId: string;
  sourceNumber: string | undefined;
  status: LinkStatus | 'needs-attention';
  message: string | undefined;
}

const OPEN_PROBLEM = `dismissed_at IS NULL AND (status IN ('failed', 'unknown', 'given-up') OR attention IS NOT NULL)`;

/** The open problems of one flow, or of all flows. */
export function listOpenProblems(store: Store, flow?: string): OpenProblem[] {
  const rows = store.db
    .prepare(`SELECT * FROM links WHERE (? IS NULL OR flow = ?) AND ${OPEN_PROBLEM} ORDER BY id`)
    .all(flow ?? null, flow ?? null) as LinkRow[];
  return rows.map((row) => ({
    linkId: row.id,
    flow: row.flow,
    leg: row.leg,
    sourceSystem: row.source_system,
    origin: row.upstream_link_id === null ? undefined : originOf(store, row.id),
    step: row.step,
    sourceId: row.source_id,
    sourceNumber: row.source_number ?? undefined,
    status: row.status === 'ok' && row.attention !== null ? 'needs-attention' : row.status,
    message: row.status === 'ok' ? (row.attention ?? undefined) : (row.last_error ?? undefined),
  }));
}

/**
 * `chosen(id)`: the links of the source records in the JSON list `@sources` (ids, or numbers as
 * people know them) and of what later legs made from them; every link when `@sources` is NULL.
 */
export const CHOSEN_RECORDS = `WITH RECURSIVE chosen(id) AS (
  SELECT id FROM links WHERE @sources IS NULL
    OR source_id IN (SELECT value FROM json_each(@sources)) OR source_number IN (SELECT value FROM json_each(@sources))
  UNION SELECT links.id FROM links JOIN chosen ON links.upstream_link_id = chosen.id)`;

/**
 * A person dismisses the open problems of these source records (numbers as people know them, or
 * ids) and of what later legs made from them (webshop order 1042's e-conomic document), or every
 * open problem when `sources` is undefined: they stop counting and are not retried until the
 * record changes again. Returns the links dismissed, as they were.
 */
export function dismissProblems(store: Store, filter: { flow?: string | undefined; sources?: readonly string[] | undefined }): Link[] {
  const sources = filter.sources === undefined ? null : JSON.stringify(filter.sources);
  const rows = store.db
    .prepare(
      `${CHOSEN_RECORDS}
       SELECT * FROM links WHERE id IN (SELECT id FROM chosen) AND ${OPEN_PROBLEM} AND (@flow IS NULL OR flow = @flow) ORDER BY id`,
    )
    .all({ sources, flow: filter.flow ?? null }) as LinkRow[];
  const now = nowIso(store);
  // A document that needs attention stays ok: only the flag goes (its key stays, so the same change is not flagged again).
  const dismiss = store.db.prepare(
    `UPDATE links SET dismissed_at = CASE WHEN status = 'ok' THEN NULL ELSE ? END, attention = NULL, updated_at = ? WHERE id = ?`,
  );
  for (const row of rows) dismiss.run(now, now, row.id);
  return rows.map(toLink);
}

function toLink(row: LinkRow): Link {
  return {
    id: row.id,
    flow: row.flow,
    leg: row.leg,
    step: row.step,
    sourceSystem: row.source_system,
    sourceInstance: row.source_instance,
    sourceId: row.source_id,
    sourceNumber: row.source_number ?? undefined,
    targetSystem: row.target_system,
    targetId: row.target_id ?? undefined,
    targetNumber: row.target_number ?? undefined,
    reference: row.reference ?? undefined,
    contentHash: row.content_hash ?? undefined,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at ?? undefined,
    lastError: row.last_error ?? undefined,
    lastHint: row.last_hint ?? undefined,
    upstreamLinkId: row.upstream_link_id ?? undefined,
    sourceModifiedAt: row.source_modified_at ?? '',
    dismissedAt: row.dismissed_at ?? undefined,
    attention: row.attention ?? undefined,
    attentionKey: row.attention_key ?? undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
