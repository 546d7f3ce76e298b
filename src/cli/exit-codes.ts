import { isConfigError } from '../config/errors.js';
import { isSyncHttpError } from '../connectors/http/errors.js';

/** The exit codes of ../shared/design.md, "Output and exit codes". */
export const ExitCode = {
  ok: 0,
  /** Some records failed or are unresolved; they are in the log. */
  recordsFailed: 1,
  usage: 2,
  /** A system refused the credentials or could not be reached. */
  systemRefused: 3,
  lockHeld: 75,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** When several apply, the first in this order wins. */
const PRECEDENCE: readonly number[] = [ExitCode.lockHeld, ExitCode.usage, ExitCode.systemRefused, ExitCode.recordsFailed];

/** The exit code that wins among several outcomes (75, then 2, then 3, then 1; 0 when all are 0). */
export function combineExitCodes(...codes: readonly number[]): number {
  return PRECEDENCE.find((code) => codes.includes(code)) ?? codes.find((code) => code !== 0) ?? ExitCode.ok;
}

/** A command line that cannot work as given (conflicting options, an id that does not exist). Exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * The exit code for an error that ended a command. Errors of the store and the flows carry their
 * own `exitCode` (a lock held: 75; a bad store, an order that does not exist: 2), so this file loads
 * nothing of them.
 */
export function exitCodeFor(error: unknown): number {
  if (isConfigError(error) || error instanceof UsageError) return ExitCode.usage;
  // Systemic: 401, 403 on a read, unreachable, 5xx that outlived the retries (design, "Isolation").
  if (isSyncHttpError(error)) return error.systemic ? ExitCode.systemRefused : ExitCode.recordsFailed;
  const own = (error as { exitCode?: unknown } | null)?.exitCode;
  if (error instanceof Error && typeof own === 'number') return own;
  return ExitCode.recordsFailed;
}

/** The help text every command ends with. */
export const EXIT_CODES_HELP = `
Exit codes:
  0   all good
  1   some records failed or are unresolved (see \`iex-sync history --status failed\`)
  2   usage or config error
  3   a system refused the credentials or is unreachable
  75  another run holds the lock
  130 stopped by SIGINT (Ctrl-C), 143 by SIGTERM, after finishing the records in flight
  When several apply, the first in the order 75, 2, 3, 1 wins; a signal's code wins over all.`;
