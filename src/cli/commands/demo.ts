import { Option, type Command } from 'commander';
import { argument } from '../arguments.js';
import { commandAction, type CliRuntime } from '../command-context.js';

interface DemoCommandOptions {
  seed: number;
  webshop: 'woocommerce' | 'shopify';
}

function parseSeed(text: string): number {
  if (!/^\d+$/.test(text)) throw new Error(`--seed takes a whole number, not ${text}`);
  return Number(text);
}

export function registerDemo(program: Command, runtime: CliRuntime): void {
  program
    .command('demo')
    .description('run the order flow against the built-in simulators (own config and store in a temporary folder) and show the transfer log')
    .option('--seed <n>', 'seed of the simulated shop data', argument(parseSeed), 1)
    .addOption(new Option('--webshop <platform>', 'which webshop to simulate').choices(['woocommerce', 'shopify']).default('woocommerce'))
    .addHelpText(
      'after',
      `
Touches no real system and no real store.

Examples:
  $ iex-sync demo
  $ iex-sync demo --webshop shopify --seed 7`,
    )
    .action(
      commandAction<DemoCommandOptions>(runtime, async (context, options) => {
        const { runDemo } = await import('../../services/demo.js');
        return runDemo(context.ui, { seed: options.seed, webshop: options.webshop });
      }),
    );
}
