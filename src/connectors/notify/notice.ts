/**
 * A notice: what one run announces (new problems, changed ones, recoveries, flows that could not
 * run) or the daily report. Built by the notify service, formatted by each channel; stored in the
 * outbox as JSON until delivered, so it never carries a secret.
 */
export interface Notice {
  kind: 'problems' | 'daily';
  /** One line: the Slack text, the e-mail subject. */
  title: string;
  /** ISO 8601 UTC: when it was composed. */
  at: string;
  /** The lines people read, in order (Slack section text, e-mail body). */
  lines: string[];
  /** Problems: each record or flow it is about (the json format's body). */
  items?: NoticeItem[];
  /** Daily: the figures behind the lines. */
  report?: DailyReport;
}

export interface NoticeItem {
  change: 'new' | 'changed' | 'recovered';
  flow: string;
  /** A record's problem; none for a flow that could not run. */
  leg?: string | undefined;
  /** The record as people know it (`#1042`, `Rackbeat order 5007`). */
  record?: string | undefined;
  /** failed | unknown | given-up | needs-attention for a record; credentials | down | config for a flow. */
  status: string;
  message?: string | undefined;
  hint?: string | undefined;
}

export interface DailyReport {
  /** Business date it covers the day of. */
  day: string;
  /** Records (per leg) the log has rows of in the last 24 h, per flow and status. */
  transfers: Array<{ flow: string; status: string; count: number }>;
  openProblems: number;
  /** The oldest problem still open, if any. */
  oldest?: { flow: string; record: string; since: string; message?: string | undefined } | undefined;
  /** Sources not listed through lately: the runs are not getting through. */
  lagging: Array<{ flow: string; leg: string; seenThrough: string }>;
}

/** Where notices go. `label` names it in messages without its secret (a webhook's host, never its path). */
export interface NotifyChannel {
  readonly name: 'webhook' | 'email';
  readonly label: string;
  send(notice: Notice): Promise<void>;
}
