import type { Command } from 'commander';
import { commandAction, type CliRuntime } from '../command-context.js';
import { ExitCode } from '../exit-codes.js';

interface RebindOptions {
  yes?: boolean;
}

export function registerStore(program: Command, runtime: CliRuntime): void {
  const store = program.command('store').description('look after the store file: rebind it to the same systems at a new address');
  store
    .command('rebind')
    .description('bind the store to the systems the config points at now, when they are the same ones reached another way')
    .option('--yes', 'do it (without: only say what would change)')
    .addHelpText(
      'after',
      `
A store remembers which shop, Rackbeat account and e-conomic agreement it syncs, and refuses others
(exit 2), so sandbox data never meets real systems. When the same shop moved to a new address (or
is reached as localhost instead of 127.0.0.1), rebind moves its links and checkpoints along: nothing
is read or sent again. Never rebind to other systems: give those a store file of their own.

Examples:
  $ iex-sync store rebind
  $ iex-sync store rebind --yes`,
    )
    .action(
      commandAction<RebindOptions>(runtime, async ({ globals, output, loadConfig }, options) => {
        const { config } = await loadConfig(['webshop', 'rackbeat', 'economic']);
        const { rebindStore, describeChange } = await import('../../services/store-rebind.js');
        const changes = await rebindStore({ config, dryRun: !options.yes });
        if (globals.json) {
          output.json({ rebound: options.yes === true, changes });
          return ExitCode.ok;
        }
        if (changes.length === 0) {
          output.info('nothing to rebind: the store is bound to the systems the config points at');
          return ExitCode.ok;
        }
        for (const change of changes) {
          output.info(describeChange(change));
        }
        output.info(options.yes ? 'rebound: the next run goes on where the last one stopped' : 'nothing changed yet: run again with --yes to rebind');
        return ExitCode.ok;
      }),
    );
}
