import type { TransferRow } from '../store/history.js';
import { SYSTEM_LABELS, type SystemName } from '../connectors/systems.js';
import { formatWallTime } from '../domain/time.js';
import { legLabel, recordLabel } from '../ui/flow-report.js';

/** One transfer with its payloads parsed, and secrets masked (they are stored redacted; this is a second guard). */
export interface TransferWithPayloads extends TransferRow {
  linkId: number | null;
  sourcePayload: unknown;
  targetPayload: unknown;
}

export const HISTORY_FORMATS = ['table', 'json', 'ndjson', 'csv'] as const;
export type HistoryFormat = (typeof HISTORY_FORMATS)[number];

/** The log's columns, in the design's order ("The transfer log"). */
export const HISTORY_COLUMNS: readonly (keyof TransferRow)[] = [
  'id', 'runId', 'at', 'flow', 'leg', 'stage', 'status', 'sourceSystem', 'sourceId', 'sourceNumber', 'kind', 'origin',
  'targetSystem', 'targetId', 'targetNumber', 'message', 'hint', 'durationMs',
];

/** How one format writes: text before the rows, each row, text after. */
export interface RowFormat {
  header: string;
  row(row: TransferRow, index: number): string;
  footer: string;
}

/** RFC 4180: quote a field holding a comma, quote or line break; null is an empty field. */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** How the terminal table is laid out: the terminal's width (none when piped: nothing is cut), the zone times are shown in. */
export interface TableLayout {
  width?: number | undefined;
  timeZone: string;
}

interface TableColumn {
  title: string;
  width: number;
  value(row: TransferRow): string;
}

/** Below this, the message goes on lines of its own under the row rather than in a narrow column. */
const MIN_MESSAGE_WIDTH = 30;

/**
 * The columns, most wanted first: a narrow terminal drops from the end of this list (never the
 * message, which takes what is left and wraps onto more lines rather than being cut).
 */
function tableColumns(timeZone: string): TableColumn[] {
  const at = (row: TransferRow) => formatWallTime(new Date(row.at), timeZone);
  const target = (row: TransferRow) => (row.targetSystem ? `${SYSTEM_LABELS[row.targetSystem as SystemName] ?? row.targetSystem} ${row.targetNumber ?? row.targetId ?? ''}`.trim() : '');
  return [
    { title: 'ID', width: 6, value: (row) => String(row.id) },
    { title: `AT (${timeZone})`, width: Math.max(20, timeZone.length + 6), value: at },
    { title: 'STATUS', width: 16, value: (row) => row.status },
    { title: 'SOURCE', width: 26, value: (row) => recordLabel(row.sourceSystem, row.sourceNumber ?? row.sourceId, row.origin ?? undefined) },
    { title: 'KIND', width: 10, value: (row) => row.kind ?? '' },
    { title: 'STAGE', width: 10, value: (row) => row.stage },
    { title: 'LEG', width: 20, value: (row) => legLabel(row.leg) },
    { title: 'TARGET', width: 20, value: target },
  ];
}

/** The table for a terminal `width` columns wide, or for a pipe (no width: every column, nothing cut). */
export function tableFormat(layout: TableLayout): RowFormat {
  const all = tableColumns(layout.timeZone);
  const order = ['ID', all[1]!.title, 'LEG', 'KIND', 'STAGE', 'STATUS', 'SOURCE', 'TARGET'];
  let kept = all;
  const room = (columns: TableColumn[]) => (layout.width ?? Infinity) - columns.reduce((sum, column) => sum + column.width, 0);
  // Narrow: drop the least wanted columns until the message has room, keeping ID, time, status and source.
  while (room(kept) < MIN_MESSAGE_WIDTH && kept.length > 4) kept = kept.slice(0, -1);
  const columns = order.map((title) => kept.find((column) => column.title === title)).filter((column): column is TableColumn => column !== undefined);
  const messageWidth = room(columns);
  const indent = messageWidth >= MIN_MESSAGE_WIDTH ? columns.reduce((sum, column) => sum + column.width, 0) : 2;
  const lineWidth = layout.width === undefined ? Infinity : layout.width - indent;
  const line = (cells: readonly string[], message: string): string => {
    const fixed = cells.map((cell, index) => fit(cell, columns[index]!.width)).join('');
    const pieces = wrap(message, lineWidth);
    if (indent === 2) return `${fixed.trimEnd()}\n${pieces.filter(Boolean).map((piece) => `  ${piece}\n`).join('')}`;
    const [first = '', ...rest] = pieces;
    return `${`${fixed}${first}`.trimEnd()}\n${rest.map((piece) => `${' '.repeat(indent)}${piece}\n`).join('')}`;
  };
  return {
    header: line(columns.map((column) => column.title), 'MESSAGE'),
    row: (row) => line(columns.map((column) => column.value(row)), row.message ?? ''),
    footer: '',
  };
}

/** A cell padded to its column; a value longer than the column is cut with … (the message never is). */
function fit(text: string, width: number): string {
  return text.length < width ? text.padEnd(width) : `${text.slice(0, width - 2)}… `;
}

/** Splits text into lines of at most `width` characters, at spaces where it can. */
function wrap(text: string, width: number): string[] {
  if (text.length <= width) return [text];
  const lines: string[] = [];
  let rest = text;
  while (rest.length > width) {
    const space = rest.lastIndexOf(' ', width);
    const cut = space > width / 2 ? space : width;
    lines.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) lines.push(rest);
  return lines;
}

/** The export formats; the table is made per terminal by `tableFormat`. */
export const ROW_FORMATS: Record<Exclude<HistoryFormat, 'table'>, RowFormat> = {
  csv: {
    header: `${HISTORY_COLUMNS.join(',')}\n`,
    row: (row) => `${HISTORY_COLUMNS.map((column) => csvField(row[column])).join(',')}\n`,
    footer: '',
  },
  // One JSON array, written a row at a time.
  json: {
    header: '[',
    row: (row, index) => `${index === 0 ? '\n' : ',\n'}  ${JSON.stringify(row)}`,
    footer: '\n]\n',
  },
  ndjson: {
    header: '',
    row: (row) => `${JSON.stringify(row)}\n`,
    footer: '',
  },
};

/** `history show` for people: the row's fields, then both payloads as indented JSON. */
export function formatTransfer(transfer: TransferWithPayloads): string {
  const fields = Object.entries(transfer)
    .filter(([key, value]) => value !== null && key !== 'sourcePayload' && key !== 'targetPayload')
    .map(([key, value]) => `${key.padEnd(13)} ${String(value)}`);
  const payload = (title: string, value: unknown) =>
    value === null ? `${title}: none` : `${title}:\n${JSON.stringify(value, null, 2)}`;
  return [...fields, '', payload('source payload', transfer.sourcePayload), '', payload('target payload', transfer.targetPayload), ''].join('\n');
}
