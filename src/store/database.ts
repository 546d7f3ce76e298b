import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { isBusy, StoreBusyError, StoreError } from './errors.js';
import { MIGRATIONS } from './migrations.js';
import { prepareStoreFile } from './store-file.js';

export { StoreError } from './errors.js';

/**
 * An open store. `db` is for the files in src/store/ only: everything else calls the functions
 * named after what they do (recordIntent, markOk, advanceCheckpoint, …).
 */
export interface Store {
  /** Absolute path of the store file, for messages. */
  readonly path: string;
  readonly db: Database.Database;
  readonly readonly: boolean;
  /** The store's clock: every timestamp it writes comes from here (tests pass a fake one). */
  now(): Date;
  close(): void;
}

export interface OpenStoreOptions {
  /** Open an existing store for reading only (history, status); never creates or migrates. */
  readonly?: boolean;
  /** How long a write waits for another process's transaction before failing. */
  busyTimeoutMs?: number;
  clock?: () => Date;
}

/** The schema version this build knows (SQLite `user_version`). */
export const STORE_VERSION = MIGRATIONS.length;

/** How long opening the store waits for another process that has it locked (creating, migrating, taking the lock). */
const DEFAULT_BUSY_TIMEOUT_MS = 10_000;

/**
 * Opens the store, creating the file and its folder on first use, and brings its schema up to
 * date. Throws StoreError (exit 2) for a file that is not a store, is corrupt, was written by a
 * newer iex-sync, or cannot be written; StoreBusyError (exit 75) when another process kept it
 * locked for longer than the busy timeout. Safe when several processes create or migrate the same
 * store at the same moment: one does it, the others wait and find it done.
 */
export function openStore(path: string, options: OpenStoreOptions = {}): Store {
  const fullPath = resolve(path);
  const readonly = options.readonly ?? false;
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  if (readonly && !existsSync(fullPath)) throw noStoreYet(fullPath);
  if (!readonly) prepareStoreFile(fullPath);
  let db: Database.Database;
  try {
    db = new Database(fullPath, { readonly, fileMustExist: readonly, timeout: busyTimeoutMs });
  } catch (error) {
    throw storeErrorFor(error, fullPath, busyTimeoutMs);
  }
  try {
    retryWhileBusy(busyTimeoutMs, () => {
      if (!readonly && db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      migrate(db, fullPath, readonly);
    });
  } catch (error) {
    db.close();
    throw storeErrorFor(error, fullPath, busyTimeoutMs);
  }
  const clock = options.clock ?? (() => new Date());
  return { path: fullPath, db, readonly, now: clock, close: () => db.close() };
}

/** Runs `work` in one SQLite transaction (BEGIN IMMEDIATE: it takes the write lock up front). */
export function inTransaction<T>(store: Store, work: () => T): T {
  return store.db.transaction(work).immediate();
}

/** The store's clock as ISO 8601 UTC with `Z`, the one time format the store writes. */
export function nowIso(store: Store): string {
  return store.now().toISOString();
}

function migrate(db: Database.Database, path: string, readonly: boolean): void {
  const version = userVersion(db, path);
  if (version === STORE_VERSION) return;
  if (readonly) {
    // An empty file: another process has only just created it, or someone made an empty one.
    if (version === 0) throw noStoreYet(path);
    throw new StoreError(`the store ${path} is from an older iex-sync: run any sync command once to upgrade it`, path);
  }
  // Creation and every migration in one exclusive transaction, the version read again inside it: a
  // second process doing the same at the same moment waits for the first, then finds nothing to do.
  db.transaction(() => {
    for (let next = userVersion(db, path); next < STORE_VERSION; next += 1) db.exec(MIGRATIONS[next] as string);
    db.pragma(`user_version = ${STORE_VERSION}`);
  }).exclusive();
}

/** The store's schema version; StoreError for one written by a newer iex-sync. */
function userVersion(db: Database.Database, path: string): number {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > STORE_VERSION) {
    throw new StoreError(
      `the store ${path} was written by a newer iex-sync (store version ${version}, this one knows ${STORE_VERSION}): upgrade iex-sync`,
      path,
    );
  }
  return version;
}

function noStoreYet(path: string): StoreError {
  return new StoreError(`there is no store at ${path} yet: run a sync first, or check "store" in the config`, path);
}

/**
 * Runs `work` again while SQLite answers "busy", for up to `timeoutMs`. SQLite's own busy timeout
 * does not cover every case: "If SQLite determines that invoking the busy handler could result in
 * a deadlock, it will go ahead and return SQLITE_BUSY to the application instead" (SQLite docs,
 * sqlite3_busy_handler), as when two processes switch a new store to WAL at the same moment.
 */
function retryWhileBusy(timeoutMs: number, work: () => void): void {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      work();
      return;
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
      sleepSync(10 + Math.random() * 40); // Jitter, so the waiting processes do not retry in step.
    }
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The error (StoreError, exit 2; StoreBusyError, exit 75) saying what went wrong with the store at `path` and what to do. */
function storeErrorFor(error: unknown, path: string, busyTimeoutMs: number): StoreError | StoreBusyError {
  if (error instanceof StoreError) return error;
  if (isBusy(error)) return new StoreBusyError(path, busyTimeoutMs, { cause: error });
  const code = error instanceof Database.SqliteError ? error.code : '';
  const message = error instanceof Error ? error.message : String(error);
  if (/^SQLITE_(NOTADB|CORRUPT)/.test(code)) {
    return new StoreError(
      `the store ${path} is not a readable iex-sync store (${message}): move it away (keep it for support) or point "store" in the config at another file. ` +
        'A new store is safe: the next run reads the shop again from orders.startFrom, looks every order up by its reference in Rackbeat and e-conomic ' +
        'and adopts what is already there, so nothing is created twice',
      path,
      { cause: error },
    );
  }
  if (/^SQLITE_(READONLY|CANTOPEN|PERM|AUTH)/.test(code)) {
    return new StoreError(
      `cannot use the store ${path} (${message}): this user must be able to read and write it and its folder (chown or chmod), or point "store" in the config at a folder it can write to`,
      path,
      { cause: error },
    );
  }
  return new StoreError(`cannot open the store ${path}: ${message}`, path, { cause: error });
}
