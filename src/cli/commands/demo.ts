import { basename, isAbsolute, relative, sep } from 'node:path';
import { Option, type Command } from 'commander';
import { argument } from '../arguments.js';
import { commandAction, type CliRuntime } from '../command-context.js';

interface DemoCommandOptions {
  seed: number;
  webshop: 'woocommerce' | 'shopify';
}

/** `iex-sync` when installed (a bin on the PATH or in node_modules), else how to start it from a clone. */
function invokedAs(cwd: string): string {
  const script = process.argv[1] ?? '';
  if (script.includes(`${sep}node_modules${sep}`) || basename(script) === 'iex-sync') return 'iex-sync';
  const path = relative(cwd, script);
  return `node ${path.startsWith('..') || isAbsolute(path) ? script : path}`;
}

function parseSeed(text: string): number {
  if (!/^\d+$/.test(text)) throw new Error(`--seed takes a whole number, not ${text}`);
  return Number(text);
}

export function registerDemo(program: Command, runtime: CliRuntime): void {
  program
    .command('demo')
    .description('run every flow against the built-in simulators (own config and store in a temporary folder), ship a few orders and run again, then show the invoices, the notices and the transfer log')
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
        return runDemo(context.ui, { seed: options.seed, webshop: options.webshop, invokedAs: invokedAs(context.io.cwd) });
      }),
    );
}
