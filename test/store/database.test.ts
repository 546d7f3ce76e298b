import Database from 'better-sqlite3';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, STORE_VERSION, StoreError } from '../../src/store/database.js';
import { StoreBusyError } from '../../src/store/errors.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

describe('openStore', () => {
  const tmp = useTmpDir();

  it('creates the file and its folder on first use, in WAL mode, at the current version', () => {
    const path = join(tmp(), 'nested', 'folder', 'iex-sync.db');
    const store = openStore(path);
    expect(existsSync(path)).toBe(true);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('user_version', { simple: true })).toBe(STORE_VERSION);
    store.close();
    // Reopening an up-to-date store applies nothing twice.
    openStore(path).close();
  });

  it('refuses a file that is not a store with a message naming it, not a stack trace', () => {
    const path = join(tmp(), 'garbage.db');
    writeFileSync(path, 'this is not a database, just some text that is long enough to have a header '.repeat(20));
    const error = catchError(() => openStore(path));
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toContain(path);
    expect((error as StoreError).exitCode).toBe(2);
    // Not a lead into a blind re-sync: it says what a new store does, and that nothing is doubled.
    expect((error as StoreError).message).toMatch(/looks every order up by its reference .* so nothing is created twice/);
  });

  it('refuses a store written by a newer version and says to upgrade', () => {
    const path = join(tmp(), 'newer.db');
    const db = new Database(path);
    db.pragma(`user_version = ${STORE_VERSION + 1}`);
    db.close();
    const error = catchError(() => openStore(path));
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toMatch(/newer iex-sync.*upgrade iex-sync/);
  });

  it('opens read-only without creating anything, and says so when there is no store yet', () => {
    const path = join(tmp(), 'missing.db');
    expect(() => openStore(path, { readonly: true })).toThrow(/there is no store at .*missing\.db yet/);
    expect(existsSync(path)).toBe(false);
    openStore(path).close();
    const reader = openStore(path, { readonly: true });
    expect(() => reader.db.exec("INSERT INTO checkpoints VALUES ('a', 'b', 'c', 'd', 'e')")).toThrow(/readonly/);
    reader.close();
  });

  it('a store kept busy by another process while it is created is answered 75 after the busy timeout, never as a broken store', () => {
    const path = join(tmp(), 'iex-sync.db');
    // Another process is reading the new, still empty file (a shared lock, in its first journal mode).
    const other = new Database(path);
    other.prepare('BEGIN').run();
    other.prepare('SELECT count(*) FROM sqlite_master').get();

    const error = catchError(() => openStore(path, { busyTimeoutMs: 300 }));
    expect(error).toBeInstanceOf(StoreBusyError);
    expect((error as StoreBusyError).exitCode).toBe(75);
    expect((error as StoreBusyError).message).toBe(`the store ${path} is busy: another iex-sync process kept it locked for over 0.3 s; try again in a moment`);

    other.prepare('COMMIT').run();
    other.close();
    const store = openStore(path);
    expect(store.db.pragma('user_version', { simple: true })).toBe(STORE_VERSION);
    store.close();
  });

  it('read-only, an empty file (a store being created this very moment) is "no store yet", not an older store', () => {
    const path = join(tmp(), 'iex-sync.db');
    new Database(path).close();
    expect(() => openStore(path, { readonly: true })).toThrow(`there is no store at ${path} yet: run a sync first, or check "store" in the config`);
  });
});

function catchError(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
