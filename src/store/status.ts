import type { Store } from './database.js';

/** Read-only queries for `status`. */

export interface CheckpointRow {
  flow: string;
  leg: string;
  sourceInstance: string;
  cursor: string;
  updatedAt: string;
}

export interface RunRow {
  id: number;
  flow: string;
  dryRun: boolean;
  startedAt: string;
  finishedAt: string | null;
  result: string | null;
  exitCode: number | null;
  /** JSON per leg, as the run wrote it. */
  counts: string | null;
  message: string | null;
}

/** What keeps a leg from being all good: steps not settled yet or settled as not done, and changes after a transfer. */
export type OpenLinkStatus = 'failed' | 'unknown' | 'pending' | 'given-up' | 'needs-attention';

export interface OpenLinkCount {
  flow: string;
  leg: string;
  status: OpenLinkStatus;
  count: number;
}

export function listCheckpoints(store: Store): CheckpointRow[] {
  return store.db
    .prepare(
      `SELECT flow, leg, source_instance AS sourceInstance, cursor, updated_at AS updatedAt
       FROM checkpoints ORDER BY flow, leg, source_instance`,
    )
    .all() as CheckpointRow[];
}

/** Each flow's newest run. */
export function listLastRuns(store: Store): RunRow[] {
  const rows = store.db
    .prepare(
      `SELECT id, flow, dry_run AS dryRun, started_at AS startedAt, finished_at AS finishedAt, result,
         exit_code AS exitCode, counts, message
       FROM runs WHERE id IN (SELECT max(id) FROM runs GROUP BY flow) ORDER BY flow`,
    )
    .all() as Array<Omit<RunRow, 'dryRun'> & { dryRun: number }>;
  return rows.map((row) => ({ ...row, dryRun: row.dryRun === 1 }));
}

/** Per flow, leg and status; what a person dismissed is left out. */
export function countOpenLinks(store: Store): OpenLinkCount[] {
  return store.db
    .prepare(
      `SELECT flow, leg, CASE WHEN status = 'ok' THEN 'needs-attention' ELSE status END AS status, count(*) AS count FROM links
       WHERE dismissed_at IS NULL AND (status IN ('failed', 'unknown', 'pending', 'given-up') OR (status = 'ok' AND attention IS NOT NULL))
       GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    )
    .all() as OpenLinkCount[];
}
