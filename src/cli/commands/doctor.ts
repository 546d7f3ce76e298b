import type { Command, OptionValues } from 'commander';
import { commandAction, type CliRuntime } from '../command-context.js';

export function registerDoctor(program: Command, runtime: CliRuntime): void {
  program
    .command('doctor')
    .description('check the setup: the config, each system and its credentials and clock, the store, and every number the config names')
    .addHelpText(
      'after',
      `
Reads only: writes to no system and not to the store. Each check is one line, ✓ or ✗ (⚠ to look
at), with how to fix it. Run it after editing the config; support asks for its output (--json).
Exits 0 only when every check holds: 2 for a setup problem, 3 when a system refused or did not answer.

Examples:
  $ iex-sync doctor
  $ iex-sync doctor --json > doctor.json`,
    )
    .action(
      commandAction<OptionValues>(runtime, async ({ globals, io, output }) => {
        const { runDoctor } = await import('../../services/doctor.js');
        const report = await runDoctor({ path: globals.config, cwd: io.cwd, env: io.env });
        if (globals.json) {
          output.json(report);
          return report.exitCode;
        }
        const { colors } = output;
        const mark = { ok: colors.green('✓'), failed: colors.red('✗'), warning: colors.yellow('⚠') };
        for (const check of report.checks) {
          output.data(`${mark[check.status]} ${check.name}: ${check.detail}`);
          if (check.fix && check.status !== 'ok') output.data(`  fix: ${check.fix}`);
        }
        const failures = report.checks.filter((check) => check.status === 'failed').length;
        output.info(failures === 0 ? colors.green('all checks hold') : colors.red(`${failures} check${failures === 1 ? '' : 's'} failed`));
        return report.exitCode;
      }),
    );
}
