import { ExitCode, SyncError } from '../domain/errors.js';

/**
 * A config problem a person can fix: every line says what is wrong and, where we know, how to fix
 * it. Commands exit 2 on it (README, "Exit codes").
 */
export class ConfigError extends SyncError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.join('\n'), { exitCode: ExitCode.usage });
    this.problems = problems;
  }
}
