import type { ConfigWith } from '../config/schema.js';
import type { SectionName } from '../config/sections/index.js';
import type { Role } from '../connectors/connections.js';
import { SYSTEM_LABELS } from '../connectors/systems.js';
import { ConfigError } from '../config/errors.js';
import { ExitCode, UsageError } from '../domain/errors.js';
import { RECONCILERS, type ReconcilePeriod, type Reconciler } from '../flows/reconcile.js';
import type { ReconcileFormat } from '../ui/reconcile-formats.js';
import { readingBars, reconcileCsv, reconcileJson, reconcileSummary, reconcileTable } from '../ui/reconcile-report.js';
import type { Ui } from '../ui/ui.js';
import { reconcile } from './reconcile.js';

/** What the command hands over: where to print, and its config, loaded with only the sections asked for. */
export interface ReconcileCommandContext {
  ui: Ui;
  loadConfig<S extends SectionName>(sections: readonly S[], optional?: readonly SectionName[]): Promise<{ config: ConfigWith<S> }>;
}

export interface ReconcileCommandOptions {
  /** The flows `--flow` names; undefined: every flow the config has a section for (and does not pause). */
  flows?: readonly string[] | undefined;
  period: ReconcilePeriod;
  format: ReconcileFormat;
}

/**
 * `iex-sync reconcile` from the command line: the flows' reconcilers, the config sections they
 * need, a reading bar per system on a terminal, then the report in the format asked for and the
 * summary line. Exit 0 when everything agrees, 1 when anything does not.
 */
export async function runReconcileCommand(context: ReconcileCommandContext, options: ReconcileCommandOptions): Promise<number> {
  const { since, until } = options.period;
  if (since >= until) {
    throw new UsageError(`--since ${since.toISOString()} is not before --until ${until.toISOString()}`, 'give a period that starts before it ends, e.g. --since 30d');
  }
  const { ui } = context;
  const reconcilers = options.flows ? await loadReconcilers(options.flows) : await configuredReconcilers(context);
  const sections = [...new Set(reconcilers.flatMap((reconciler): Array<Role | SectionName> => [...reconciler.roles, reconciler.section]))];
  const { config } = await context.loadConfig(sections as SectionName[]);
  const started = Date.now();
  const bars = await readingBars(ui.io, !ui.quiet && options.format === 'table');
  let result;
  try {
    result = await reconcile({
      reconcilers,
      config: config as ConfigWith<Role | SectionName>,
      period: options.period,
      onProgress: bars.onProgress,
      onCall: (call) => ui.output.verbose(`${call.system} ${call.method} ${call.path} → ${call.status ?? 'no answer'} in ${call.durationMs} ms`),
    });
  } finally {
    bars.stop();
  }
  const report = { ...result, durationMs: Date.now() - started };
  if (options.format === 'json') ui.output.data(reconcileJson(report));
  else if (options.format === 'csv') ui.output.data(reconcileCsv(report));
  else {
    const platform = (config as Partial<ConfigWith<'webshop'>>).webshop?.platform;
    const table = reconcileTable(report, platform ? SYSTEM_LABELS[platform] : 'webshop');
    if (table) ui.output.data(table);
  }
  if (result.note) ui.output.warn(result.note);
  ui.output.info(reconcileSummary(report));
  return result.findings.length > 0 ? ExitCode.recordsFailed : ExitCode.ok;
}

function loadReconcilers(flows: readonly string[]): Promise<Reconciler[]> {
  return Promise.all(
    flows.map((flow) => {
      const load = RECONCILERS[flow];
      if (!load) throw new UsageError(`"${flow}" offers no comparison`, `use --flow ${Object.keys(RECONCILERS).join(', ')}`);
      return load();
    }),
  );
}

/**
 * Without --flow: every flow whose section the config has, as `iex-sync run` runs them, less those
 * paused (`enabled: false`), whose targets would all read as missing.
 */
async function configuredReconcilers(context: ReconcileCommandContext): Promise<Reconciler[]> {
  const all = await loadReconcilers(Object.keys(RECONCILERS));
  const { config } = await context.loadConfig([], all.map((reconciler) => reconciler.section));
  const sections = config as Partial<Record<SectionName, { enabled?: boolean }>>;
  const configured = all.filter((reconciler) => sections[reconciler.section] !== undefined && sections[reconciler.section]?.enabled !== false);
  if (configured.length === 0) {
    throw new ConfigError([`no flow to compare is configured: add a section for at least one of ${all.map((reconciler) => reconciler.section).join(', ')} to the config (see sync.config.example.yaml), or name one with --flow`]);
  }
  return configured;
}
