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

/** The store belongs to other systems than the ones configured (design, "Identity"). Exit 2. */
export class IdentityMismatchError extends StoreError {}

/** Another run holds the run lock (design, protocol step 1). Exit 75. */
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
