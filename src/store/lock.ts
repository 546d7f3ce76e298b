import { hostname } from 'node:os';
import { inTransaction, nowIso, type Store } from './database.js';
import { LockHeldError } from './errors.js';

export { LockHeldError } from './errors.js';

/**
 * The run lock (design, protocol step 1): one run per store. The holder's host, pid and start time
 * are recorded and the row is refreshed while the run lives. A lock whose holder is gone (its pid
 * is not alive on this host) or whose refresh is stale is taken over: a second run never waits.
 */
export interface RunLock {
  readonly host: string;
  readonly pid: number;
  readonly startedAt: string;
  /** True once another run took the lock over (our refresh went stale): stop writing. */
  lost(): boolean;
  /** Writes a fresh refreshed_at now; the timer does this on its own every refreshEveryMs. */
  refresh(): void;
  release(): void;
}

export interface AcquireLockOptions {
  /** What runs, shown to whoever finds the lock held (secrets never included). */
  command: string;
  refreshEveryMs?: number;
  /** A lock not refreshed for this long is taken over even when its pid looks alive. */
  staleAfterMs?: number;
}

interface LockRow {
  host: string;
  pid: number;
  started_at: string;
  refreshed_at: string;
}

const DEFAULT_REFRESH_MS = 30_000;
const DEFAULT_STALE_MS = 5 * 60_000;

/** Locks this process holds (store path + start time): a row with our own pid that is not here is a dead predecessor's. */
const heldHere = new Set<string>();

export function acquireRunLock(store: Store, options: AcquireLockOptions): RunLock {
  const host = hostname();
  const pid = process.pid;
  const refreshEveryMs = options.refreshEveryMs ?? DEFAULT_REFRESH_MS;
  const staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_MS;
  const startedAt = nowIso(store);

  inTransaction(store, () => {
    const holder = store.db.prepare('SELECT host, pid, started_at, refreshed_at FROM run_lock WHERE id = 1').get() as
      | LockRow
      | undefined;
    if (holder && holderIsAlive(holder, store, staleAfterMs)) {
      throw new LockHeldError({ host: holder.host, pid: holder.pid, startedAt: holder.started_at }, store.path);
    }
    store.db
      .prepare(
        `INSERT INTO run_lock (id, host, pid, started_at, refreshed_at, command) VALUES (1, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET host = excluded.host, pid = excluded.pid, started_at = excluded.started_at,
           refreshed_at = excluded.refreshed_at, command = excluded.command`,
      )
      .run(host, pid, startedAt, startedAt, options.command);
  });
  const heldKey = `${store.path}@${startedAt}`;
  heldHere.add(heldKey);

  let lost = false;
  const ours = 'WHERE id = 1 AND host = ? AND pid = ? AND started_at = ?';
  const refresh = (): void => {
    if (lost) return;
    const changed = store.db.prepare(`UPDATE run_lock SET refreshed_at = ? ${ours}`).run(nowIso(store), host, pid, startedAt);
    if (changed.changes === 0) lost = true;
  };
  const timer = setInterval(() => {
    try {
      refresh();
    } catch {
      // Busy or closed store: the next tick tries again; a stale lock is only taken over after staleAfterMs.
    }
  }, refreshEveryMs);
  timer.unref();

  return {
    host,
    pid,
    startedAt,
    lost: () => lost,
    refresh,
    release() {
      clearInterval(timer);
      heldHere.delete(heldKey);
      if (!lost) store.db.prepare(`DELETE FROM run_lock ${ours}`).run(host, pid, startedAt);
    },
  };
}

function holderIsAlive(holder: LockRow, store: Store, staleAfterMs: number): boolean {
  const refreshedAgoMs = store.now().getTime() - Date.parse(holder.refreshed_at);
  if (!(refreshedAgoMs < staleAfterMs)) return false;
  if (holder.host !== hostname()) return true; // Another machine: only staleness tells.
  if (holder.pid === process.pid) return heldHere.has(`${store.path}@${holder.started_at}`);
  return pidIsAlive(holder.pid);
}

function pidIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // Signal 0 checks existence without touching the process.
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
