import { ExitCode, SyncError } from '../domain/errors.js';

/** A store that cannot be used as it is (corrupt, newer, unreadable): exit 2, naming the file. */
export class StoreError extends SyncError {
  constructor(
    message: string,
    /** The store file the message is about. */
    readonly storePath: string,
    options?: { cause?: unknown; hint?: string },
  ) {
    super(message, { exitCode: ExitCode.usage, ...options });
  }
}

/** The store belongs to other systems than the ones configured (README, "Guarantees": a store belongs to one set of systems). Exit 2. */
export class IdentityMismatchError extends StoreError {}

/** Another run holds the run lock (protocol step 1). Exit 75. */
export class LockHeldError extends SyncError {
  constructor(
    readonly holder: { host: string; pid: number; startedAt: string },
    readonly storePath: string,
  ) {
    super(`another run (pid ${holder.pid} on ${holder.host}, started ${holder.startedAt}) holds the lock on ${storePath}`, {
      exitCode: ExitCode.lockHeld,
    });
  }
}

/**
 * Another process kept the store locked longer than we wait (creating or migrating it, or taking
 * the run lock): like a lock held, exit 75, and the next run simply tries again. Never a config error.
 */
export class StoreBusyError extends SyncError {
  constructor(
    readonly storePath: string,
    waitedMs: number,
    options?: { cause?: unknown },
  ) {
    super(`the store ${storePath} is busy: another iex-sync process kept it locked for over ${(waitedMs / 1000).toFixed(1)} s; try again in a moment`, {
      exitCode: ExitCode.lockHeld,
      cause: options?.cause,
    });
  }
}

/** SQLite's "database is locked" (SQLITE_BUSY and its variants) or "table is locked" (SQLITE_LOCKED). */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code);
}
