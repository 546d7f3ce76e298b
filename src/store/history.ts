import type { Store } from './database.js';
import type { TransferStatus } from './transfers.js';

/** What `history` filters on; every field is optional and they combine with AND. */
export interface HistoryFilter {
  flow?: string | undefined;
  leg?: string | undefined;
  statuses?: readonly TransferStatus[] | undefined;
  /** ISO 8601 UTC: rows at or after. */
  since?: string | undefined;
  /** ISO 8601 UTC: rows before. */
  until?: string | undefined;
  /** A source id or number: rows of every link in its chain (upstream and downstream), and its own. */
  source?: string | undefined;
  runId?: number | undefined;
  limit?: number | undefined;
}

/** One row of the log as `history` shows it; null where nothing was recorded. */
export interface TransferRow {
  id: number;
  runId: number | null;
  at: string;
  flow: string;
  leg: string;
  stage: string;
  status: TransferStatus;
  sourceSystem: string;
  sourceId: string;
  sourceNumber: string | null;
  /** What the row is about: order, customer, document, … */
  kind: string | null;
  /** The number people know, where the source is not it (the webshop order a Rackbeat order came from). */
  origin: string | null;
  targetSystem: string | null;
  targetId: string | null;
  targetNumber: string | null;
  message: string | null;
  hint: string | null;
  durationMs: number | null;
}

/** A row with what `history show` adds: its link and the payloads (JSON text, stored redacted). */
export interface TransferDetail extends TransferRow {
  linkId: number | null;
  sourcePayload: string | null;
  targetPayload: string | null;
}

const ROW_COLUMNS = `id, run_id AS runId, at, flow, leg, stage, status, source_system AS sourceSystem,
  source_id AS sourceId, source_number AS sourceNumber, kind, origin, target_system AS targetSystem, target_id AS targetId,
  target_number AS targetNumber, message, hint, duration_ms AS durationMs`;

// The links of a source record's chain: the links it matches, every link upstream of those, then
// everything downstream of that (webshop order → Rackbeat order → e-conomic draft → booked invoice).
const SOURCE_CHAIN = `WITH RECURSIVE
  matched(id) AS (
    SELECT id FROM links WHERE source_id = @source OR source_number = @source
    UNION SELECT link_id FROM transfers WHERE (source_id = @source OR source_number = @source OR origin = @source) AND link_id IS NOT NULL),
  upstream(id) AS (
    SELECT id FROM matched
    UNION SELECT links.upstream_link_id FROM links JOIN upstream ON links.id = upstream.id WHERE links.upstream_link_id IS NOT NULL),
  chain(id) AS (
    SELECT id FROM upstream
    UNION SELECT links.id FROM links JOIN chain ON links.upstream_link_id = chain.id)`;

/** The log's rows that match, newest first, read one at a time (an export of millions stays small). */
export function iterateTransfers(store: Store, filter: HistoryFilter): IterableIterator<TransferRow> {
  const where: string[] = [];
  const params: Record<string, string | number> = {};
  const equals = (column: string, name: string, value: string | number | undefined) => {
    if (value === undefined) return;
    where.push(`${column} = @${name}`);
    params[name] = value;
  };
  equals('flow', 'flow', filter.flow);
  equals('leg', 'leg', filter.leg);
  equals('run_id', 'runId', filter.runId);
  if (filter.statuses && filter.statuses.length > 0) {
    const names = filter.statuses.map((status, index) => {
      params[`status${index}`] = status;
      return `@status${index}`;
    });
    where.push(`status IN (${names.join(', ')})`);
  }
  if (filter.since !== undefined) {
    where.push('at >= @since');
    params.since = filter.since;
  }
  if (filter.until !== undefined) {
    where.push('at < @until');
    params.until = filter.until;
  }
  if (filter.source !== undefined) {
    where.push('(link_id IN (SELECT id FROM chain) OR source_id = @source OR source_number = @source OR origin = @source)');
    params.source = filter.source;
  }
  const sql = [
    filter.source !== undefined ? SOURCE_CHAIN : '',
    `SELECT ${ROW_COLUMNS} FROM transfers`,
    where.length > 0 ? `WHERE ${where.join(' AND ')}` : '',
    'ORDER BY at DESC, id DESC',
    filter.limit !== undefined ? `LIMIT ${Math.max(0, Math.trunc(filter.limit))}` : '',
  ].join('\n');
  return store.db.prepare(sql).iterate(params) as IterableIterator<TransferRow>;
}

export function getTransfer(store: Store, id: number): TransferDetail | undefined {
  return store.db
    .prepare(
      `SELECT ${ROW_COLUMNS}, link_id AS linkId, source_payload AS sourcePayload, target_payload AS targetPayload
       FROM transfers WHERE id = ?`,
    )
    .get(id) as TransferDetail | undefined;
}
