import type { NotifySettings } from '../config/sections/notify.js';
import type { DailyReport, Notice, NoticeItem, NotifyChannel } from '../connectors/notify/notice.js';
import { businessDate, wallTimeAt } from '../domain/time.js';
import { inTransaction, type Store } from '../store/database.js';
import { listingsBehind, oldestOpenProblem, transferCountsSince } from '../store/daily-report.js';
import { listOpenProblems, type OpenProblem } from '../store/links.js';
import {
  dailyReportSent,
  enqueueNotice,
  forgetNoticeState,
  listNoticeStates,
  markDailyReportSent,
  noticeFailed,
  pendingNotices,
  removeNotice,
  saveNoticeState,
  type NoticeState,
} from '../store/notices.js';
import { legLabel, problemLabel, recordLabel } from '../ui/flow-report.js';

/** Why a whole flow could not run: refused credentials and config problems are announced at once, a system down after notify.downAfterMinutes. */
export type FlowFailureKind = 'credentials' | 'down' | 'config';

/** What one run learnt about a flow, for the notices. */
export interface FlowNoticeInput {
  flow: string;
  /** The flow ran: every problem of it open after the run. Left out when it could not run (its records' state is unknown then). */
  open?: readonly OpenProblem[] | undefined;
  failure?: { kind: FlowFailureKind; message: string; hint?: string | undefined } | undefined;
}

export interface NotifyOptions {
  store: Store;
  settings: NotifySettings;
  /** The business time zone (config `timezone`): when the daily report is due. */
  timezone: string;
  channels: readonly NotifyChannel[];
  flows: readonly FlowNoticeInput[];
  /** Who the notices are about (the shop), for their titles. */
  about?: string | undefined;
}

export interface NotifyResult {
  /** Notices composed by this run (one per channel each). */
  composed: number;
  delivered: Array<{ channel: string; label: string }>;
  /** Kept in the store and tried again by the next run. */
  failed: Array<{ channel: string; label: string; error: string; attempts: number }>;
}

/** How far behind a source's listing may fall before the daily report calls it lagging. */
const LAGGING_MS = 2 * 60 * 60_000;
const DAY_MS = 86_400_000;

/**
 * After a run (never a dry run): works out what is news since the last notice (a record that
 * failed, is unknown or given up, a flow that could not run, one that recovered), queues one
 * notice per channel listing it all, and the daily report once it is due; then delivers
 * everything queued, older notices that could not be sent before included. Deduplicated across
 * runs by the store: one notice per record and problem until it changes or recovers. A channel
 * that fails is reported, never thrown: the notice stays queued for the next run.
 */
export async function notifyAfterRun(options: NotifyOptions): Promise<NotifyResult> {
  const { store } = options;
  const composed = inTransaction(store, () => {
    const notices: Notice[] = [];
    const items = noteChanges(options);
    if (items.length > 0) notices.push(problemsNotice(items, store.now(), options.about));
    const daily = dueDailyReport(options);
    if (daily) notices.push(daily);
    // Queued in the same transaction that marks them announced: a crash loses neither.
    for (const notice of notices) for (const channel of options.channels) enqueueNotice(store, channel.name, JSON.stringify(notice));
    return notices.length * options.channels.length;
  });
  return { composed, ...(await deliver(store, options.channels)) };
}

interface CurrentProblem {
  key: string;
  flow: string;
  label: string;
  /** What is compared between runs: a change is announced again. */
  problem: string;
  item: Omit<NoticeItem, 'change'>;
  /** Whether it is announced yet, given since when it has gone on. */
  due(firstSeenAt: string): boolean;
}

/** Updates what the store knows was announced and returns the news: new, changed and recovered problems. */
function noteChanges(options: NotifyOptions): NoticeItem[] {
  const { store } = options;
  const now = store.now();
  const downAfterMs = options.settings.downAfterMinutes * 60_000;
  const states = listNoticeStates(store);
  const items: NoticeItem[] = [];
  for (const flow of options.flows) {
    const current = currentProblems(flow, now, downAfterMs);
    const before = new Map(states.filter((state) => state.flow === flow.flow).map((state) => [state.key, state]));
    for (const problem of current) {
      const known = before.get(problem.key);
      before.delete(problem.key);
      const firstSeenAt = known?.problem === problem.problem ? known.firstSeenAt : now.toISOString();
      const announce = problem.due(firstSeenAt) && known?.announced !== problem.problem;
      if (announce) items.push({ change: known?.announced === undefined ? 'new' : 'changed', ...problem.item });
      saveNoticeState(store, { key: problem.key, flow: flow.flow, label: problem.label, problem: problem.problem, firstSeenAt, announced: announce ? problem.problem : known?.announced });
    }
    for (const gone of before.values()) {
      // A flow that could not run says nothing about its records: they stay as they were.
      if (gone.key.startsWith('link:') && flow.open === undefined) continue;
      if (gone.announced !== undefined) items.push(recoveredItem(gone));
      forgetNoticeState(store, gone.key);
    }
  }
  return items;
}

function currentProblems(flow: FlowNoticeInput, now: Date, downAfterMs: number): CurrentProblem[] {
  const problems: CurrentProblem[] = [];
  if (flow.failure) {
    const { kind, message, hint } = flow.failure;
    problems.push({
      key: `flow:${flow.flow}`,
      flow: flow.flow,
      label: `the ${flow.flow} flow`,
      problem: kind,
      item: { flow: flow.flow, status: kind, message, hint },
      due: (firstSeenAt) => kind !== 'down' || now.getTime() - Date.parse(firstSeenAt) >= downAfterMs,
    });
  }
  for (const open of flow.open ?? []) {
    const record = problemLabel(open);
    problems.push({
      key: `link:${open.linkId}`,
      flow: flow.flow,
      label: `${legLabel(open.leg)} ${record}`,
      problem: `${open.status}: ${open.message ?? ''}`,
      item: { flow: flow.flow, leg: legLabel(open.leg), record, status: open.status, message: open.message },
      due: () => true,
    });
  }
  return problems;
}

