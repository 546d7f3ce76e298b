import { isConfigError } from '../config/errors.js';
import { isSyncHttpError } from '../connectors/http/errors.js';

/** The exit codes of ../shared/design.md, "Output and exit codes". */
export const ExitCode = {
  ok: 0,
  /** Some records failed or are unresolved; they are in the log. */
  recordsFailed: 1,
  usage: 2,
  /** A system refused the credentials, could not be reached or answered what its API never sends. */
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
  // The engine keeps each record's HTTP errors in the log; one that ends a command came before or
  // outside any record (a /self call, a list call), so it is never 1 ("see the log"): a 404 means
  // a URL in the config points at no such API, anything else is the system refusing or misbehaving.
  if (isSyncHttpError(error)) return error.kind === 'not-found' ? ExitCode.usage : ExitCode.systemRefused;
  const own = (error as { exitCode?: unknown } | null)?.exitCode;
  if (error instanceof Error && typeof own === 'number') return own;
  return ExitCode.recordsFailed;
}

/** The help text every command ends with. */
export const EXIT_CODES_HELP = `
Exit codes:
  0   all good
  1   some records failed or are unresolved (see \`iex-sync history --status failed\`)
  2   usage or config error (also a URL in the config that points at no such API)
  3   a system refused the credentials, is unreachable or answered what its API never sends
  75  another run holds the lock
  When several apply, the first in the order 75, 2, 3, 1 wins.`;
