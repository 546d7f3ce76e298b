import { InvalidArgumentError, type Command } from 'commander';
import type { MaxRuntime } from '../../services/run-stop.js';
import { argument, MAX_RUNTIME_HELP, parseMaxRuntime } from '../arguments.js';
import { commandAction, type CliRuntime } from '../command-context.js';

interface StockOptions {
  dryRun?: boolean;
  sku?: string[];
  maxRuntime?: MaxRuntime;
}

/** `--sku A --sku B` or `--sku A,B`. */
function collectSkus(text: string, previous: string[] = []): string[] {
  const skus = text.split(',').map((sku) => sku.trim()).filter(Boolean);
  if (skus.length === 0) throw new InvalidArgumentError('give a SKU (a Rackbeat product number), e.g. --sku CAP-001');
  return [...previous, ...skus];
}

export function registerStock(program: Command, runtime: CliRuntime): void {
  program
    .command('stock')
    .description("set the webshop's stock levels to Rackbeat's: every product each run, only the levels that changed are written")
    .option('--dry-run', 'read both systems and show the levels it would set (logged with status dry-run); write nothing')
    .option('--sku <sku>', 'only this SKU (repeat, or separate with commas), written whether it changed or not', collectSkus)
    .option('--max-runtime <duration>', MAX_RUNTIME_HELP, argument(parseMaxRuntime))
    .addHelpText(
      'after',
      `
Needs the webshop, rackbeat and stock sections (stock: {} takes every default). Rackbeat is the stock
master: the shop gets Rackbeat's available quantity (stock.quantity) less stock.buffer, never below 0.
A SKU the shop does not carry, or a shop item that does not track stock, is skipped with the reason once.

Examples:
  $ iex-sync stock --dry-run
  $ iex-sync stock -q                      # from cron, every 5 minutes
  $ iex-sync stock --sku CAP-001 --json`,
    )
    .action(
      commandAction<StockOptions>(runtime, async (context, options) => {
        const [{ runFlowCommand }, { stockFlow }] = await Promise.all([import('../../services/flow-command.js'), import('../../flows/stock/index.js')]);
        const { config } = await context.loadConfig([...stockFlow.roles, stockFlow.section]);
        return runFlowCommand(context.ui, stockFlow, config, {
          dryRun: options.dryRun,
          only: options.sku,
          onlyFlag: '--sku',
          maxRuntime: options.maxRuntime,
        });
      }),
    );
}
