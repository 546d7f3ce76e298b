import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { maskSecrets } from '../config/mask.js';
import { openStore } from '../store/database.js';
import { getTransfer, iterateTransfers, type HistoryFilter, type TransferRow } from '../store/history.js';
import { ROW_FORMATS, tableFormat, type HistoryFormat, type RowFormat, type TableLayout, type TransferWithPayloads } from './history-format.js';

/** Text is handed to the stream in pieces of about this size: few writes, little memory. */
const CHUNK_CHARS = 64 * 1024;

/** Writes `text` and waits when the stream asks us to (its buffer is full), so memory stays flat. */
async function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

/** Streams rows in a format; returns how many rows it wrote. */
export async function writeRows(
  rows: Iterable<TransferRow>,
  rowFormat: RowFormat,
  stream: NodeJS.WritableStream,
  onProgress?: (rowsWritten: number) => void,
): Promise<number> {
  let chunk = rowFormat.header;
  let count = 0;
  for (const row of rows) {
    chunk += rowFormat.row(row, count);
    count += 1;
    if (chunk.length >= CHUNK_CHARS) {
      await write(stream, chunk);
      chunk = '';
      onProgress?.(count);
    }
  }
  await write(stream, chunk + rowFormat.footer);
  return count;
}

export interface ExportHistoryOptions {
  storePath: string;
  filter: HistoryFilter;
  format: HistoryFormat;
  /** A file to write; else `stdout`. */
  outputFile?: string | undefined;
  stdout: NodeJS.WritableStream;
  /** Called as rows are written to the output file (a long export shows progress on a terminal). */
  onProgress?: ((rowsWritten: number) => void) | undefined;
  /** The table's width and time zone (`table` only). */
  layout: TableLayout;
}

/** `history`: reads the log with the filter, newest first, and streams it out. Returns the row count. */
export async function exportHistory(options: ExportHistoryOptions): Promise<number> {
  const store = openStore(options.storePath, { readonly: true });
  try {
    const rows = iterateTransfers(store, options.filter);
    const format = options.format === 'table' ? tableFormat(options.layout) : ROW_FORMATS[options.format];
    if (!options.outputFile) return await writeRows(rows, format, options.stdout);
    const file = createWriteStream(options.outputFile);
    await once(file, 'open'); // A folder that does not exist fails here, before any row is read.
    const count = await writeRows(rows, format, file, options.onProgress);
    file.end();
    await once(file, 'finish');
    return count;
  } finally {
    store.close();
  }
}

function parsePayload(text: string | null): unknown {
  if (text === null) return null;
  try {
    return maskSecrets(JSON.parse(text) as unknown);
  } catch {
    return text;
  }
}

/** `history show <id>`: the transfer, or undefined when there is none with that id. */
export function showTransfer(storePath: string, id: number): TransferWithPayloads | undefined {
  const store = openStore(storePath, { readonly: true });
  try {
    const row = getTransfer(store, id);
    if (!row) return undefined;
    return { ...row, sourcePayload: parsePayload(row.sourcePayload), targetPayload: parsePayload(row.targetPayload) };
  } finally {
    store.close();
  }
}
