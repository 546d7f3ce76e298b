import { nowIso, type Store } from './database.js';
import { CHOSEN_RECORDS, originOf } from './links.js';

export interface RetryFilter {
  /** Only this flow's failures. */
  flow?: string | undefined;
  /** Only these source records (numbers as people know them, or ids) and what later legs made from them; a dismissed one too. */
  sources?: readonly string[] | undefined;
}

/** A failure made due, as people know it: a Rackbeat order with the webshop order it came from. */
export interface RetriedRecord {
  flow: string;
  sourceSystem: string;
  sourceNumber: string;
  origin: string | undefined;
}

/**
 * `iex-sync retry`: parked and given-up steps become due now, whatever their backoff; the run
 * that follows takes them through the protocol like any retry (a look-up before any create).
 * Attempts are kept, so a step given up fails for good again after one more try. Returns each
 * one made due.
 */
export function makeFailuresDue(store: Store, filter: RetryFilter): RetriedRecord[] {
  const sources = filter.sources === undefined ? null : JSON.stringify(filter.sources);
  const rows = store.db
    .prepare(
      `${CHOSEN_RECORDS}
       SELECT id, flow, source_system AS sourceSystem, coalesce(source_number, source_id) AS sourceNumber, upstream_link_id AS upstream FROM links
       WHERE id IN (SELECT id FROM chosen) AND status IN ('failed', 'given-up') AND (@flow IS NULL OR flow = @flow)
         AND (dismissed_at IS NULL OR @sources IS NOT NULL)
       ORDER BY id`,
    )
    .all({ sources, flow: filter.flow ?? null }) as Array<{ id: number; flow: string; sourceSystem: string; sourceNumber: string; upstream: number | null }>;
  const now = nowIso(store);
  const due = store.db.prepare("UPDATE links SET status = 'failed', next_attempt_at = ?, dismissed_at = NULL, updated_at = ? WHERE id = ?");
  for (const row of rows) due.run(now, now, row.id);
  return rows.map((row) => ({ flow: row.flow, sourceSystem: row.sourceSystem, sourceNumber: row.sourceNumber, origin: row.upstream === null ? undefined : originOf(store, row.id) }));
}
