import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { type CliRuntime } from './command-context.js';
import { registerCommands } from './commands/index.js';
import { EXIT_CODES_HELP, ExitCode } from './exit-codes.js';
import { type CliIo } from '../ui/output.js';

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/** Builds the program: global options, every command (src/cli/commands/index.ts), help texts. */
export function buildProgram(runtime: CliRuntime): Command {
  const program = new Command('iex-sync')
    .description('Keeps a webshop, Rackbeat and e-conomic in step, exactly once, with a transfer log.')
    .version(packageJson.version)
    .option('-c, --config <path>', 'config file (else $IEX_SYNC_CONFIG, else sync.config.yaml / .iex-syncrc* / package.json "iex-sync", searched from here)')
    .option('--json', 'machine-readable output on stdout')
    .option('-q, --quiet', 'print only errors (for cron)')
    .option('-v, --verbose', 'print more detail')
    .option('--no-color', 'no colour (also when NO_COLOR is set or output is not a terminal)')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => runtime.io.stdout.write(text),
      writeErr: (text) => runtime.io.stderr.write(text),
    })
    .addHelpText('after', '\nExamples:\n  $ iex-sync init\n  $ iex-sync config check\n  $ iex-sync history --status failed --since 1d')
    .addHelpText('afterAll', EXIT_CODES_HELP);
  registerCommands(program, runtime);
  return program;
}

/** Runs the CLI with `argv` (as process.argv) and returns the exit code; bin/iex-sync.js calls it. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const runtime: CliRuntime = { io, exitCode: ExitCode.ok };
  const program = buildProgram(runtime);
  try {
    await program.parseAsync([...argv], { from: 'node' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    // Help and --version end here too (exitCode 0); any other parse error is a usage error.
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  return runtime.exitCode;
}
