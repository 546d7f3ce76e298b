import type { Command, OptionValues } from 'commander';
import { commandAction, type CliRuntime } from '../command-context.js';
import { ExitCode } from '../exit-codes.js';

export function registerInit(program: Command, runtime: CliRuntime): void {
  program
    .command('init')
    .description('write a commented starter config (never overwrites an existing file)')
    .argument('[file]', 'where to write it (default: --config, else sync.config.yaml here)')
    .addHelpText('after', '\nExample:\n  $ iex-sync init && iex-sync config check')
    .action(
      commandAction<OptionValues, [string | undefined]>(runtime, async ({ globals, output, io }, _options, [file]) => {
        const { resolve } = await import('node:path');
        const { writeStarterConfig } = await import('../../services/init.js');
        const written = await writeStarterConfig(resolve(io.cwd, file ?? globals.config ?? 'sync.config.yaml'));
        output.info(`wrote ${written}: fill in your shop and systems, export the secrets it names, then run \`iex-sync config check\``);
        return ExitCode.ok;
      }),
    );
}
