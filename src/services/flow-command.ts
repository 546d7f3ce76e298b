import type { ConfigWith } from '../config/schema.js';
import { ExitCode } from '../domain/errors.js';
import type { SectionName } from '../config/sections/index.js';
import type { Role } from '../connectors/connections.js';
import type { FlowDefinition } from '../flows/flow.js';
import { adoptionLine, legLabel, problemLabel, progressBars, reportChanges, reportFailures, summaryJson, summaryLine } from '../ui/flow-report.js';
import type { Ui } from '../ui/ui.js';
import { runSyncFlow, type FlowRun } from './run-flow.js';
import { DEFAULT_MAX_RUNTIME, watchForStop, type MaxRuntime } from './run-stop.js';

export interface FlowCommandOptions {
  dryRun?: boolean | undefined;
  since?: Date | undefined;
  /** Records of the first leg by the number people know (`--order 1042`). */
  only?: readonly string[] | undefined;
  /** How `--only` was spelt on the command line (`--order`), for the runs table. */
  onlyFlag?: string | undefined;
  /** Stop cleanly after this long (default 30 minutes). */
  maxRuntime?: MaxRuntime | undefined;
}

/** The command line of a run, without secrets, for the runs table and whoever finds the lock held. */
export function commandLine(name: string, options: FlowCommandOptions): string {
  return [
    name,
    options.dryRun ? '--dry-run' : '',
    options.since ? `--since ${options.since.toISOString()}` : '',
    options.only ? `${options.onlyFlag ?? '--only'} ${options.only.join(',')}` : '',
    options.maxRuntime ? `--max-runtime ${options.maxRuntime.text}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * A flow run from the command line: progress bars on a terminal, then one summary line, or only
 * what is new with -q, or JSON with --json. Returns the run's exit code.
 */
export async function runFlowCommand<R extends Role, S extends SectionName>(
  ui: Ui,
  flow: FlowDefinition<R, S>,
  config: ConfigWith<R | S>,
  options: FlowCommandOptions,
): Promise<number> {
  const { output } = ui;
  const dryRun = options.dryRun ?? false;
  const started = Date.now();
  const progress = await progressBars(ui.io, !ui.quiet && !ui.json);
  const command = commandLine(flow.name, options);
  // SIGTERM, Ctrl-C or the time limit: the records in flight finish, the run is recorded, the lock released.
  const stop = watchForStop(options.maxRuntime ?? DEFAULT_MAX_RUNTIME, (notice) => output.warn(notice));
  let run: FlowRun;
  try {
    run = await runSyncFlow({
      flow,
      config,
      command,
      dryRun,
      since: options.since,
      only: options.only,
      stop: stop.signal,
      onProgress: progress.onProgress,
      onCall: (call) => output.verbose(`${call.system} ${call.method} ${call.path} → ${call.status ?? 'no answer'} in ${call.durationMs} ms`),
    });
  } finally {
    stop.dispose();
    progress.stop();
  }
  // A signal decides the exit code even when it came too late to cut anything short.
  const exitCode = stop.signalExitCode() ?? run.exitCode;
  const durationMs = Date.now() - started;
  if (ui.json) {
    output.json(summaryJson(flow.name, { ...run, exitCode }, durationMs, dryRun));
    return exitCode;
  }
  reportFlowRun(ui, flow.name, run, { exitCode, durationMs, dryRun });
  return exitCode;
}

/**
 * What a finished flow run prints for people: one summary line, after the failures and recoveries,
 * or with -q only what is new (a failure, a recovery, a stopped run). `iex-sync run` prints each of its flows so.
 */
export function reportFlowRun(ui: Ui, flowName: string, run: FlowRun, outcome: { exitCode: number; durationMs: number; dryRun: boolean }): void {
  const { output } = ui;
  const { exitCode } = outcome;
  const summary = summaryLine(flowName, run, outcome.durationMs, outcome.dryRun);
  if (ui.quiet) {
    // Cron mails what a run prints: only what is new (a failure, a recovery), not every open problem again.
    const news = run.newProblems.length > 0 || run.recovered.length > 0 || (exitCode !== ExitCode.ok && exitCode !== ExitCode.recordsFailed);
    if (!news) return;
    reportChanges(output, run);
    if (run.message) output.error(run.message);
    if (run.message && run.hint) ui.io.stderr.write(`hint: ${run.hint}\n`);
    ui.io.stderr.write(`${summary}\n`);
    return;
  }
  reportFailures(output, run.legs);
  for (const problem of run.recovered) output.info(`recovered: ${legLabel(problem.leg)} ${problemLabel(problem)} went through`);
  // Stopped at --max-runtime with nothing wrong is news, not an error.
  if (run.message && exitCode === ExitCode.ok) output.warn(run.message);
  else if (run.message) output.error(run.message);
  if (run.message && run.hint) output.info(`hint: ${run.hint}`);
  const adopted = adoptionLine(run.legs);
  if (adopted) output.info(adopted);
  output.info(summary);
  if (run.note) output.info(run.note);
}
