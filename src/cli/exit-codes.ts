export { combineExitCodes, ExitCode, exitCodeOf, UsageError, type ExitCodeValue } from '../domain/errors.js';

/** The help text every command ends with. */
export const EXIT_CODES_HELP = `
Exit codes:
  0   all good
  1   some records failed or are unresolved (see \`iex-sync history --status failed\`)
  2   usage or config error (also a URL in the config that points at no such API)
  3   a system refused the credentials, is unreachable or answered what its API never sends
  75  another run holds the lock
  130 stopped by SIGINT (Ctrl-C), 143 by SIGTERM, after finishing the records in flight
  When several apply, the first in the order 75, 2, 3, 1 wins; a signal's code wins over all.`;
