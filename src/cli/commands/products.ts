import type { Command } from 'commander';
import { commandAction, type CliRuntime } from '../command-context.js';
import { withFlowRunOptions, type FlowRunOptions } from '../flow-options.js';

interface ProductsOptions extends FlowRunOptions {
  sku?: string;
}

export function registerProducts(program: Command, runtime: CliRuntime): void {
  withFlowRunOptions(
    program
      .command('products')
      .description(
        'transfer products: webshop products and variants → Rackbeat products numbered by their SKU, then Rackbeat products → e-conomic products; existing ones are adopted, never made twice',
      ),
    'products.startFrom',
    { flags: '--sku <sku>', description: 'run one product (by its SKU) through both legs, adopting what already exists' },
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
