import type { Command } from 'commander';
import { durationMs } from '../../domain/duration.js';
import { argument } from '../arguments.js';
import { commandAction, type CliRuntime } from '../command-context.js';
import { ExitCode } from '../exit-codes.js';

interface PruneCommandOptions {
  olderThan: number;
  payloadsOlderThan?: number;
  dryRun?: boolean;
}

const DAY_MS = 86_400_000;

/** An age of at least a day (`180d`, `26w`): prune never touches what the last day wrote. */
function parseAge(text: string): number {
  const ms = durationMs(text);
  if (ms === undefined) throw new Error(`"${text}" is not an age: use e.g. 180d or 26w`);
  if (ms < DAY_MS) throw new Error(`"${text}" is less than a day: prune keeps at least the last day (use e.g. 30d)`);
  return ms;
}

const megabytes = (bytes: number): string => `${(bytes / 1_048_576).toFixed(1)} MB`;

export function registerPrune(program: Command, runtime: CliRuntime): void {
  program
    .command('prune')
    .description('delete old transfer-log rows and payloads (never links, checkpoints or open failures), then compact the store (needs only `store`)')
    .requiredOption('--older-than <age>', 'delete log rows older than this (e.g. 180d, 26w)', argument(parseAge))
    .option('--payloads-older-than <age>', 'also empty the payloads (personal data) of rows older than this, kept rows included (e.g. 30d)', argument(parseAge))
    .option('--dry-run', 'say what would go and how much it would free; change nothing')
    .addHelpText(
      'after',
      `
Kept always: links (what became of each record: nothing is transferred twice after a prune),
checkpoints, every row of a record still failed, unknown, given up or needing attention, and the
row each document was last sent with. Takes the run lock (exit 75 while a run holds it).

Examples:
  $ iex-sync prune --older-than 180d --dry-run
  $ iex-sync prune --older-than 180d --payloads-older-than 30d    # e.g. weekly from cron`,
    )
    .action(
      commandAction<PruneCommandOptions>(runtime, async ({ globals, output, loadConfig }, options) => {
        const { config } = await loadConfig([]);
        const { pruneStore } = await import('../../services/prune.js');
        const report = pruneStore({ storePath: config.store, olderThanMs: options.olderThan, payloadsOlderThanMs: options.payloadsOlderThan, dryRun: options.dryRun });
        if (globals.json) {
          output.json(report);
          return ExitCode.ok;
        }
        const what = `${report.rows} log rows and ${report.runs} runs, and empty ${report.payloads} payloads`;
        if (report.dryRun) output.data(`would delete ${what}: about ${megabytes(report.bytes)} of ${megabytes(report.fileBytesBefore)}`);
        else output.data(`deleted ${what}; the store went from ${megabytes(report.fileBytesBefore)} to ${megabytes(report.fileBytesAfter ?? 0)}`);
        return ExitCode.ok;
      }),
    );
}
