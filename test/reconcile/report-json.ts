/** `reconcile --format json` as a test reads it: the report and its findings. */
export interface FindingJson {
  kind: string;
  flow: string;
  record: string;
  systems: Record<string, string>;
  problem: string;
  log: string | null;
  hint: string;
}

export interface ReportJson {
  flows: string[];
  agrees: boolean;
  calls: number;
  findings: FindingJson[];
}

/** `mismatched SKU CAP-001`, one a finding, sorted: what a test compares a whole report with. */
export function kindsOf(report: ReportJson): string[] {
  return report.findings.map((finding) => `${finding.kind} ${finding.record}`).sort();
}
