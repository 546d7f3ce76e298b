import { ExitCode, SyncError } from '../../domain/errors.js';

/**
 * A number the config names does not exist in the target system (a journal, a contra account, a
 * layout): every record would fail the same way, so the step stops the run at once with the key to
 * fix (exit 2), instead of failing each record.
 */
export class SettingError extends SyncError {
  readonly systemic = true;

  constructor(message: string, hint: string) {
    super(message, { exitCode: ExitCode.usage, hint });
  }
}
