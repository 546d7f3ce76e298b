import { openStore } from '../store/database.js';
import { listOpenProblems, type OpenProblem } from '../store/links.js';
import { lockHolder } from '../store/lock.js';
import { problemLabel } from '../ui/flow-report.js';
import { countOpenLinks, listCheckpoints, listLastRuns, type OpenLinkStatus, type RunRow } from '../store/status.js';

export interface LegStatus {
  flow: string;
  leg: string;
  /** One per source instance (normally one). */
  checkpoints: Array<{ sourceInstance: string; cursor: string; updatedAt: string }>;
  /** The flow's newest run, with this leg's counts. */
  lastRun: {
    id: number;
    startedAt: string;
    finishedAt: string | null;
    /** ok | failed | stopped | interrupted | crashed, or running while a live process holds the lock. */
    result: string;
    dryRun: boolean;
    counts: Record<string, number> | null;
  } | null;
  /** Records that need attention: failed, outcome unknown, pending, given up, changed after the transfer. */
  open: Record<OpenLinkStatus, number>;
}

export interface StatusReport {
  legs: LegStatus[];
  /** Each flow's newest run that ended with a message (stopped, interrupted, refused at the start): why. */
  notices: Array<{ flow: string; runId: number; startedAt: string; result: string | null; exitCode: number | null; message: string }>;
  /** Every open problem, one per record and step, until it is fixed or dismissed. */
  problems: OpenProblem[];
}

/** `status`: per flow and leg, its checkpoint, the flow's last run and its open records. */
export function readStatus(storePath: string): StatusReport {
  const store = openStore(storePath, { readonly: true });
  try {
    const checkpoints = listCheckpoints(store);
    const runs = listLastRuns(store);
    const openCounts = countOpenLinks(store);
    const legs = new Map<string, LegStatus>();
    const legOf = (flow: string, leg: string): LegStatus => {
      const key = `${flow}\u0000${leg}`;
      let status = legs.get(key);
      if (!status) {
        status = { flow, leg, checkpoints: [], lastRun: null, open: { failed: 0, unknown: 0, pending: 0, 'given-up': 0, 'needs-attention': 0 } };
        legs.set(key, status);
      }
      return status;
    };
    for (const row of checkpoints) {
      legOf(row.flow, row.leg).checkpoints.push({ sourceInstance: row.sourceInstance, cursor: row.cursor, updatedAt: row.updatedAt });
    }
    for (const row of openCounts) legOf(row.flow, row.leg).open[row.status] = row.count;
    const countsOf = (run: RunRow) => (run.counts ? (JSON.parse(run.counts) as Record<string, Record<string, number>>) : {});
    for (const run of runs) for (const leg of Object.keys(countsOf(run))) legOf(run.flow, leg);
    // A run covers its whole flow: every leg of the flow shows it.
    const lastRunOfFlow = new Map(runs.map((run) => [run.flow, run]));
    // A run with no end is running only while a live process holds the lock; else it was killed.
    const holder = lockHolder(store);
    const unfinished = holder?.alive ? `running (pid ${holder.pid} on ${holder.host})` : 'crashed (it ended without writing its end; the next run finishes what it left)';
    for (const status of legs.values()) {
      const run = lastRunOfFlow.get(status.flow);
      if (!run) continue;
      const { id, startedAt, finishedAt, dryRun } = run;
      const result = run.result ?? unfinished;
      status.lastRun = { id, startedAt, finishedAt, result, dryRun, counts: countsOf(run)[status.leg] ?? null };
    }
    const sorted = [...legs.values()].sort((a, b) => a.flow.localeCompare(b.flow) || a.leg.localeCompare(b.leg));
    const notices = runs.flatMap((run) =>
      run.message === null ? [] : [{ flow: run.flow, runId: run.id, startedAt: run.startedAt, result: run.result, exitCode: run.exitCode, message: run.message }],
    );
    return { legs: sorted, notices, problems: listOpenProblems(store) };
  } finally {
    store.close();
  }
}

/** True when some record failed, is unresolved, was given up or needs attention: `status` then exits 1. */
export function needsAttention(report: StatusReport): boolean {
  return report.problems.length > 0;
}

/** The words people read for the run counts' keys. */
const COUNT_WORDS: Record<string, string> = {
  ok: 'ok',
  skipped: 'skipped',
  failed: 'failed',
  unknown: 'unknown',
  dryRun: 'planned (dry run)',
  unchanged: 'unchanged',
  attention: 'need attention',
};

function describeRun(run: NonNullable<LegStatus['lastRun']>): string {
  const counts = run.counts
    ? Object.entries(run.counts)
        .filter(([, value]) => value > 0)
        .map(([name, value]) => `${value} ${COUNT_WORDS[name] ?? name}`)
        .join(', ')
    : '';
  // The run's result is the whole flow's: a leg that had no failure of its own is not called failed.
  const own = run.counts && (run.counts.failed ?? 0) + (run.counts.unknown ?? 0) > 0;
  const result = run.result === 'failed' && !own ? 'ok (another leg failed)' : (run.result ?? 'running');
  return `#${run.id} ${run.startedAt} ${result}${run.dryRun ? ' (dry run)' : ''}${counts ? `: ${counts}` : ''}`;
}

/** What each number of `records` means, once under the report. */
const LEGEND = `
records: failed = refused, retried later with growing pauses (or on the next run when a system was down);
  unknown = sent, answer lost: the next run looks it up by reference before anything else;
  pending = started by a run that was killed: the next run finishes it; given up = failed too often, see its reason;
  need attention = changed in the source after it was transferred. Each stays until it goes through or: iex-sync dismiss <number>.
`;

const OPEN_WORDS: Record<OpenLinkStatus, string> = {
  failed: 'failed',
  unknown: 'unknown',
  pending: 'pending',
  'given-up': 'given up',
  'needs-attention': 'need attention',
};

/** The report for people: a block per flow and leg. */
export function formatStatus(report: StatusReport): string {
  const notices = report.notices
    .map((notice) => `${notice.flow}: last run #${notice.runId} ${notice.startedAt} ${notice.result ?? ''} (exit ${notice.exitCode ?? '?'}): ${notice.message}\n`)
    .join('');
  if (report.legs.length === 0) return `${notices}${notices ? '' : 'nothing has run yet: no checkpoints, runs or links in this store\n'}`;
  return notices + formatLegs(report);
}

function formatLegs(report: StatusReport): string {
  return report.legs
    .map((leg) => {
      const checkpoint =
        leg.checkpoints.map((point) => `${point.cursor} (${point.sourceInstance})`).join('; ') || 'none yet';
      const open = Object.entries(leg.open)
        .map(([status, count]) => `${count} ${OPEN_WORDS[status as OpenLinkStatus]}`)
        .join(', ');
      return [
        `${leg.flow} / ${leg.leg}`,
        `  checkpoint  ${checkpoint}`,
        `  last run    ${leg.lastRun ? describeRun(leg.lastRun) : 'none'}`,
        `  records     ${open}`,
      ].join('\n');
    })
    .join('\n\n')
    .concat('\n', LEGEND, formatProblems(report.problems));
}

/** The open problems, one line each, with how to make them go away. */
function formatProblems(problems: readonly OpenProblem[]): string {
  if (problems.length === 0) return '';
  const lines = problems.map(
    (problem) => `  ${problem.flow} / ${problem.leg} ${problemLabel(problem)} (${problem.step}) ${problem.status}: ${problem.message ?? ''}`.trimEnd(),
  );
  return `\nopen until fixed or dismissed (iex-sync dismiss <number>):\n${lines.join('\n')}\n`;
}
