/**
 * Errors the store raises for a person to act on. The CLI prints the message (never a stack
 * trace) and exits with `exitCode` (design, "Output and exit codes").
 */
export class StoreError extends Error {
  readonly exitCode: number = 2;

  constructor(
    message: string,
    /** The store file the message is about. */
    readonly storePath: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/** The store belongs to other systems than the ones configured (design, "Identity"). Exit 2. */
export class IdentityMismatchError extends StoreError {
  constructor(message: string, storePath: string) {
    super(message, storePath);
    this.name = 'IdentityMismatchError';
  }
}

/** Another run holds the run lock (design, protocol step 1). Exit 75. */
export class LockHeldError extends Error {
  readonly exitCode = 75;

  constructor(
    readonly holder: { host: string; pid: number; startedAt: string },
    readonly storePath: string,
  ) {
    super(`another run (pid ${holder.pid} on ${holder.host}, started ${holder.startedAt}) holds the lock on ${storePath}`);
    this.name = 'LockHeldError';
  }
}
