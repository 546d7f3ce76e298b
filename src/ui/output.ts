import { Chalk, type ChalkInstance } from 'chalk';

/** Where a command writes and what it knows of its surroundings; tests pass their own. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface OutputOptions {
  quiet: boolean;
  verbose: boolean;
  /** false for --no-color; colour also needs a TTY and no NO_COLOR in the environment. */
  color: boolean;
}

/**
 * The one way commands print (README, "Exit codes"): data to stdout, human text to
 * stderr. `-q` keeps only errors; `-v` adds detail; colour only on a TTY and without NO_COLOR.
 */
export class Output {
  readonly colors: ChalkInstance;

  constructor(
    private readonly io: CliIo,
    private readonly options: OutputOptions,
  ) {
    const noColor = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '';
    const useColor = options.color && !noColor && io.stderr.isTTY === true;
    this.colors = new Chalk({ level: useColor ? 1 : 0 });
  }

  /** Data for programs and pipes (tables, JSON, exports). */
  data(text: string): void {
    this.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** A value as pretty JSON on stdout. */
  json(value: unknown): void {
    this.data(JSON.stringify(value, null, 2));
  }

  /** A line for people; silent with -q. */
  info(text: string): void {
    if (!this.options.quiet) this.line(text);
  }

  /** Detail shown only with -v. */
  verbose(text: string): void {
    if (this.options.verbose && !this.options.quiet) this.line(this.colors.dim(text));
  }

  warn(text: string): void {
    if (!this.options.quiet) this.line(this.colors.yellow(`warning: ${text}`));
  }

  /** Errors always show, -q or not. */
  error(text: string): void {
    this.line(this.colors.red(`error: ${text}`));
  }

  private line(text: string): void {
    this.io.stderr.write(`${text}\n`);
  }
}

/** How wide a table may be: the terminal's width, or `$COLUMNS`; none when piped (nothing is cut then). */
export function terminalWidth(io: CliIo): number | undefined {
  if (io.stdout.isTTY === true && io.stdout.columns) return io.stdout.columns;
  const columns = Number(io.env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : undefined;
}
