/** The exit codes (README, "Exit codes"). When several apply, 75, then 2, then 3, then 1 wins. */
export const ExitCode = {
  ok: 0,
  /** Some records failed, are unresolved or need attention; they are in the log. */
  recordsFailed: 1,
  /** Usage or config error. */
  usage: 2,
  /** A system refused the credentials, could not be reached or answered what its API never sends. */
  systemRefused: 3,
  lockHeld: 75,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** When several apply, the first in this order wins. */
const PRECEDENCE: readonly number[] = [ExitCode.lockHeld, ExitCode.usage, ExitCode.systemRefused, ExitCode.recordsFailed];

/** The exit code that wins among several outcomes (75, then 2, then 3, then 1; 0 when all are 0): one command's several flows or checks. */
export function combineExitCodes(...codes: readonly number[]): number {
  return PRECEDENCE.find((code) => codes.includes(code)) ?? codes.find((code) => code !== 0) ?? ExitCode.ok;
}

/**
 * The one base of every error a person acts on, in every layer: what went wrong (the message),
 * the exit code it means, and how to fix it (the hint). The CLI prints message and hint, never a
 * stack trace, and exits with the code.
 */
export class SyncError extends Error {
  readonly exitCode: ExitCodeValue;
  readonly hint: string | undefined;

  constructor(message: string, options: { exitCode: ExitCodeValue; hint?: string | undefined; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = options.exitCode;
    this.hint = options.hint;
  }
}

/** A command line that cannot work as given (conflicting options, an order that does not exist). Exit 2. */
export class UsageError extends SyncError {
  constructor(message: string, hint?: string) {
    super(message, { exitCode: ExitCode.usage, hint });
  }
}

/** The exit code an error means: its own, or 1 for anything unforeseen. */
export function exitCodeOf(error: unknown): number {
  return error instanceof SyncError ? error.exitCode : ExitCode.recordsFailed;
}
