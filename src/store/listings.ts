import type { Store } from './database.js';
import type { CheckpointKey } from './checkpoints.js';

/**
 * What a cursor's listings have seen (issue 15, the lookback anchored): every record modified up
 * to `seen_through` (ISO 8601 UTC, the source's clock), late ones included, because a listing began
 * at least the lookback after it.
 */
export function getSeenThrough(store: Store, key: CheckpointKey): string | undefined {
  const row = store.db
    .prepare('SELECT seen_through FROM listings WHERE flow = ? AND leg = ? AND source_instance = ?')
    .get(key.flow, key.leg, key.sourceInstance) as { seen_through: string } | undefined;
  return row?.seen_through;
}

/** Records that every record up to `through` has been listed; it only ever moves forward. */
export function advanceSeenThrough(store: Store, key: CheckpointKey, through: string): void {
  store.db
    .prepare(
      `INSERT INTO listings (flow, leg, source_instance, seen_through) VALUES (?, ?, ?, ?)
       ON CONFLICT (flow, leg, source_instance) DO UPDATE SET seen_through = max(seen_through, excluded.seen_through)`,
    )
    .run(key.flow, key.leg, key.sourceInstance, new Date(through).toISOString());
}
