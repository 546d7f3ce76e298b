import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { StoreError } from './errors.js';
import { MIGRATIONS } from './migrations.js';

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
  let db: Database.Database;
  try {
    if (!readonly) mkdirSync(dirname(fullPath), { recursive: true });
    db = new Database(fullPath, { readonly, fileMustExist: readonly, timeout: options.busyTimeoutMs ?? 10_000 });
  } catch (error) {
    throw new StoreError(`cannot open the store ${fullPath}: ${describe(error)}`, fullPath, { cause: error });
  }
  try {
    if (!readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    migrate(db, fullPath, readonly);
  } catch (error) {
    db.close();
    if (error instanceof StoreError) throw error;
    throw new StoreError(
      `the store ${fullPath} is not a readable iex-sync store (${describe(error)}): move it away (keep it for support) or point "store" in the config at another file. ` +
        'A new store is safe: the next run reads the shop again from orders.startFrom, looks every order up by its reference in Rackbeat and e-conomic ' +
        'and adopts what is already there, so nothing is created twice',
      fullPath,
      { cause: error },
    );
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

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
