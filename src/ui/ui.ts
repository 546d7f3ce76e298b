import type { CliIo, Output } from './output.js';

/** What a service prints to, and how (the global options that shape output): never the command itself. */
export interface Ui {
  io: CliIo;
  output: Output;
  /** `-q`: only what is new (a failure, a recovery) and errors. */
  quiet: boolean;
  /** `--json`: data as JSON on stdout. */
  json: boolean;
}
