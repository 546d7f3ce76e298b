import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { StoreError } from './errors.js';
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

/**
 * Opens the store, creating the file and its folder on first use, and brings its schema up to
 * date. Throws StoreError (exit 2) for a file that is not a store, is corrupt, or was written by a
 * newer iex-sync.
 */
export function openStore(path: string, options: OpenStoreOptions = {}): Store {
  const fullPath = resolve(path);
  const readonly = options.readonly ?? false;
  if (readonly && !existsSync(fullPath)) {
    throw new StoreError(`there is no store at ${fullPath} yet: run a sync first, or check "store" in the config`, fullPath);
  }
  if (!readonly) prepareStoreFile(fullPath);
  let db: Database.Database;
  try {
    db = new Database(fullPath, { readonly, fileMustExist: readonly, timeout: options.busyTimeoutMs ?? 10_000 });
  } catch (error) {
    throw storeErrorFor(error, fullPath);
  }
  try {
    if (!readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    migrate(db, fullPath, readonly);
  } catch (error) {
    db.close();
    throw storeErrorFor(error, fullPath);
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
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > STORE_VERSION) {
    throw new StoreError(
      `the store ${path} was written by a newer iex-sync (store version ${version}, this one knows ${STORE_VERSION}): upgrade iex-sync`,
      path,
    );
  }
  if (version === STORE_VERSION) return;
  if (readonly) {
    throw new StoreError(`the store ${path} is from an older iex-sync: run any sync command once to upgrade it`, path);
  }
  for (let next = version; next < STORE_VERSION; next += 1) {
    const apply = db.transaction(() => {
      // Another process may have migrated while this one waited for the write lock.
      if ((db.pragma('user_version', { simple: true }) as number) !== next) return;
      db.exec(MIGRATIONS[next] as string);
      db.pragma(`user_version = ${next + 1}`);
    });
    apply.immediate();
  }
}

/** A StoreError (exit 2) saying what went wrong with the store at `path` and what to do about it. */
function storeErrorFor(error: unknown, path: string): StoreError {
  if (error instanceof StoreError) return error;
  const code = error instanceof Database.SqliteError ? error.code : '';
  const message = error instanceof Error ? error.message : String(error);
  if (/^SQLITE_(NOTADB|CORRUPT)/.test(code)) {
    return new StoreError(
      `the store ${path} is not a readable iex-sync store (${message}): move it away or point "store" in the config at another file`,
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
