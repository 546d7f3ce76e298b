import { openStore } from '../store/database.js';
import { listOpenProblems, type OpenProblem } from '../store/links.js';
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
    /** ok | failed | stopped | interrupted | crashed; null while it runs. */
    result: string | null;
    dryRun: boolean;
    counts: Record<string, number> | null;
  } | null;
  /** Records that need attention: failed, outcome unknown, pending, given up, changed after the transfer. */
  open: Record<OpenLinkStatus, number>;
}

export interface StatusReport {
  legs: LegStatus[];
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
    for (const status of legs.values()) {
      const run = lastRunOfFlow.get(status.flow);
      if (!run) continue;
      const { id, startedAt, finishedAt, result, dryRun } = run;
      status.lastRun = { id, startedAt, finishedAt, result, dryRun, counts: countsOf(run)[status.leg] ?? null };
    }
    const sorted = [...legs.values()].sort((a, b) => a.flow.localeCompare(b.flow) || a.leg.localeCompare(b.leg));
    return { legs: sorted, problems: listOpenProblems(store) };
  } finally {
    store.close();
  }
}

/** True when some record failed, is unresolved, was given up or needs attention: `status` then exits 1. */
export function needsAttention(report: StatusReport): boolean {
  return report.problems.length > 0;
}

function describeRun(run: NonNullable<LegStatus['lastRun']>): string {
  const counts = run.counts
    ? Object.entries(run.counts)
        .filter(([, value]) => value > 0)
        .map(([name, value]) => `${value} ${name}`)
        .join(', ')
    : '';
  const result = run.result ?? 'running';
  return `#${run.id} ${run.startedAt} ${result}${run.dryRun ? ' (dry run)' : ''}${counts ? `: ${counts}` : ''}`;
}

/** The report for people: a block per flow and leg. */
export function formatStatus(report: StatusReport): string {
  if (report.legs.length === 0) return 'nothing has run yet: no checkpoints, runs or links in this store\n';
  return report.legs
    .map((leg) => {
      const checkpoint =
        leg.checkpoints.map((point) => `${point.cursor} (${point.sourceInstance})`).join('; ') || 'none yet';
      const open = Object.entries(leg.open)
        .map(([status, count]) => `${count} ${status}`)
        .join(', ');
      return [
        `${leg.flow} / ${leg.leg}`,
        `  checkpoint  ${checkpoint}`,
        `  last run    ${leg.lastRun ? describeRun(leg.lastRun) : 'none'}`,
        `  records     ${open}`,
      ].join('\n');
    })
    .join('\n\n')
    .concat('\n', formatProblems(report.problems));
}

/** The open problems, one line each, with how to make them go away. */
function formatProblems(problems: readonly OpenProblem[]): string {
  if (problems.length === 0) return '';
  const lines = problems.map(
    (problem) => `  ${problem.flow} / ${problem.leg} ${problemLabel(problem)} (${problem.step}) ${problem.status}: ${problem.message ?? ''}`.trimEnd(),
  );
  return `\nopen until fixed or dismissed (iex-sync dismiss <number>):\n${lines.join('\n')}\n`;
}
