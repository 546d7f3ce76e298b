import type { Store } from './database.js';
import { originOf } from './links.js';

/** Read-only figures for the daily report (notify.daily). */

/** Records (per leg) with log rows at or after `since`, per flow and status (dry runs left out). */
export function transferCountsSince(store: Store, since: Date): Array<{ flow: string; status: string; count: number }> {
  return store.db
    .prepare(
      `SELECT flow, status, count(DISTINCT leg || ' ' || source_id) AS count FROM transfers WHERE at >= ? AND status <> 'dry-run'
       GROUP BY flow, status ORDER BY flow, status`,
    )
    .all(since.toISOString()) as Array<{ flow: string; status: string; count: number }>;
}

/** The open problem that has been open longest (not dismissed), with when its record first went wrong. */
export function oldestOpenProblem(
  store: Store,
): { flow: string; sourceSystem: string; sourceId: string; sourceNumber: string | undefined; origin: string | undefined; since: string; message: string | undefined } | undefined {
  const row = store.db
    .prepare(
      `SELECT id, upstream_link_id, flow, source_system, source_id, source_number, created_at, coalesce(last_error, attention) AS message FROM links
       WHERE dismissed_at IS NULL AND (status IN ('failed', 'unknown', 'given-up') OR attention IS NOT NULL)
       ORDER BY created_at, id LIMIT 1`,
    )
    .get() as
    | { id: number; upstream_link_id: number | null; flow: string; source_system: string; source_id: string; source_number: string | null; created_at: string; message: string | null }
    | undefined;
  return (
    row && {
      flow: row.flow,
      sourceSystem: row.source_system,
      sourceId: row.source_id,
      sourceNumber: row.source_number ?? undefined,
      // The number people know: the webshop order a Rackbeat order came from.
      origin: row.upstream_link_id === null ? undefined : originOf(store, row.id),
      since: row.created_at,
      message: row.message ?? undefined,
    }
  );
}

/** Sources whose listing has not got past `before`: runs that no longer get through them. */
export function listingsBehind(store: Store, before: Date): Array<{ flow: string; leg: string; seenThrough: string }> {
  return store.db
    .prepare('SELECT flow, leg, seen_through AS seenThrough FROM listings WHERE seen_through < ? ORDER BY seen_through')
    .all(before.toISOString()) as Array<{ flow: string; leg: string; seenThrough: string }>;
}
