import type { TransferRow } from '../store/history.js';

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
  'id', 'runId', 'at', 'flow', 'leg', 'stage', 'status', 'sourceSystem', 'sourceId', 'sourceNumber',
  'targetSystem', 'targetId', 'targetNumber', 'message', 'hint', 'durationMs',
];

/** How one format writes: text before the rows, each row, text after. */
interface RowFormat {
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

// Terminal table: fixed widths so rows print as they stream, without reading them all first.
const TABLE_COLUMNS: ReadonlyArray<{ title: string; width: number; value(row: TransferRow): string }> = [
  { title: 'ID', width: 8, value: (row) => String(row.id) },
  { title: 'AT (UTC)', width: 20, value: (row) => row.at.replace(/\.\d+Z$/, 'Z') },
  { title: 'FLOW', width: 10, value: (row) => row.flow },
  { title: 'LEG', width: 18, value: (row) => row.leg },
  { title: 'STAGE', width: 9, value: (row) => row.stage },
  { title: 'STATUS', width: 8, value: (row) => row.status },
  { title: 'SOURCE', width: 22, value: (row) => `${row.sourceSystem} ${row.sourceNumber ?? row.sourceId}` },
  { title: 'TARGET', width: 22, value: (row) => (row.targetSystem ? `${row.targetSystem} ${row.targetNumber ?? row.targetId ?? ''}` : '') },
  { title: 'MESSAGE', width: 0, value: (row) => row.message ?? '' },
];

function tableCell(text: string, width: number): string {
  if (width === 0) return text;
  return text.length < width ? text.padEnd(width) : `${text.slice(0, width - 2)}… `;
}

function tableLine(cells: readonly string[]): string {
  return `${cells.map((cell, index) => tableCell(cell, TABLE_COLUMNS[index]?.width ?? 0)).join('').trimEnd()}\n`;
}

export const ROW_FORMATS: Record<HistoryFormat, RowFormat> = {
  table: {
    header: tableLine(TABLE_COLUMNS.map((column) => column.title)),
    row: (row) => tableLine(TABLE_COLUMNS.map((column) => column.value(row))),
    footer: '',
  },
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
