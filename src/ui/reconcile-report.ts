import { stringify } from 'csv-stringify/sync';
import type { SingleBar } from 'cli-progress';
import { SYSTEM_LABELS, type SystemName } from '../connectors/systems.js';
import { FINDING_KINDS, type Finding, type ReadProgress, type ReconcilePeriod, type Tally } from '../flows/reconcile.js';
import type { CliIo } from './output.js';

/** What a reconcile found, as one report. */
export interface ReconcileReport {
  flows: readonly string[];
  period: ReconcilePeriod;
  findings: readonly Finding[];
  /** Absent from a report of a reconciler that counts nothing. */
  tallies?: readonly Tally[];
  calls: number;
  durationMs: number;
}

const KIND_TITLES: Record<Finding['kind'], string> = {
  missing: 'MISSING: not where it should be',
  doubled: 'DOUBLED: more than one where there should be one (document, shop item)',
  mismatched: 'MISMATCHED: the systems hold different figures',
  orphaned: 'ORPHANED: names an order that does not exist',
  stale: 'STALE: the log says done, what it made is gone',
};

/** The findings in the order the report shows them: by kind (most serious first), then by record. */
function byKind(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => FINDING_KINDS.indexOf(a.kind) - FINDING_KINDS.indexOf(b.kind) || a.record.localeCompare(b.record, 'en', { numeric: true }));
}

/** For people: a block per kind, a row per record with what each system holds, the problem, the log's word and the hint. */
export function reconcileTable(report: ReconcileReport, webshopLabel: string): string {
  const sorted = byKind(report.findings);
  const lines: string[] = [];
  let kind: Finding['kind'] | undefined;
  for (const finding of sorted) {
    if (finding.kind !== kind) {
      kind = finding.kind;
      const count = sorted.filter((other) => other.kind === kind).length;
      lines.push(`${lines.length > 0 ? '\n' : ''}${KIND_TITLES[kind]} (${count})`);
    }
    lines.push(`  ${finding.record}  [${finding.flow}]`);
    lines.push(`    ${webshopLabel.padEnd(12)}${finding.systems.webshop ?? '—'}`);
    lines.push(`    ${'Rackbeat'.padEnd(12)}${finding.systems.rackbeat ?? '—'}`);
    lines.push(`    ${'e-conomic'.padEnd(12)}${finding.systems.economic ?? '—'}`);
    lines.push(`    problem     ${finding.problem}`);
    if (finding.log) lines.push(`    log         ${finding.log}`);
    lines.push(`    fix         ${finding.hint}`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** The one line after the table: what was compared, what was found, the calls it took. */
export function reconcileSummary(report: ReconcileReport): string {
  const counts = FINDING_KINDS.map((kind) => [kind, report.findings.filter((finding) => finding.kind === kind).length] as const).filter(([, count]) => count > 0);
  const found = counts.length > 0 ? counts.map(([kind, count]) => `${count} ${kind}`).join(', ') : 'everything agrees';
  const period = `${report.period.since.toISOString()} to ${report.period.until.toISOString()}`;
  const counted = (report.tallies ?? []).map((tally) => `; ${describeTally(tally)}`).join('');
  return `reconcile ${report.flows.join(', ')} (${period}): ${found}${counted}; ${report.calls} calls in ${(report.durationMs / 1000).toFixed(1)} s`;
}

/** `3 credit notes (1 draft, 2 booked)`. */
function describeTally(tally: Tally): string {
  const parts = Object.entries(tally.parts);
  const total = parts.reduce((sum, [, count]) => sum + count, 0);
  return `${total} ${tally.name} (${parts.map(([part, count]) => `${count} ${part}`).join(', ')})`;
}

export function reconcileJson(report: ReconcileReport): string {
  return `${JSON.stringify(
    {
      flows: report.flows,
      since: report.period.since.toISOString(),
      until: report.period.until.toISOString(),
      agrees: report.findings.length === 0,
      calls: report.calls,
      durationMs: report.durationMs,
      counted: (report.tallies ?? []).map((tally) => ({ ...tally, total: Object.values(tally.parts).reduce((sum, count) => sum + count, 0) })),
      findings: byKind(report.findings).map((finding) => ({ ...finding, log: finding.log ?? null })),
    },
    null,
    2,
  )}\n`;
}

const CSV_COLUMNS = ['kind', 'flow', 'record', 'webshop', 'rackbeat', 'economic', 'problem', 'log', 'hint'] as const;

export function reconcileCsv(report: ReconcileReport): string {
  const rows = byKind(report.findings).map((finding) => [
    finding.kind, finding.flow, finding.record, finding.systems.webshop ?? '', finding.systems.rackbeat ?? '', finding.systems.economic ?? '',
    finding.problem, finding.log ?? '', finding.hint,
  ]);
  return stringify([[...CSV_COLUMNS], ...rows]);
}

/** A bar per system counting the records read, on a TTY only (cli-progress, loaded only there). */
export async function readingBars(io: CliIo, enabled: boolean): Promise<{ onProgress?: (progress: ReadProgress) => void; stop(): void }> {
  if (!enabled || io.stderr.isTTY !== true) return { stop() {} };
  const { createReadingBars } = await import('./reading-bars.js');
  const bars = createReadingBars(io.stderr);
  const bySystem = new Map<string, SingleBar>();
  return {
    onProgress({ system, read }) {
      let bar = bySystem.get(system);
      if (!bar) bySystem.set(system, (bar = bars.create(1, 0, { system: (SYSTEM_LABELS[system as SystemName] ?? system).padEnd(12) })));
      bar.setTotal(Math.max(read, 1));
      bar.update(read);
    },
    stop: () => bars.stop(),
  };
}
