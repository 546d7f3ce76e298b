import type { Command } from 'commander';
import { parseTimeBound } from '../../services/history-filters.js';
import type { MaxRuntime } from '../../services/run-stop.js';
import { argument } from '../arguments.js';
import { commandAction, type CliRuntime } from '../command-context.js';
import { parseMaxRuntime } from './orders.js';

interface ProductsOptions {
  dryRun?: boolean;
  since?: Date;
  sku?: string;
  maxRuntime?: MaxRuntime;
}

export function registerProducts(program: Command, runtime: CliRuntime): void {
  program
    .command('products')
    .description(
      'transfer products: webshop products and variants → Rackbeat products numbered by their SKU, then Rackbeat products → e-conomic products; existing ones are adopted, never made twice',
    )
    .option('--dry-run', 'plan both legs and log the exact payloads (status dry-run); write nothing anywhere, move no checkpoint')
    .option('--since <time>', 'backfill once from this time: ISO 8601 or an age (7d, 12h) as in history (checkpoints never move back)', argument((text) => new Date(parseTimeBound(text, new Date()))))
    .option('--sku <sku>', 'run one product (by its SKU) through both legs, adopting what already exists')
    .option(
      '--max-runtime <duration>',
      'stop cleanly after this long (45s, 30m, 2h; default 30m): records in flight finish, the next run goes on; exits 0 unless records failed',
      argument(parseMaxRuntime),
    )
    .addHelpText(
      'after',
      `
Needs the webshop, rackbeat, economic and products sections. products.update lists the fields kept in
step after creation (default name, salesPrice); the others are written once and then left to whoever
edits them in Rackbeat or e-conomic. If Rackbeat's own e-conomic app also sends products, both find
the same product by its number: nothing is made twice.

Examples:
  $ iex-sync products --dry-run
  $ iex-sync products -q                   # from cron
  $ iex-sync products --sku TEE-RED-M
  $ iex-sync products --since 7d --json`,
    )
    .action(
      commandAction<ProductsOptions>(runtime, async (context, options) => {
        const [{ runFlowCommand }, { productsFlow }] = await Promise.all([import('../../services/flow-command.js'), import('../../flows/products/index.js')]);
        const { config } = await context.loadConfig([...productsFlow.roles, productsFlow.section]);
        return runFlowCommand(context.ui, productsFlow, config, {
          dryRun: options.dryRun,
          since: options.since,
          only: options.sku === undefined ? undefined : [options.sku.trim()],
          onlyFlag: '--sku',
          maxRuntime: options.maxRuntime,
        });
      }),
    );
}
