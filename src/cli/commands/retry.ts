import type { Command } from 'commander';
import { commandAction, type CliRuntime } from '../command-context.js';
import { UsageError } from '../exit-codes.js';

interface RetryOptions {
  record?: string;
  failed?: boolean;
  flow?: string;
}

export function registerRetry(program: Command, runtime: CliRuntime): void {
  program
    .command('retry')
    .description('try failed and given-up records now, whatever their backoff, through the same protocol (a look-up before any create)')
    .option('--record <number>', 'one record by the number people know (a webshop order 1042) or its id, and what later legs made from it')
    .option('--failed', 'every failed and given-up record')
    .option('--flow <flow>', 'only the failures of this flow (alone: all of them)')
    .addHelpText(
      'after',
      `
Makes the chosen failures due now, then runs their flows as \`iex-sync run --only\` would (under the
lock, with notifications), so whatever else is new is transferred too. Nothing is created twice:
each step looks its document up by its reference before it creates one.

Examples:
  $ iex-sync retry --record 1042
  $ iex-sync retry --failed
  $ iex-sync retry --flow orders`,
    )
    .action(
      commandAction<RetryOptions>(runtime, async ({ globals, io, ui }, options) => {
        if (options.record === undefined && !options.failed && options.flow === undefined) {
          throw new UsageError('say what to retry: --record <number>, --failed or --flow <flow>', 'iex-sync status lists what is open');
        }
        const [{ loadWholeConfig }, { runAllCommand }] = await Promise.all([import('../../config/load.js'), import('../../services/run-all-command.js')]);
        const { config } = await loadWholeConfig({ path: globals.config, cwd: io.cwd, env: io.env });
        const sources = options.record === undefined ? undefined : [options.record.replace(/^#/, '')];
        return runAllCommand(ui, config, {
          name: 'retry',
          only: options.flow === undefined ? undefined : [options.flow],
          retry: { flow: options.flow, sources },
        });
      }),
    );
}
