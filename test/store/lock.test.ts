import { spawn, type ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { acquireRunLock, LockHeldError } from '../../src/store/lock.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

const fixture = join(import.meta.dirname, 'fixtures', 'hold-lock.ts');

describe('the run lock', () => {
  const tmp = useTmpDir();
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
  });

  async function holdLockInChild(path: string): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, path], { stdio: ['ignore', 'pipe', 'inherit'] });
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

  it('takes over a lock whose refresh is stale, and the old holder learns it lost the lock', () => {
    const path = join(tmp(), 'iex-sync.db');
    let now = Date.parse('2025-01-01T10:00:00Z');
    const store = openStore(path, { clock: () => new Date(now) });
    const first = acquireRunLock(store, { command: 'first', staleAfterMs: 60_000 });

    now += 30_000;
    expect(() => acquireRunLock(store, { command: 'too early', staleAfterMs: 60_000 })).toThrow(LockHeldError);
    now += 31_000;
    const second = acquireRunLock(store, { command: 'second', staleAfterMs: 60_000 });

    expect(first.lost()).toBe(false);
    first.refresh();
    expect(first.lost()).toBe(true);
    first.release(); // Must not free the lock the second run now holds.
    expect(() => acquireRunLock(store, { command: 'third', staleAfterMs: 60_000 })).toThrow(LockHeldError);
    second.release();
    acquireRunLock(store, { command: 'fourth' }).release();
    store.close();
  });

  it('a refreshed lock stays held past the stale limit', () => {
    let now = Date.parse('2025-01-01T10:00:00Z');
    const store = openStore(join(tmp(), 'iex-sync.db'), { clock: () => new Date(now) });
    const lock = acquireRunLock(store, { command: 'long run', staleAfterMs: 60_000 });
    for (let minute = 0; minute < 5; minute += 1) {
      now += 50_000;
      lock.refresh();
    }
    expect(() => acquireRunLock(store, { command: 'second', staleAfterMs: 60_000 })).toThrow(LockHeldError);
    lock.release();
    store.close();
  });
});
