import type { Command } from 'commander';
import { parseTimeBound } from '../services/history-filters.js';
import type { MaxRuntime } from '../services/run-stop.js';
import { argument, MAX_RUNTIME_HELP, parseMaxRuntime } from './arguments.js';

/** What every flow command takes besides its own selection (`--order`, `--sku`). */
export interface FlowRunOptions {
  dryRun?: boolean;
  since?: Date;
  maxRuntime?: MaxRuntime;
}

/**
 * Adds `--dry-run`, `--since` and `--max-runtime` to a flow command, with the selection option
 * (`--order <number>`) between them as its help lists it. `startFrom` names the flow's cut-over key.
 */
export function withFlowRunOptions(command: Command, startFrom: string, selection: { flags: string; description: string }): Command {
  return command
    .option('--dry-run', 'plan both legs and log the exact payloads (status dry-run); write nothing anywhere, move no checkpoint')
    .option(
      '--since <time>',
      `backfill once from this time: ISO 8601 or an age (7d, 12h) as in history (never before ${startFrom}; checkpoints never move back)`,
      argument((text) => new Date(parseTimeBound(text, new Date()))),
    )
    .option(selection.flags, selection.description)
    .option(
      '--max-runtime <duration>',
      MAX_RUNTIME_HELP,
      argument(parseMaxRuntime),
    );
}
