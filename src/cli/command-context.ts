import type { Command, OptionValues } from 'commander';
import type { LoadedConfig } from '../config/load.js';
import type { ConfigWith } from '../config/schema.js';
import type { SectionName } from '../config/sections/index.js';
import { combineExitCodes, exitCodeOf } from './exit-codes.js';
import { Output, type CliIo } from '../ui/output.js';
import type { Ui } from '../ui/ui.js';

/** The global options of every command (src/cli/main.ts). */
export interface GlobalOptions {
  config?: string;
  json?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  /** false with --no-color. */
  color: boolean;
}

/** What a command's handler gets: where to print, the global options, and its config on demand. */
export interface CommandContext {
  io: CliIo;
  globals: GlobalOptions;
  output: Output;
  /** What services print to. */
  ui: Ui;
  /** Loads the config with only the sections this command uses (history and status need none). */
  loadConfig<S extends SectionName>(sections: readonly S[], optional?: readonly SectionName[]): Promise<LoadedConfig<ConfigWith<S>>>;
}

/** One CLI invocation: its I/O and the exit code its commands settle on. */
export interface CliRuntime {
  io: CliIo;
  exitCode: number;
}

/**
 * Wraps a command handler for commander: builds its context, prints any error as one line (never
 * a stack trace, unless -v) and records the exit code. The handler returns its own exit code.
 */
export function commandAction<O extends OptionValues, A extends unknown[] = string[]>(
  runtime: CliRuntime,
  handler: (context: CommandContext, options: O, positionals: A) => Promise<number>,
): (...args: unknown[]) => Promise<void> {
  return async (...args) => {
    const command = args.at(-1) as Command;
    const globals = command.optsWithGlobals<GlobalOptions>();
    const output = new Output(runtime.io, { quiet: globals.quiet ?? false, verbose: globals.verbose ?? false, color: globals.color });
    const context: CommandContext = {
      io: runtime.io,
      globals,
      output,
      ui: { io: runtime.io, output, quiet: globals.quiet ?? false, json: globals.json ?? false },
      async loadConfig(sections, optional) {
        const { loadConfig } = await import('../config/load.js');
        const loaded = await loadConfig({ path: globals.config, cwd: runtime.io.cwd, env: runtime.io.env, sections, optional });
        output.verbose(`config: ${loaded.file ?? 'none found, using defaults'}`);
        return loaded;
      },
    };
    let code: number;
    try {
      // processedArgs: the positionals after their argument parsers ran.
      code = await handler(context, command.opts<O>(), command.processedArgs as A);
    } catch (error) {
      code = exitCodeOf(error);
      reportError(output, error, globals.verbose ?? false);
      // A program reading --json gets an answer on every path, errors included.
      if (globals.json) output.json({ error: { message: errorText(error), hint: errorHintOf(error) ?? null, exitCode: code } });
    }
    runtime.exitCode = combineExitCodes(runtime.exitCode, code);
  };
}

function reportError(output: Output, error: unknown, verbose: boolean): void {
  for (const line of errorText(error).split('\n')) output.error(line);
  const hint = errorHintOf(error);
  if (hint !== undefined) output.info(`hint: ${hint}`);
  if (verbose && error instanceof Error && error.stack) output.verbose(error.stack);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function errorHintOf(error: unknown): string | undefined {
  const hint = (error as { hint?: unknown } | null)?.hint;
  return typeof hint === 'string' ? hint : undefined;
}
