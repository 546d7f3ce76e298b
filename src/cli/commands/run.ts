import type { Command } from 'commander';
import type { MaxRuntime } from '../../services/run-stop.js';
import { argument, parseMaxRuntime } from '../arguments.js';
import { commandAction, type CliRuntime } from '../command-context.js';

interface RunOptions {
  only?: string[];
  dryRun?: boolean;
  maxRuntime?: MaxRuntime;
}

/** `--only orders,stock` → ['orders', 'stock']. */
export function parseFlowList(text: string): string[] {
  const names = text.split(',').map((name) => name.trim()).filter(Boolean);
  if (names.length === 0) throw new Error('name at least one flow, e.g. --only orders');
  return names;
}

export function registerRun(program: Command, runtime: CliRuntime): void {
  program
    .command('run')
    .description('run every enabled flow in order (products → orders → stock) under one lock, then send the notifications: what cron runs')
    .option('--only <flows>', 'run just these flows, comma-separated (e.g. orders,stock); each needs its section', argument(parseFlowList))
    .option('--dry-run', 'plan every flow and log the exact payloads (status dry-run); write nothing anywhere, move no checkpoint, notify nobody')
    .option(
      '--max-runtime <duration>',
      'stop cleanly after this long (45s, 30m, 2h; default 30m): records in flight finish, flows not started wait for the next run',
      argument(parseMaxRuntime),
    )
    .addHelpText(
      'after',
      `
Runs each flow whose section is in the config, unless it says enabled: false (paused: skipped with
one line). A flow that cannot start (credentials refused, a system down) does not stop the others.
Notifications (the notify section) go out after the flows: new problems, recoveries, the daily report.

Examples:
  $ iex-sync run -q                        # from cron: prints only what is new
  $ iex-sync run --only orders --dry-run
  $ iex-sync run --json`,
    )
    .action(
      commandAction<RunOptions>(runtime, async ({ globals, io, ui, output }, options) => {
        const [{ loadWholeConfig }, { runAllCommand }] = await Promise.all([import('../../config/load.js'), import('../../services/run-all-command.js')]);
        const { config, file } = await loadWholeConfig({ path: globals.config, cwd: io.cwd, env: io.env });
        output.verbose(`config: ${file ?? 'none'}`);
        return runAllCommand(ui, config, { only: options.only, dryRun: options.dryRun, maxRuntime: options.maxRuntime });
      }),
    );
}
