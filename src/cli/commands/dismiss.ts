import type { Command } from 'commander';
import { commandAction, type CliRuntime } from '../command-context.js';
import { ExitCode, UsageError } from '../exit-codes.js';

interface DismissOptions {
  all?: boolean;
  flow?: string;
}

export function registerDismiss(program: Command, runtime: CliRuntime): void {
  program
    .command('dismiss')
    .description('settle failures and changes by hand: they stop failing every run until the record changes again (needs only `store`)')
    .argument('[numbers...]', 'source records by the number people know (webshop order 1042 or #1042, Rackbeat order 5007)')
    .option('--all', 'every open failure and change (see iex-sync status)')
    .option('--flow <flow>', 'only this flow (orders)')
    .addHelpText(
      'after',
      `
A failed, unknown or given-up record keeps every run's exit code at 1, and so does an order that
changed after it was transferred (needs attention), until it goes through or a person dismisses
it here. Dismiss only what you have fixed by hand: an unknown create may exist in the target.

Examples:
  $ iex-sync status
  $ iex-sync dismiss 1042
  $ iex-sync dismiss --all --flow orders`,
    )
    .action(
      commandAction<DismissOptions, [string[]]>(runtime, async ({ globals, output, loadConfig }, options, [numbers]) => {
        if (numbers.length === 0 && !options.all) throw new UsageError('name the records to dismiss (e.g. iex-sync dismiss 1042), or give --all');
        if (numbers.length > 0 && options.all) throw new UsageError('give either record numbers or --all, not both');
        const { config } = await loadConfig([]);
        const { dismiss } = await import('../../services/dismiss.js');
        const sources = options.all ? undefined : numbers.map((number) => number.replace(/^#/, ''));
        const dismissed = dismiss({ storePath: config.store, sources, flow: options.flow });
        if (globals.json) {
          output.json(dismissed.map((link) => ({ flow: link.flow, leg: link.leg, step: link.step, source: link.sourceNumber ?? link.sourceId })));
        } else if (dismissed.length === 0) {
          output.info('nothing to dismiss: no open failure or change matches (see iex-sync status)');
        } else {
          for (const link of dismissed) output.info(`dismissed ${link.flow} / ${link.leg} ${link.sourceNumber ?? link.sourceId} (${link.step})`);
        }
        return ExitCode.ok;
      }),
    );
}
