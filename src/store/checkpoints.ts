import { nowIso, type Store } from './database.js';

/** A cursor's identity: per flow, leg and source instance (protocol step 3). */
export interface CheckpointKey {
  flow: string;
  leg: string;
  sourceInstance: string;
}

/** The newest modified time handled so far (ISO 8601 UTC), or undefined before the first run. */
export function getCheckpoint(store: Store, key: CheckpointKey): string | undefined {
  const row = store.db
    .prepare('SELECT cursor FROM checkpoints WHERE flow = ? AND leg = ? AND source_instance = ?')
    .get(key.flow, key.leg, key.sourceInstance) as { cursor: string } | undefined;
  return row?.cursor;
}

/**
 * Moves the checkpoint to `cursor` (ISO 8601 UTC). It never moves backwards unless
 * `allowBackwards` is given (a deliberate re-sync from an earlier date). Returns the checkpoint
 * that is stored afterwards.
 */
export function advanceCheckpoint(
  store: Store,
  key: CheckpointKey,
  cursor: string,
  options: { allowBackwards?: boolean } = {},
): string {
  const next = new Date(cursor).toISOString();
  const current = getCheckpoint(store, key);
  if (current !== undefined && !options.allowBackwards && Date.parse(current) >= Date.parse(next)) return current;
  store.db
    .prepare(
      `INSERT INTO checkpoints (flow, leg, source_instance, cursor, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (flow, leg, source_instance) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
    )
    .run(key.flow, key.leg, key.sourceInstance, next, nowIso(store));
  return next;
}
