import type { SingleBar } from 'cli-progress';
import type { LegResult, ProgressEvent } from '../engine/run-leg.js';
import type { RunCounts } from '../store/runs.js';
import type { CliIo, Output } from './output.js';

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
  if (counts.unchanged > 0) parts.push(`${counts.unchanged} unchanged`);
  return parts.join(', ');
}

/** The one line a cron or CI run prints: `orders: webshop→rackbeat 37 ok, 3 skipped; rackbeat→e-conomic 36 ok in 12.4 s`. */
export function summaryLine(flow: string, legs: readonly LegResult[], durationMs: number, dryRun: boolean): string {
  const perLeg = legs.map((leg) => `${legLabel(leg.leg)} ${describeCounts(leg.counts)}`).join('; ');
  return `${flow}${dryRun ? ' (dry run)' : ''}: ${perLeg || 'nothing to do'} in ${(durationMs / 1000).toFixed(1)} s`;
}

/** The same summary for machines (`--json`). */
export function summaryJson(flow: string, run: { runId: number; result: string; exitCode: number; legs: readonly LegResult[]; message?: string | undefined }, durationMs: number, dryRun: boolean) {
  return {
    flow,
    runId: run.runId,
    dryRun,
    result: run.result,
    exitCode: run.exitCode,
    durationMs,
    legs: run.legs.map((leg) => ({ leg: leg.leg, counts: leg.counts, checkpoint: leg.checkpoint ?? null, stopped: leg.stopped?.message ?? null })),
    failures: run.legs.flatMap((leg) =>
      leg.records
        .filter((record) => record.outcome === 'failed' || record.outcome === 'unknown')
        .map((record) => ({ leg: leg.leg, source: record.sourceNumber ?? record.sourceId, outcome: record.outcome, message: record.message ?? null, hint: record.hint ?? null })),
    ),
    message: run.message ?? null,
  };
}

/** Failed and unknown records, one line each with the hint, for people. */
export function reportFailures(output: Output, legs: readonly LegResult[]): void {
  for (const leg of legs) {
    for (const record of leg.records) {
      if (record.outcome !== 'failed' && record.outcome !== 'unknown') continue;
      output.error(`${legLabel(leg.leg)} ${record.sourceNumber ?? record.sourceId}: ${record.message ?? record.outcome}`);
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
  const { MultiBar, Presets } = await import('cli-progress');
  const bars = new MultiBar(
    { stream: io.stderr, format: '{leg} [{bar}] {value} records | {counts}', barsize: 16, hideCursor: true, clearOnComplete: false },
    Presets.shades_classic,
  );
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
