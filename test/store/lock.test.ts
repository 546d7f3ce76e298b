import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/database.js';
import { StoreBusyError } from '../../src/store/errors.js';
import { acquireRunLock, FOREIGN_LOCK_TAKEOVER_MS, LockHeldError } from '../../src/store/lock.js';
import { builtChild } from '../helpers/built-child.js';
import { useTmpDir } from '../helpers/tmp-dir.js';


describe('the run lock', () => {
  const tmp = useTmpDir();
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
  });

  async function holdLockInChild(path: string): Promise<ChildProcess> {
    const child = spawn(process.execPath, [builtChild('test/store/fixtures/hold-lock.ts'), path], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    const [line] = (await once(child.stdout!, 'data')) as [Buffer];
    expect(line.toString()).toBe('locked\n');
    return child;
  }

  it('refuses a second run with who holds it, and takes over once the holder is killed', async () => {
    const path = join(tmp(), 'iex-sync.db');
    const child = await holdLockInChild(path);
    const store = openStore(path);

    let refused: unknown;
    try {
      acquireRunLock(store, { command: 'second run' });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(LockHeldError);
    const message = (refused as LockHeldError).message;
    expect(message).toMatch(
      new RegExp(`^another run \\(pid ${child.pid} on ${hostname()}, started \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\) holds the lock on ${store.path}$`),
    );
    expect((refused as LockHeldError).exitCode).toBe(75);

    child.kill('SIGKILL');
    await once(child, 'exit');
    const lock = acquireRunLock(store, { command: 'after the holder died' });
    expect(lock.pid).toBe(process.pid);
    lock.release();
    store.close();
  });

  it('keeps a lock whose holder on this host is alive, however stale its refresh looks (a wall clock that jumped)', () => {
    let now = Date.parse('2025-01-01T10:00:00Z');
    const store = openStore(join(tmp(), 'iex-sync.db'), { clock: () => new Date(now) });
    const first = acquireRunLock(store, { command: 'first' });
    now += 24 * 60 * 60_000;
    expect(() => acquireRunLock(store, { command: 'after the jump' })).toThrow(LockHeldError);
    expect(first.lost()).toBe(false);
    first.release();
    acquireRunLock(store, { command: 'after the release' }).release();
    store.close();
  });

  it(`takes over a lock held from another host only after ${FOREIGN_LOCK_TAKEOVER_MS / 3_600_000} hours without a refresh`, () => {
    let now = Date.parse('2025-01-01T10:00:00Z');
    const store = openStore(join(tmp(), 'iex-sync.db'), { clock: () => new Date(now) });
    holdFromAnotherHost(store, new Date(now).toISOString());
    now += FOREIGN_LOCK_TAKEOVER_MS - 60_000;
    expect(() => acquireRunLock(store, { command: 'too early' })).toThrow(/pid 4242 on other-host/);
    now += 60_000;
    const taken = acquireRunLock(store, { command: 'after two silent hours' });
    expect(taken.lost()).toBe(false);
    taken.release();
    store.close();
  });

  it('a holder learns at once that its lock was taken over, without waiting for its refresh, and releases nothing', () => {
    let now = Date.parse('2025-01-01T10:00:00Z');
    const store = openStore(join(tmp(), 'iex-sync.db'), { clock: () => new Date(now) });
    const first = acquireRunLock(store, { command: 'first', refreshEveryMs: 3_600_000 });
    expect(first.lost()).toBe(false);
    // A run on another host took it over (e.g. this one was paused for hours).
    holdFromAnotherHost(store, new Date(now).toISOString());
    expect(first.lost()).toBe(true);
    first.release(); // Must not free the lock the other host now holds.
    now += 60_000;
    expect(() => acquireRunLock(store, { command: 'third' })).toThrow(/on other-host/);
    store.close();
  });

  it('a store another process keeps busy past the busy timeout is answered like a lock held (75), not as an error', () => {
    const path = join(tmp(), 'iex-sync.db');
    const store = openStore(path, { busyTimeoutMs: 200 });
    const other = new Database(path);
    other.prepare('BEGIN IMMEDIATE').run();
    expect(() => acquireRunLock(store, { command: 'while busy' })).toThrow(StoreBusyError);
    other.prepare('ROLLBACK').run();
    other.close();
    acquireRunLock(store, { command: 'after' }).release();
    store.close();
  });
});

/** Writes the lock row as a run on another machine would (its pid cannot be checked from here). */
function holdFromAnotherHost(store: Store, refreshedAt: string): void {
  store.db
    .prepare(
      `INSERT INTO run_lock (id, host, pid, started_at, refreshed_at, command) VALUES (1, 'other-host', 4242, ?, ?, 'orders')
       ON CONFLICT (id) DO UPDATE SET host = excluded.host, pid = excluded.pid, started_at = excluded.started_at, refreshed_at = excluded.refreshed_at`,
    )
    .run(refreshedAt, refreshedAt);
}
