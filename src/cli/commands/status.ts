import type { Command, OptionValues } from 'commander';
import { commandAction, type CliRuntime } from '../command-context.js';
import { ExitCode } from '../exit-codes.js';

export function registerStatus(program: Command, runtime: CliRuntime): void {
  program
    .command('status')
    .description('per flow and leg: its checkpoint, the last run and the records still open (failed, unknown, pending, given up, needing attention), each explained (needs only `store`)')
    .addHelpText(
      'after',
      `
Exits 1 when a record is failed, unknown (outcome not yet resolved) or given up, so monitoring can alert on it.

Example:
  $ iex-sync status --json`,
    )
    .action(
      commandAction<OptionValues>(runtime, async ({ globals, output, loadConfig }) => {
        const { config, file } = await loadConfig([]);
        if (file === undefined) output.info(`no config found: reading the default store ${config.store} (give one with -c or $IEX_SYNC_CONFIG)`);
        const { readStatus, formatStatus, needsAttention } = await import('../../services/status.js');
        const report = readStatus(config.store);
        if (globals.json) output.json(report);
        else output.data(formatStatus(report));
        return needsAttention(report) ? ExitCode.recordsFailed : ExitCode.ok;
      }),
    );
}