function recoveredItem(state: NoticeState): NoticeItem {
  const isFlow = state.key.startsWith('flow:');
  return isFlow
    ? { change: 'recovered', flow: state.flow, status: 'recovered', message: `${state.label} runs again` }
    : { change: 'recovered', flow: state.flow, record: state.label, status: 'recovered', message: 'went through, or was dismissed' };
}

function problemsNotice(items: readonly NoticeItem[], now: Date, about: string | undefined): Notice {
  const recovered = items.filter((item) => item.change === 'recovered').length;
  const problems = items.length - recovered;
  const parts = [problems > 0 ? `${problems} new problem${problems === 1 ? '' : 's'}` : '', recovered > 0 ? `${recovered} recovered` : ''].filter(Boolean);
  return {
    kind: 'problems',
    title: `iex-sync${about ? ` (${about})` : ''}: ${parts.join(', ')}`,
    at: now.toISOString(),
    lines: items.map(itemLine),
    items: [...items],
  };
}

/** `✗ new: orders rackbeat→e-conomic #1042 (Rackbeat 5007) failed: …`, `✗ new: orders could not run (credentials): …`, `✓ recovered: …`. */
function itemLine(item: NoticeItem): string {
  const subject = [item.flow, item.leg, item.record].filter(Boolean).join(' ');
  if (item.change === 'recovered') return `✓ recovered: ${subject}: ${item.message ?? ''}`.trimEnd();
  const state = item.record ? item.status : `could not run (${item.status})`;
  const hint = item.hint ? ` (hint: ${item.hint})` : '';
  return `✗ ${item.change}: ${subject} ${state}: ${item.message ?? ''}${hint}`;
}

/** The daily report, when notify.daily has passed today (business zone) and today's has not gone out. */
function dueDailyReport(options: NotifyOptions): Notice | undefined {
  const { store, settings, timezone } = options;
  if (!settings.daily) return undefined;
  const now = store.now();
  const day = businessDate(now, timezone);
  const wall = wallTimeAt(now.getTime(), timezone);
  const [hour = 0, minute = 0] = settings.daily.split(':').map(Number);
  if (wall.hour * 60 + wall.minute < hour * 60 + minute || dailyReportSent(store, day)) return undefined;
  markDailyReportSent(store, day);
  return dailyNotice(dailyReport(store, day, now), now, options.about);
}

function dailyReport(store: Store, day: string, now: Date): DailyReport {
  const oldest = oldestOpenProblem(store);
  return {
    day,
    transfers: transferCountsSince(store, new Date(now.getTime() - DAY_MS)),
    openProblems: listOpenProblems(store).length,
    oldest: oldest && {
      flow: oldest.flow,
      record: recordLabel(oldest.sourceSystem, oldest.sourceNumber ?? oldest.sourceId, oldest.origin),
      since: oldest.since,
      message: oldest.message,
    },
    lagging: listingsBehind(store, new Date(now.getTime() - LAGGING_MS)),
  };
}

function dailyNotice(report: DailyReport, now: Date, about: string | undefined): Notice {
  const flows = [...new Set(report.transfers.map((row) => row.flow))];
  const lines = [
    ...(flows.length === 0 ? ['no transfers in the last 24 h'] : flows.map((flow) => `${flow}, records in the last 24 h: ${report.transfers.filter((row) => row.flow === flow).map((row) => `${row.count} ${row.status}`).join(', ')}`)),
    `failures open: ${report.openProblems}`,
    report.oldest ? `oldest unresolved: ${report.oldest.flow} ${report.oldest.record} since ${report.oldest.since}${report.oldest.message ? `: ${report.oldest.message}` : ''}` : 'nothing unresolved',
    ...(report.lagging.length === 0
      ? ['checkpoints: all current']
      : report.lagging.map((lag) => `lagging: ${lag.flow} ${legLabel(lag.leg)} read only up to ${lag.seenThrough}`)),
  ];
  return { kind: 'daily', title: `iex-sync${about ? ` (${about})` : ''}: daily report ${report.day}`, at: now.toISOString(), lines, report };
}

/**
 * Sends every queued notice, oldest first. A channel that fails keeps its notices for the next
 * run and is not tried again in this one (one timeout, not one per notice).
 */
async function deliver(store: Store, channels: readonly NotifyChannel[]): Promise<Omit<NotifyResult, 'composed'>> {
  const delivered: NotifyResult['delivered'] = [];
  const failed: NotifyResult['failed'] = [];
  const down = new Set<string>();
  for (const entry of pendingNotices(store)) {
    const channel = channels.find((candidate) => candidate.name === entry.channel);
    // Its channel was taken out of the config since: nobody is waiting for it any more.
    if (!channel) {
      removeNotice(store, entry.id);
      continue;
    }
    if (down.has(channel.name)) continue;
    try {
      await channel.send(JSON.parse(entry.notice) as Notice);
      removeNotice(store, entry.id);
      delivered.push({ channel: channel.name, label: channel.label });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      down.add(channel.name);
      failed.push({ channel: channel.name, label: channel.label, error: message, attempts: noticeFailed(store, entry.id, message) });
    }
  }
  return { delivered, failed };
}
