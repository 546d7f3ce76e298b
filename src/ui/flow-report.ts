import type { SingleBar } from 'cli-progress';
import type { FlowResult } from '../engine/run-flow.js';
import type { LegResult, ProgressEvent } from '../engine/run-leg.js';
import { SYSTEM_LABELS, type SystemName } from '../connectors/systems.js';
import type { OpenProblem } from '../store/links.js';
import type { RunCounts } from '../store/runs.js';
import type { CliIo, Output } from './output.js';

/**
 * A record as people know it: a webshop order by its number (`#1042`), a record made from one by
 * that number and its own (`#1042 (Rackbeat 5007)`), anything else by its system (`Rackbeat 5007`).
 */
export function recordLabel(sourceSystem: string, number: string, origin?: string | undefined): string {
  const system = SYSTEM_LABELS[sourceSystem as SystemName] ?? sourceSystem;
  if (origin !== undefined) return `#${origin} (${system} ${number})`;
  return sourceSystem === 'woocommerce' || sourceSystem === 'shopify' ? `#${number}` : `${system} ${number}`;
}

/** How a leg is named for people: `webshop-rackbeat` → `webshop→rackbeat`. */
export function legLabel(leg: string): string {
  return leg.replace('economic', 'e-conomic').replace('-', '→');
}

function describeCounts(counts: RunCounts): string {
  const parts = [`${counts.ok} ok`];
  if (counts.dryRun > 0) parts.push(`${counts.dryRun} planned`);
  if (counts.skipped > 0) parts.push(`${counts.skipped} skipped`);
  if (counts.failed > 0) parts.push(`${counts.failed} failed`);
  if (counts.unknown > 0) parts.push(`${counts.unknown} unknown`);
  if (counts.attention > 0) parts.push(`${counts.attention} need attention`);
  if (counts.unchanged > 0) parts.push(`${counts.unchanged} unchanged`);
  return parts.join(', ');
}

/**
 * The one line a cron or CI run prints: `orders: webshop→rackbeat 37 ok, 3 skipped; rackbeat→e-conomic
 * 36 ok in 12.4 s`, and what is still open (`; 3 still failing, see iex-sync status`).
 */
export function summaryLine(flow: string, run: Pick<FlowResult, 'legs' | 'open'>, durationMs: number, dryRun: boolean): string {
  // A leg of occasional events (refunds, cancellations) is named only when it did (or failed at) something.
  const named = run.legs.filter((leg) => !leg.occasional || Object.entries(leg.counts).some(([kind, count]) => kind !== 'unchanged' && kind !== 'skipped' && count > 0));
  const perLeg = named.map((leg) => `${legLabel(leg.leg)} ${describeCounts(leg.counts)}`).join('; ');
  const line = `${flow}${dryRun ? ' (dry run)' : ''}: ${perLeg || 'nothing to do'} in ${(durationMs / 1000).toFixed(1)} s`;
  const open = describeOpen(run.open);
  return open ? `${line}; ${open}` : line;
}

/** `3 still failing, 1 needs attention, see iex-sync status`, or nothing when nothing is open. */
function describeOpen(open: readonly OpenProblem[]): string | undefined {
  const attention = open.filter((problem) => problem.status === 'needs-attention').length;
  const failing = open.length - attention;
  const parts = [failing > 0 ? `${failing} still failing` : '', attention > 0 ? `${attention} need${attention === 1 ? 's' : ''} attention` : ''].filter(Boolean);
  return parts.length > 0 ? `${parts.join(', ')}, see iex-sync status` : undefined;
}

/** `adopted 25 Rackbeat orders and 25 e-conomic order drafts that were already there` (a new or lost store), once. */
export function adoptionLine(legs: readonly LegResult[]): string | undefined {
  const counts = new Map<string, number>();
  for (const leg of legs) for (const [noun, count] of Object.entries(leg.adopted)) counts.set(noun, (counts.get(noun) ?? 0) + count);
  if (counts.size === 0) return undefined;
  const parts = [...counts].map(([noun, count]) => `${count} ${noun}${count === 1 ? '' : 's'}`);
  const listed = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
  return `adopted ${listed} that were already there (found by their reference: nothing was created twice)`;
}

