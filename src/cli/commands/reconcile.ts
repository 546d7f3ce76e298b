import { Option, type Command } from 'commander';
import { RECONCILERS } from '../../flows/reconcile.js';
import { parseTimeBound } from '../../services/history-filters.js';
import { RECONCILE_FORMATS, type ReconcileFormat } from '../../ui/reconcile-formats.js';
import { argument } from '../arguments.js';
import { commandAction, type CliRuntime } from '../command-context.js';

interface ReconcileOptions {
  since?: Date;
  until?: Date;
  flow?: string[];
  format?: ReconcileFormat;
}

const FLOWS = Object.keys(RECONCILERS);

const time = argument((text) => new Date(parseTimeBound(text, new Date())));

function parseFlows(text: string, previous: string[] = []): string[] {
  const named = text.split(',').map((part) => part.trim()).filter(Boolean);
  const unknown = named.find((flow) => !FLOWS.includes(flow));
  if (unknown !== undefined) throw new Error(`"${unknown}" offers no comparison: use ${FLOWS.join(', ')}`);
  return [...previous, ...named];
}

export function registerReconcile(program: Command, runtime: CliRuntime): void {
  program
    .command('reconcile')
    .description('compare what the webshop, Rackbeat and e-conomic hold over a period and show what does not agree; writes nothing anywhere')
    .option('--since <time>', 'orders created from this time: ISO 8601 or an age (30d, 12h) as in orders --since (default 30d)', time)
    .option('--until <time>', 'orders created before this time (default now)', time)
    .option('--flow <flows>', `only these flows (${FLOWS.join(', ')}), comma-separated or repeated; default every flow the config has a section for`, argument(parseFlows))
    .addOption(new Option('--format <format>', 'table for people; json or csv for programs (--json is --format json)').choices(RECONCILE_FORMATS))
    .addHelpText(
      'after',
      `
Exits 0 when everything agrees, 1 when something does not, 2 for a usage or config error, 3 when a
system refuses the credentials or cannot be reached. Reads with the same rate limits as the flows.
The period bounds orders only: products (the whole catalogue, by SKU) and stock (every level the
shop shows now) are compared whole.

Examples:
  $ iex-sync reconcile --since 30d
  $ iex-sync reconcile --since 2026-11-01 --until 2026-12-01 --format csv > november.csv`,
    )
    .action(
      commandAction<ReconcileOptions>(runtime, async (context, options) => {
        const { runReconcileCommand } = await import('../../services/reconcile-command.js');
        const format = context.globals.json ? 'json' : (options.format ?? 'table');
        const now = new Date();
        const since = options.since ?? new Date(parseTimeBound('30d', now));
        return runReconcileCommand(context, { flows: options.flow, period: { since, until: options.until ?? now }, format });
      }),
    );
}
