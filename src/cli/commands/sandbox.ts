import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { argument } from '../arguments.js';
import { commandAction, type CliRuntime } from '../command-context.js';
import { ExitCode, UsageError } from '../exit-codes.js';

interface SandboxCommandOptions {
  seed: number;
  latency: number;
  port?: number;
  webshop: 'woocommerce' | 'shopify';
  out: string;
}

function wholeNumber(max: number): (text: string) => number {
  return argument((text) => {
    const value = Number(text);
    if (!/^\d+$/.test(text) || value > max) throw new Error(`"${text}" is not a whole number from 0 to ${max}`);
    return value;
  });
}

export function registerSandbox(program: Command, runtime: CliRuntime): void {
  program
    .command('sandbox')
    .description('run local simulators of the webshop, Rackbeat and e-conomic, and write a config pointing at them')
    .option('--seed <n>', 'seed of the simulated data', wholeNumber(2 ** 32 - 1), 1)
    .option('--latency <ms>', 'latency added to every simulated call', wholeNumber(60_000), 0)
    .option('--port <first port>', 'simulators listen on consecutive ports from this one (default: free ports)', wholeNumber(65_535))
    .addOption(new Option('--webshop <platform>', 'which webshop to simulate').choices(['woocommerce', 'shopify']).default('woocommerce'))
    .option('--out <config path>', 'where to write the sandbox config (its store iex-sync.sandbox.db goes beside it)', 'iex-sync.sandbox.yaml')
    .addHelpText(
      'after',
      `
Runs until Ctrl-C (or SIGTERM), then stops every simulator.

Examples:
  $ iex-sync sandbox --webshop shopify --seed 7
  $ iex-sync --config iex-sync.sandbox.yaml orders     # in another terminal`,
    )
    .action(
      commandAction<SandboxCommandOptions>(runtime, async ({ io, output }, options) => {
        const { startSandbox, writeSandboxConfig, SandboxConfigExistsError } = await import('../../sandbox/sandbox.js');
        const configPath = resolve(io.cwd, options.out);
        const sandbox = await startSandbox({
          seed: options.seed,
          latencyMs: options.latency,
          webshop: options.webshop,
          ...(options.port === undefined ? {} : { firstPort: options.port }),
        });
        try {
          writeSandboxConfig(configPath, sandbox.config);
        } catch (error) {
          await sandbox.stop();
          if (error instanceof SandboxConfigExistsError) throw new UsageError(`${error.message}. ${error.hint}`);
          throw error;
        }
        for (const simulator of sandbox.simulators) output.data(`${simulator.system} ${simulator.url}`);
        output.data(`config: ${configPath}`);
        output.data(`notices: ${sandbox.webhook.url.replace(/\/hooks\/.*$/, '/received')} (what its webhook got)`);
        output.data(`smtp ${sandbox.mail.host}:${sandbox.mail.port} (keeps the invoice mails)`);
        const rackbeat = sandbox.config.rackbeat as { url: string; apiKey: string };
        output.info(`ship a Rackbeat order by hand (then run orders to invoice it): curl -X POST -H 'Authorization: Bearer ${rackbeat.apiKey}' ${rackbeat.url}/sandbox/orders/<number>/ship`);
        output.info('simulators running; Ctrl-C to stop');
        await untilStopped();
        await sandbox.stop();
        output.info('simulators stopped');
        return ExitCode.ok;
      }),
    );
}

/** Resolves on the first Ctrl-C or SIGTERM. */
function untilStopped(): Promise<void> {
  return new Promise((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
