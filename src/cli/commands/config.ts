import type { Command, OptionValues } from 'commander';
import { commandAction, type CliRuntime } from '../command-context.js';
import { ExitCode } from '../exit-codes.js';

export function registerConfig(program: Command, runtime: CliRuntime): void {
  const config = program
    .command('config')
    .description('work with the config file')
    .addHelpText('after', '\nExample:\n  $ iex-sync config check');
  config
    .command('check')
    .description('validate the config (every section it has) and print it resolved, with secrets masked')
    .addHelpText('after', '\nExample:\n  $ iex-sync config check -c /etc/iex-sync/sync.config.yaml')
    .action(
      commandAction<OptionValues>(runtime, async ({ globals, output, io }) => {
        const { checkConfig, configAsYaml } = await import('../../services/config-check.js');
        const checked = await checkConfig({ path: globals.config, cwd: io.cwd, env: io.env });
        if (globals.json) {
          output.json(checked.config);
        } else {
          output.data(configAsYaml(checked.config));
        }
        output.info(output.colors.green(`${checked.file} is valid`));
        return ExitCode.ok;
      }),
    );
}
