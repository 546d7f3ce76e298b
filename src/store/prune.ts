import { inTransaction, type Store } from './database.js';

export interface PruneCutoffs {
  /** Log rows (and finished runs left without rows) from before this go. */
  rowsBefore: Date;
  /** Payloads (personal data) of the rows left from before this are emptied (not those of open problems, nor what documents are compared with). */
  payloadsBefore?: Date | undefined;
}

export interface PruneCounts {
  /** Log rows deleted. */
  rows: number;
  /** Runs deleted (their rows all gone; each flow's newest stays for `status`). */
  runs: number;
  /** Kept rows whose payloads were emptied. */
  payloads: number;
  /** Bytes of text and payloads that go (an estimate of what compaction frees). */
  bytes: number;
}

/**
 * Log rows that are never pruned: every row of an open problem (a link failed, unknown, pending,
 * given up or needing attention; the rows say why), and each link's newest row that sent its
 * document (what a changed source is compared with, protocol step 8). Links, checkpoints, listings
 * and the identity are never touched.
 */
const KEPT = `(
  link_id IN (SELECT id FROM links WHERE (status IN ('failed', 'unknown', 'pending', 'given-up') AND dismissed_at IS NULL) OR attention IS NOT NULL)
  OR id IN (SELECT max(id) FROM transfers WHERE status = 'ok' AND stage IN ('created', 'adopted', 'updated') AND target_payload IS NOT NULL GROUP BY link_id)
)`;

const ROW_BYTES = `coalesce(length(source_payload), 0) + coalesce(length(target_payload), 0) + coalesce(length(message), 0) + coalesce(length(hint), 0) + 64`;
const PAYLOAD_BYTES = `coalesce(length(source_payload), 0) + coalesce(length(target_payload), 0)`;

const OLD_ROWS = `FROM transfers WHERE at < @rowsBefore AND NOT ${KEPT}`;
const OLD_PAYLOADS = `FROM transfers WHERE at < @payloadsBefore AND at >= @rowsBefore AND (source_payload IS NOT NULL OR target_payload IS NOT NULL) AND NOT ${KEPT}`;
const OLD_RUNS = `FROM runs WHERE finished_at IS NOT NULL AND started_at < @rowsBefore
  AND id NOT IN (SELECT run_id FROM transfers WHERE run_id IS NOT NULL AND NOT (at < @rowsBefore AND NOT ${KEPT}))
  AND id NOT IN (SELECT max(id) FROM runs GROUP BY flow)`;

function parameters(cutoffs: PruneCutoffs): { rowsBefore: string; payloadsBefore: string } {
  return { rowsBefore: cutoffs.rowsBefore.toISOString(), payloadsBefore: (cutoffs.payloadsBefore ?? cutoffs.rowsBefore).toISOString() };
}

/** What pruning would remove, without removing it (`prune --dry-run`). */
export function countPrunable(store: Store, cutoffs: PruneCutoffs): PruneCounts {
  const at = parameters(cutoffs);
  const rows = store.db.prepare(`SELECT count(*) AS n, coalesce(sum(${ROW_BYTES}), 0) AS bytes ${OLD_ROWS}`).get(at) as { n: number; bytes: number };
  const payloads = store.db.prepare(`SELECT count(*) AS n, coalesce(sum(${PAYLOAD_BYTES}), 0) AS bytes ${OLD_PAYLOADS}`).get(at) as { n: number; bytes: number };
  const runs = store.db.prepare(`SELECT count(*) AS n ${OLD_RUNS}`).get(at) as { n: number };
  return { rows: rows.n, runs: runs.n, payloads: payloads.n, bytes: rows.bytes + payloads.bytes };
}

/**
 * Deletes old log rows and the runs left without any, and empties old payloads, in one
 * transaction; never links, checkpoints, open problems' rows or the rows documents are compared
 * with. The caller holds the run lock. Returns what went.
 */
export function pruneLog(store: Store, cutoffs: PruneCutoffs): PruneCounts {
  const at = parameters(cutoffs);
  return inTransaction(store, () => {
    const counts = countPrunable(store, cutoffs);
    store.db.prepare(`UPDATE transfers SET source_payload = NULL, target_payload = NULL WHERE id IN (SELECT id ${OLD_PAYLOADS})`).run(at);
    store.db.prepare(`DELETE FROM transfers WHERE id IN (SELECT id ${OLD_ROWS})`).run(at);
    // After their rows: a log row points at its run.
    store.db.prepare(`DELETE FROM runs WHERE id IN (SELECT id ${OLD_RUNS})`).run(at);
    store.db.prepare('DELETE FROM notify_daily WHERE sent_at < @rowsBefore').run({ rowsBefore: at.rowsBefore });
    return counts;
  });
}

/** Gives the freed pages back to the file system: VACUUM, then the WAL folded in and truncated. */
export function compactStore(store: Store): void {
  store.db.exec('VACUUM');
  store.db.pragma('wal_checkpoint(TRUNCATE)');
}