/** What changed since the last run, one line each: problems that are new, and those that went away. */
export function reportChanges(output: Output, run: Pick<FlowResult, 'newProblems' | 'recovered'>): void {
  for (const problem of run.newProblems) {
    output.error(`${legLabel(problem.leg)} ${problemLabel(problem)}: ${problem.message ?? problem.status}`);
  }
  for (const problem of run.recovered) {
    output.error(`recovered: ${legLabel(problem.leg)} ${problemLabel(problem)} (${problem.step}) went through`);
  }
}

/** The same summary for machines (`--json`). */
export function summaryJson(flow: string, run: FlowResult, durationMs: number, dryRun: boolean) {
  const problem = (each: OpenProblem) => ({ leg: each.leg, step: each.step, source: each.sourceNumber ?? each.sourceId, origin: each.origin ?? null, status: each.status, message: each.message ?? null });
  return {
    flow,
    runId: run.runId,
    dryRun,
    result: run.result,
    exitCode: run.exitCode,
    durationMs,
    legs: run.legs.map((leg) => ({
      leg: leg.leg,
      counts: leg.counts,
      adopted: leg.adopted,
      checkpoint: leg.checkpoint ?? null,
      stopped: leg.stopped?.message ?? null,
    })),
    open: run.open.map(problem),
    newProblems: run.newProblems.map(problem),
    recovered: run.recovered.map(problem),
    failures: run.legs.flatMap((leg) =>
      leg.records
        .filter((record) => record.outcome === 'failed' || record.outcome === 'unknown')
        .map((record) => ({ leg: leg.leg, source: record.sourceNumber ?? record.sourceId, origin: record.origin ?? null, outcome: record.outcome, message: record.message ?? null, hint: record.hint ?? null })),
    ),
    message: run.message ?? null,
    hint: run.hint ?? null,
  };
}

/** Failed and unknown records, one line each with the hint, and records that need attention, for people. */
export function reportFailures(output: Output, legs: readonly LegResult[]): void {
  for (const leg of legs) {
    for (const record of leg.records) {
      const label = `${legLabel(leg.leg)} ${leg.about} ${recordLabel(leg.sourceSystem, record.sourceNumber ?? record.sourceId, record.origin)}`;
      if (record.outcome === 'needs-attention') output.warn(`${label}: ${record.message ?? record.outcome}`);
      if (record.outcome !== 'failed' && record.outcome !== 'unknown') continue;
      output.error(`${label}: ${record.message ?? record.outcome}`);
      if (record.hint) output.info(`  hint: ${record.hint}`);
    }
  }
}

/**
 * A progress bar per leg on a TTY (cli-progress, loaded only there); nothing otherwise.
 * The total is not known up front (records arrive page by page), so the bar counts records done.
 */
export async function progressBars(io: CliIo, enabled: boolean): Promise<{ onProgress?: (event: ProgressEvent) => void; stop(): void }> {
  if (!enabled || io.stderr.isTTY !== true) return { stop() {} };
  const { createMultiBar } = await import('./multi-bar.js');
  const bars = createMultiBar(io.stderr);
  const byLeg = new Map<string, SingleBar>();
  return {
    onProgress(event) {
      let bar = byLeg.get(event.leg);
      if (!bar) byLeg.set(event.leg, (bar = bars.create(1, 0, { leg: legLabel(event.leg).padEnd(20), counts: '' })));
      const done = Object.values(event.counts).reduce((sum, count) => sum + count, 0);
      bar.setTotal(Math.max(done, 1));
      bar.update(done, { counts: describeCounts(event.counts) });
    },
    stop: () => bars.stop(),
  };
}

export function problemLabel(problem: OpenProblem): string {
  return recordLabel(problem.sourceSystem, problem.sourceNumber ?? problem.sourceId, problem.origin);
}
