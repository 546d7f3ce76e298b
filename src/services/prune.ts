import { statSync } from 'node:fs';
import { openStore } from '../store/database.js';
import { acquireRunLock } from '../store/lock.js';
import { compactStore, countPrunable, pruneLog, type PruneCounts } from '../store/prune.js';

export interface PruneOptions {
  storePath: string;
  /** Log rows older than this go (`--older-than 180d`). */
  olderThanMs: number;
  /** Payloads older than this are emptied (`--payloads-older-than 30d`); default: the rows' age. */
  payloadsOlderThanMs?: number | undefined;
  dryRun?: boolean | undefined;
  /** The store's clock (tests). */
  clock?: (() => Date) | undefined;
}

export interface PruneReport extends PruneCounts {
  dryRun: boolean;
  /** The store file (with its WAL) before and after, in bytes; after is undefined on a dry run. */
  fileBytesBefore: number;
  fileBytesAfter: number | undefined;
}

/**
 * `iex-sync prune`: deletes old log rows and payloads (never links, checkpoints or open
 * failures), then compacts the file. Under the run lock (exit 75 while a run holds it), so no run
 * writes meanwhile. A dry run only counts, and takes no lock.
 */
export function pruneStore(options: PruneOptions): PruneReport {
  const store = openStore(options.storePath, options.clock ? { clock: options.clock } : {});
  try {
    const now = store.now().getTime();
    const cutoffs = {
      rowsBefore: new Date(now - options.olderThanMs),
      payloadsBefore: new Date(now - (options.payloadsOlderThanMs ?? options.olderThanMs)),
    };
    const fileBytesBefore = fileBytes(store.path);
    if (options.dryRun) return { ...countPrunable(store, cutoffs), dryRun: true, fileBytesBefore, fileBytesAfter: undefined };
    const lock = acquireRunLock(store, { command: 'prune' });
    try {
      const counts = pruneLog(store, cutoffs);
      compactStore(store);
      return { ...counts, dryRun: false, fileBytesBefore, fileBytesAfter: fileBytes(store.path) };
    } finally {
      lock.release();
    }
  } finally {
    store.close();
  }
}

function fileBytes(path: string): number {
  const size = (file: string): number => {
    try {
      return statSync(file).size;
    } catch {
      return 0;
    }
  };
  return size(path) + size(`${path}-wal`);
}
