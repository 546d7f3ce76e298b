import { nowIso, type Store } from './database.js';

/**
 * Notification state (migration 4): what was announced per problem, the outbox of notices not
 * yet delivered, and the days the daily report went out.
 */

export interface NoticeState {
  /** `link:<id>` or `flow:<name>`. */
  key: string;
  flow: string;
  /** What it is about as people know it (`#1042`), for the "recovered" line. */
  label: string;
  problem: string;
  firstSeenAt: string;
  /** The problem as last announced, or undefined. */
  announced: string | undefined;
}

export function listNoticeStates(store: Store): NoticeState[] {
  const rows = store.db.prepare('SELECT key, flow, label, problem, first_seen_at, announced FROM notices ORDER BY key').all() as Array<{
    key: string;
    flow: string;
    label: string;
    problem: string;
    first_seen_at: string;
    announced: string | null;
  }>;
  return rows.map((row) => ({ key: row.key, flow: row.flow, label: row.label, problem: row.problem, firstSeenAt: row.first_seen_at, announced: row.announced ?? undefined }));
}

/** Records a problem as seen now; `firstSeenAt` is kept while the same problem goes on. */
export function saveNoticeState(store: Store, state: NoticeState): void {
  store.db
    .prepare(
      `INSERT INTO notices (key, flow, label, problem, first_seen_at, announced) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET flow = excluded.flow, label = excluded.label, problem = excluded.problem, first_seen_at = excluded.first_seen_at, announced = excluded.announced`,
    )
    .run(state.key, state.flow, state.label, state.problem, state.firstSeenAt, state.announced ?? null);
}

export function forgetNoticeState(store: Store, key: string): void {
  store.db.prepare('DELETE FROM notices WHERE key = ?').run(key);
}

export interface OutboxEntry {
  id: number;
  channel: string;
  createdAt: string;
  /** The notice as JSON. */
  notice: string;
  attempts: number;
  lastError: string | undefined;
}

export function enqueueNotice(store: Store, channel: string, notice: string): void {
  store.db.prepare('INSERT INTO notify_outbox (channel, created_at, notice) VALUES (?, ?, ?)').run(channel, nowIso(store), notice);
}

/** Everything not delivered yet, oldest first. */
export function pendingNotices(store: Store): OutboxEntry[] {
  const rows = store.db.prepare('SELECT id, channel, created_at, notice, attempts, last_error FROM notify_outbox ORDER BY id').all() as Array<{
    id: number;
    channel: string;
    created_at: string;
    notice: string;
    attempts: number;
    last_error: string | null;
  }>;
  return rows.map((row) => ({ id: row.id, channel: row.channel, createdAt: row.created_at, notice: row.notice, attempts: row.attempts, lastError: row.last_error ?? undefined }));
}

/** Delivered (or its channel is no longer configured): gone from the outbox. */
export function removeNotice(store: Store, id: number): void {
  store.db.prepare('DELETE FROM notify_outbox WHERE id = ?').run(id);
}

/** Not delivered: kept for the next run, with the attempt counted. Returns the attempts so far. */
export function noticeFailed(store: Store, id: number, error: string): number {
  store.db.prepare('UPDATE notify_outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?').run(error, id);
  return (store.db.prepare('SELECT attempts FROM notify_outbox WHERE id = ?').get(id) as { attempts: number }).attempts;
}

export function dailyReportSent(store: Store, day: string): boolean {
  return store.db.prepare('SELECT 1 FROM notify_daily WHERE day = ?').get(day) !== undefined;
}

export function markDailyReportSent(store: Store, day: string): void {
  store.db.prepare('INSERT OR IGNORE INTO notify_daily (day, sent_at) VALUES (?, ?)').run(day, nowIso(store));
}
