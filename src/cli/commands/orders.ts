import type { Command } from 'commander';
import { durationMs } from '../../domain/duration.js';
import { parseTimeBound } from '../../services/history-filters.js';
import type { MaxRuntime } from '../../services/run-stop.js';
import { argument } from '../arguments.js';
import { commandAction, type CliRuntime } from '../command-context.js';

interface OrdersOptions {
  dryRun?: boolean;
  since?: Date;
  order?: string;
  maxRuntime?: MaxRuntime;
}

function parseMaxRuntime(text: string): MaxRuntime {
  const ms = durationMs(text);
  if (!ms) throw new Error(`"${text}" is not a length of time: use e.g. 45s, 30m or 2h`);
  return { ms, text: text.trim() };
}

export function registerOrders(program: Command, runtime: CliRuntime): void {
  program
    .command('orders')
    .description(
      'transfer orders: paid webshop orders → Rackbeat (booked), then booked Rackbeat orders → e-conomic (order draft or draft invoice), each exactly once',
    )
    .option('--dry-run', 'plan both legs and log the exact payloads (status dry-run); write nothing anywhere, move no checkpoint')
    .option('--since <time>', 'backfill once from this time: ISO 8601 or an age (7d, 12h) as in history (never before orders.startFrom; checkpoints never move back)', argument((text) => new Date(parseTimeBound(text, new Date()))))
    .option('--order <number>', 'run one webshop order through both legs, adopting what already exists')
    .option(
      '--max-runtime <duration>',
      'stop cleanly after this long (45s, 30m, 2h; default 30m): records in flight finish, the next run goes on; exits 0 unless records failed',
      argument(parseMaxRuntime),
    )
    .addHelpText(
      'after',
      `
Needs the webshop, rackbeat, economic and orders sections (and smtp for orders.invoice.mail). Orders created before orders.startFrom are
never transferred. Turn off Rackbeat's own e-conomic invoice transfer (see README) so nothing is sent twice.
SIGTERM or Ctrl-C stops it the same way as --max-runtime, but exits 143 or 130; a second one stops it at once.

Examples:
  $ iex-sync orders --dry-run
  $ iex-sync orders -q                     # from cron: prints only what is new (a failure, a recovery)
  $ iex-sync orders --order 1042
  $ iex-sync orders --since 2026-11-01 --json`,
    )
    .action(
      commandAction<OrdersOptions>(runtime, async (context, options) => {
        const [{ runFlowCommand }, { ordersFlow }] = await Promise.all([import('../../services/flow-command.js'), import('../../flows/orders/index.js')]);
        // Only the sections the flow's systems and settings need: a missing one is named (exit 2); smtp when there (invoice mails).
        const { config } = await context.loadConfig([...ordersFlow.roles, ordersFlow.section], ['smtp']);
        const only = options.order === undefined ? undefined : [options.order.replace(/^#/, '')];
        return runFlowCommand(context.ui, ordersFlow, config, {
          dryRun: options.dryRun,
          since: options.since,
          only,
          onlyFlag: '--order',
          maxRuntime: options.maxRuntime,
        });
      }),
    );
}
