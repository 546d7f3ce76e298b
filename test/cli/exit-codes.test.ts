import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { SyncHttpError } from '../../src/connectors/http/errors.js';
import { combineExitCodes, exitCodeOf, ExitCode, UsageError } from '../../src/cli/exit-codes.js';
import { LockHeldError, StoreError } from '../../src/store/errors.js';

const httpError = (kind: SyncHttpError['kind'], method = 'GET') =>
  new SyncHttpError({ system: 'rackbeat', kind, method, path: '/orders', retryable: false });

describe('exit codes', () => {
  it('the first in the order 75, 2, 3, 1 wins', () => {
    expect(combineExitCodes(0, 0)).toBe(0);
    expect(combineExitCodes(1, 3)).toBe(3);
    expect(combineExitCodes(3, 2, 1)).toBe(2);
    expect(combineExitCodes(1, 2, 75, 3)).toBe(75);
  });

  it('maps the errors that end a command', () => {
    expect(exitCodeOf(new ConfigError(['x']))).toBe(ExitCode.usage);
    expect(exitCodeOf(new UsageError('x'))).toBe(ExitCode.usage);
    expect(exitCodeOf(new StoreError('corrupt', '/s.db'))).toBe(ExitCode.usage);
    expect(exitCodeOf(new LockHeldError({ host: 'h', pid: 1, startedAt: 't' }, '/s.db'))).toBe(ExitCode.lockHeld);
    expect(exitCodeOf(httpError('auth'))).toBe(ExitCode.systemRefused);
    expect(exitCodeOf(httpError('unreachable', 'POST'))).toBe(ExitCode.systemRefused);
    expect(exitCodeOf(httpError('forbidden'))).toBe(ExitCode.systemRefused);
    // An HTTP error that ends a command came before or outside any record: never 1 ("see the log").
    expect(exitCodeOf(httpError('forbidden', 'POST'))).toBe(ExitCode.systemRefused);
    expect(exitCodeOf(httpError('validation', 'POST'))).toBe(ExitCode.systemRefused);
    expect(exitCodeOf(httpError('protocol'))).toBe(ExitCode.systemRefused);
    expect(exitCodeOf(httpError('not-found'))).toBe(ExitCode.usage);
  });
});
