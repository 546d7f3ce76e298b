import { resolve } from 'node:path';
import { Option, type Command, type OptionValues } from 'commander';
import { HISTORY_FORMATS, type HistoryFormat } from '../../services/history-format.js';
import { parseStatuses, parseTimeBound, parseWholeNumber, TRANSFER_STATUSES } from '../../services/history-filters.js';
import type { TransferStatus } from '../../store/transfers.js';
import { FLOW_NAMES } from '../../flows/names.js';
import { terminalWidth } from '../../ui/output.js';
import { argument } from '../arguments.js';
import { commandAction, type CliRuntime } from '../command-context.js';
import { ExitCode, UsageError } from '../exit-codes.js';

interface HistoryOptions {
  flow?: string;
  leg?: string;
  status?: TransferStatus[];
  since?: string;
  until?: string;
  source?: string;
  run?: number;
  limit?: number;
  format?: HistoryFormat;
  output?: string;
}

/** Rows a terminal table shows unless --limit says otherwise; exports get everything. */
const TABLE_LIMIT = 50;

export function registerHistory(program: Command, runtime: CliRuntime): void {
  const history = program
    .command('history')
    .description('show the transfer log, newest first; filter it and export it (needs only `store` in the config)')
    .addOption(new Option('--flow <flow>', 'only this flow').choices(FLOW_NAMES))
    .option('--leg <leg>', 'only this leg (e.g. webshop-rackbeat, rackbeat-economic)')
    .option('--status <list>', `only these statuses: ${TRANSFER_STATUSES.join(', ')} (comma-separated)`, argument(parseStatuses))
    .option('--since <time>', 'from this time: ISO 8601 (2024-05-01, 2024-05-01T10:00:00Z) or an age (30m, 2h, 7d, 1w)', argument((text) => parseTimeBound(text, new Date())))
    .option('--until <time>', 'before this time (same forms as --since)', argument((text) => parseTimeBound(text, new Date())))
    .option('--source <id>', "a source record's id or number (1042 or #1042): its rows along the whole chain (webshop order → Rackbeat order → invoice)", (text: string) => text.trim().replace(/^#/, ''))
    .option('--run <id>', 'only this run', argument((text) => parseWholeNumber(text, 1)))
    .option('--limit <n>', `at most n rows (default ${TABLE_LIMIT} for the table, all for exports)`, argument((text) => parseWholeNumber(text, 0)))
    .addOption(new Option('--format <format>', 'table, json (one array), ndjson or csv (--json means json)').choices(HISTORY_FORMATS))
    .option('--output <file>', 'write to this file instead of stdout')
    .addHelpText(
      'after',
      `
Examples:
  $ iex-sync history --status failed,unknown --since 7d
  $ iex-sync history --source 1042
  $ iex-sync history --format csv --output transfers.csv`,
    )
    .action(
      commandAction<HistoryOptions>(runtime, async ({ globals, output, io, loadConfig }, options) => {
        if (globals.json && options.format && options.format !== 'json') {
          throw new UsageError(`--json means --format json, but --format ${options.format} was given: use one of them`);
        }
        const format = globals.json ? 'json' : (options.format ?? 'table');
        const limit = options.limit ?? (format === 'table' ? TABLE_LIMIT : undefined);
        const { config } = await loadConfig([]);
        const { exportHistory } = await import('../../services/history.js');
        const count = await exportHistory({
          storePath: config.store,
          format,
          outputFile: options.output === undefined ? undefined : resolve(io.cwd, options.output),
          stdout: io.stdout,
          layout: { width: options.output ? undefined : terminalWidth(io), timeZone: config.timezone },
          // An export to a file can take a while: count the rows on a terminal.
          onProgress:
            options.output && io.stderr.isTTY && !globals.quiet
              ? (rows: number) => io.stderr.write(`\rexported ${rows} rows…`)
              : undefined,
          filter: {
            flow: options.flow,
            leg: options.leg,
            statuses: options.status,
            since: options.since,
            until: options.until,
            source: options.source,
            runId: options.run,
            limit,
          },
        });
        if (options.output && io.stderr.isTTY && !globals.quiet) io.stderr.write('\r');
        if (options.output) output.info(`wrote ${count} rows to ${options.output}`);
        if (count === 0 && !globals.json && !options.output) output.info(`no transfers match${describeFilter(options)}`);
        if (format === 'table' && count === limit && options.limit === undefined) {
          output.info(`the newest ${limit} rows; see more with --limit, or export all with --format csv`);
        }
        return ExitCode.ok;
      }),
    );

  history
    .command('show')
    .description('show one transfer with its source and target payloads (secrets masked)')
    .argument('<id>', 'the transfer id (the ID column of `history`)', argument((text) => parseWholeNumber(text, 1)))
    .addHelpText('after', '\nExample:\n  $ iex-sync history show 1234')
    .action(
      commandAction<OptionValues, [number]>(runtime, async ({ globals, output, loadConfig }, _options, [transferId]) => {
        const { config } = await loadConfig([]);
        const { showTransfer } = await import('../../services/history.js');
        const transfer = showTransfer(config.store, transferId);
        if (!transfer) throw new UsageError(`there is no transfer ${transferId} in ${config.store}`);
        if (globals.json) {
          output.json(transfer);
        } else {
          const { formatTransfer } = await import('../../services/history-format.js');
          output.data(formatTransfer(transfer));
        }
        return ExitCode.ok;
      }),
    );
}

/** ` --status failed --source 1042`: the filters given, to say what found nothing. */
function describeFilter(options: HistoryOptions): string {
  const given: Array<[string, unknown]> = [
    ['flow', options.flow], ['leg', options.leg], ['status', options.status?.join(',')], ['since', options.since],
    ['until', options.until], ['source', options.source], ['run', options.run],
  ];
  const text = given.filter(([, value]) => value !== undefined).map(([name, value]) => ` --${name} ${String(value)}`).join('');
  return text === '' ? ': the log is empty' : text;
}
