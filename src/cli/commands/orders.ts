import type { Command } from 'commander';
import { commandAction, type CliRuntime } from '../command-context.js';
import { withFlowRunOptions, type FlowRunOptions } from '../flow-options.js';

interface OrdersOptions extends FlowRunOptions {
  order?: string;
}

export function registerOrders(program: Command, runtime: CliRuntime): void {
  withFlowRunOptions(
    program
      .command('orders')
      .description(
        'transfer orders: paid webshop orders → Rackbeat (booked), then booked Rackbeat orders → e-conomic (order draft or draft invoice), and with orders.fulfilment shipped ones marked fulfilled in the webshop, each exactly once',
      ),
    'orders.startFrom',
    { flags: '--order <number>', description: 'run one webshop order through every leg, adopting what already exists' },
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
