import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { runChild } from '../helpers/crash-kit.js';
import { useTmpDir } from '../helpers/tmp-dir.js';
import { crashChild } from './crash-helpers.js';
import { useFakeRemote } from './fake-remote.js';

/**
 * The crash suite (issue 12), the lock: a run whose clock jumped far ahead finds the lock of a run
 * that is alive on the same host. The stale refresh it sees proves nothing (design, protocol step
 * 1): it must exit 75 and write nothing, while the holder finishes alone, every order exactly once.
 */
const COUNT = 60;
const THREE_HOURS_MS = 3 * 60 * 60_000;

describe('crash suite: the run lock', () => {
  const tmp = useTmpDir();
  const startRemote = useFakeRemote();

  it('lock holder alive during a clock jump: the second run exits 75, nothing doubled', async () => {
    // 60 orders at 40 ms a call, 4 in flight: the holder runs for seconds, long enough to be found alive.
    const remote = await startRemote({ latencyMs: 40 });
    const storePath = join(tmp(), 'iex-sync.db');
    const child = crashChild(storePath, remote, COUNT);
    const holder = runChild(child.args);
    const holderPid = await lockHolderPid(storePath);

    const jumped = await runChild(crashChild(storePath, remote, COUNT, THREE_HOURS_MS).args);
    expect(jumped.code, jumped.stderr).toBe(75);
    expect(jumped.stderr).toContain(`another run (pid ${holderPid} on `);

    const held = await holder;
    expect(held.code, held.stderr).toBe(0);
    child.expectExactlyOnce();
  }, 60_000);

  it('a holder whose lock was taken over stops before its next record and exits 75; the new holder finishes alone', async () => {
    const remote = await startRemote({ latencyMs: 40 });
    const storePath = join(tmp(), 'iex-sync.db');
    const child = crashChild(storePath, remote, COUNT);
    const holder = runChild(child.args);
    await lockHolderPid(storePath);
    await sleep(300);
    // A run on another host took the lock over (this one looked gone to it, e.g. paused for hours).
    const store = openStore(storePath);
    const now = new Date().toISOString();
    store.db.prepare("UPDATE run_lock SET host = 'other-host', pid = 4242, started_at = ?, refreshed_at = ?").run(now, now);
    const docsAtTakeover = remote.docs().length;

    const stopped = await holder;
    expect(stopped.code, stopped.stderr).toBe(75);
    expect(JSON.parse(stopped.stdout)).toMatchObject({ message: 'the run lock was taken over by another run: stopped before writing anything more' });
    // Only the records already in flight (4 at a time, each a customer, an order and a booking at most) went on.
    expect(remote.docs().length - docsAtTakeover).toBeLessThanOrEqual(8);
    expect(store.db.prepare('SELECT result, exit_code FROM runs ORDER BY id DESC LIMIT 1').get()).toEqual({ result: 'interrupted', exit_code: 75 });

    store.db.prepare('DELETE FROM run_lock').run(); // The other host's run ended.
    store.close();
    const rest = await runChild(child.args);
    expect(rest.code, rest.stderr).toBe(0);
    child.expectExactlyOnce();
  }, 60_000);
});

/** Waits until a run holds the lock on the store and has started working; returns its pid. */
async function lockHolderPid(storePath: string): Promise<number> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    await sleep(25);
    let pid: number | undefined;
    try {
      const store = openStore(storePath, { readonly: true });
      try {
        pid = (store.db.prepare('SELECT pid FROM run_lock WHERE id = 1').get() as { pid: number } | undefined)?.pid;
      } finally {
        store.close();
      }
    } catch {
      // The child has not created the store yet.
    }
    if (pid !== undefined) return pid;
  }
  throw new Error('the first run never took the lock');
}
