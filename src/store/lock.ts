import { hostname } from 'node:os';
import { inTransaction, nowIso, type Store } from './database.js';
import { isBusy, LockHeldError, StoreBusyError } from './errors.js';

export { LockHeldError } from './errors.js';

/**
 * The run lock (protocol step 1): one run per store. The holder's host, pid and start time
 * are recorded and the row is refreshed while the run lives. A lock is taken over only when its
 * holder is provably gone: on this host, its pid is dead. A stale refresh alone proves nothing on
 * this host (a wall clock that jumped, a paused VM), so it counts only for a holder on another host,
 * whose pid cannot be checked from here, and only after FOREIGN_LOCK_TAKEOVER_MS.
 */
export interface RunLock {
  readonly host: string;
  readonly pid: number;
  readonly startedAt: string;
  /** True once the lock row is no longer ours (another run took it over): stop writing. */
  lost(): boolean;
  /** Writes a fresh refreshed_at now; the timer does this on its own every refreshEveryMs. */
  refresh(): void;
  release(): void;
}

export interface AcquireLockOptions {
  /** What runs, shown to whoever finds the lock held (secrets never included). */
  command: string;
  refreshEveryMs?: number;
}

interface LockRow {
  host: string;
  pid: number;
  started_at: string;
  refreshed_at: string;
}

const DEFAULT_REFRESH_MS = 30_000;
/**
 * How long a lock held from another host must go without a refresh before a run here takes it over
 * (README, "Guarantees"). Long on purpose: the two hosts' clocks may disagree, and one may have
 * been paused; a holder that is alive refreshes every 30 s, so two hours means it is gone.
 */
export const FOREIGN_LOCK_TAKEOVER_MS = 2 * 60 * 60_000;

/** Locks this process holds (store path + start time): a row with our own pid that is not here is a dead predecessor's. */
const heldHere = new Set<string>();

export function acquireRunLock(store: Store, options: AcquireLockOptions): RunLock {
  const host = hostname();
  const pid = process.pid;
  const refreshEveryMs = options.refreshEveryMs ?? DEFAULT_REFRESH_MS;
  const startedAt = nowIso(store);

  takeLock(store, () => {
    const holder = store.db.prepare('SELECT host, pid, started_at, refreshed_at FROM run_lock WHERE id = 1').get() as
      | LockRow
      | undefined;
    if (holder && holderMayBeAlive(holder, store)) {
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
  const stillOurs = store.db.prepare(`SELECT 1 FROM run_lock ${ours}`);
  const refresh = (): void => {
    if (lost) return;
    const changed = store.db.prepare(`UPDATE run_lock SET refreshed_at = ? ${ours}`).run(nowIso(store), host, pid, startedAt);
    if (changed.changes === 0) lost = true;
  };
  const timer = setInterval(() => {
    try {
      refresh();
    } catch {
      // Busy or closed store: the next tick tries again.
    }
  }, refreshEveryMs);
  timer.unref();

  return {
    host,
    pid,
    startedAt,
    lost() {
      // Read the row each time rather than wait for the next refresh: a run that was taken over must
      // not write even once more (one indexed read per record is nothing beside the record's own writes).
      if (!lost) lost = stillOurs.get(host, pid, startedAt) === undefined;
      return lost;
    },
    refresh,
    release() {
      clearInterval(timer);
      heldHere.delete(heldKey);
      if (!lost) store.db.prepare(`DELETE FROM run_lock ${ours}`).run(host, pid, startedAt);
    },
  };
}

/** Who holds the run lock now, if anyone, and whether that holder may still be alive (for `status`). */
export function lockHolder(store: Store): { host: string; pid: number; startedAt: string; alive: boolean } | undefined {
  const holder = store.db.prepare('SELECT host, pid, started_at, refreshed_at FROM run_lock WHERE id = 1').get() as LockRow | undefined;
  return holder && { host: holder.host, pid: holder.pid, startedAt: holder.started_at, alive: holderMayBeAlive(holder, store) };
}

/** Runs the lock's transaction; a store kept busy past its busy timeout is answered like a lock held (exit 75). */
function takeLock(store: Store, work: () => void): void {
  try {
    inTransaction(store, work);
  } catch (error) {
    if (!isBusy(error)) throw error;
    throw new StoreBusyError(store.path, store.db.pragma('busy_timeout', { simple: true }) as number, { cause: error });
  }
}

/** False only when the holder is provably gone (see RunLock). */
function holderMayBeAlive(holder: LockRow, store: Store): boolean {
  if (holder.host !== hostname()) {
    // Another machine: only a long silence tells. A refresh "from the future" (its clock ahead of ours) is alive too.
    return !(store.now().getTime() - Date.parse(holder.refreshed_at) >= FOREIGN_LOCK_TAKEOVER_MS);
  }
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
