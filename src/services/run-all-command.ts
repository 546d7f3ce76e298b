import type { SyncConfig } from '../config/schema.js';
import { ExitCode } from '../domain/errors.js';
import { progressBars, recordLabel, summaryJson } from '../ui/flow-report.js';
import type { Ui } from '../ui/ui.js';
import { commandLine, reportFlowRun } from './flow-command.js';
import type { NotifyResult } from './notify.js';
import type { RetryFilter } from '../store/retry.js';
import { runAll, type FlowOutcome } from './run-all.js';
import { DEFAULT_MAX_RUNTIME, watchForStop, type MaxRuntime } from './run-stop.js';

export interface RunAllCommandOptions {
  only?: readonly string[] | undefined;
  dryRun?: boolean | undefined;
  maxRuntime?: MaxRuntime | undefined;
  /** What the command is called in the runs table (`run`, `retry`). */
  name?: string | undefined;
  /** `iex-sync retry`: these failures are tried now, and only their flows run. */
  retry?: RetryFilter | undefined;
}

/**
 * `iex-sync run` on the command line: each flow reports as `iex-sync orders` would (a summary
 * line, or with -q only what is new), a paused flow in one line, then what was notified. With
 * --json, one document for the whole run. Returns the run's exit code.
 */
export async function runAllCommand(ui: Ui, config: SyncConfig, options: RunAllCommandOptions): Promise<number> {
  const { output } = ui;
  const dryRun = options.dryRun ?? false;
  const name = options.name ?? 'run';
  const command = commandLine(name, { dryRun, maxRuntime: options.maxRuntime, only: options.only, onlyFlag: name === 'retry' ? '--flow' : '--only' });
  const stop = watchForStop(options.maxRuntime ?? DEFAULT_MAX_RUNTIME, (notice) => output.warn(notice));
  let result: Awaited<ReturnType<typeof runAll>>;
  try {
    result = await runAll({
      config,
      only: options.only,
      dryRun,
      command,
      stop: stop.signal,
      retry: options.retry,
      onFlowStart: () => progressBars(ui.io, !ui.quiet && !ui.json),
      onCall: (call) => output.verbose(`${call.system} ${call.method} ${call.path} → ${call.status ?? 'no answer'} in ${call.durationMs} ms`),
    });
  } finally {
    stop.dispose();
  }
  const exitCode = stop.signalExitCode() ?? result.exitCode;
  if (ui.json) {
    output.json({ flows: result.flows.map((outcome) => outcomeJson(outcome, dryRun)), notifications: result.notify ?? null, retried: result.retried ?? null, exitCode });
    return exitCode;
  }
  if (result.retried) output.info(`retrying now: ${result.retried.map((each) => `${each.flow} ${recordLabel(each.sourceSystem, each.sourceNumber, each.origin)}`).join(', ')}`);
  for (const outcome of result.flows) reportOutcome(ui, outcome, dryRun);
  if (result.notify) reportNotify(ui, result.notify);
  return exitCode;
}

function reportOutcome(ui: Ui, outcome: FlowOutcome, dryRun: boolean): void {
  const { output } = ui;
  if (outcome.state === 'paused') output.info(`${outcome.flow}: paused (${outcome.section}.enabled is false), skipped`);
  else if (outcome.state === 'not-started') output.info(`${outcome.flow}: not started (the run was stopped first)`);
  else if (outcome.state === 'failed') {
    output.error(`${outcome.flow} did not run: ${outcome.error.message}`);
    if (outcome.error.hint) ui.io.stderr.write(`hint: ${outcome.error.hint}\n`);
  } else reportFlowRun(ui, outcome.flow, outcome.run, { exitCode: outcome.run.exitCode, durationMs: outcome.durationMs, dryRun });
}

/** Sent: one line. Not sent: an error the first time (cron mails it), a warning after; the notice is kept either way. */
function reportNotify(ui: Ui, notify: NotifyResult): void {
  const { output } = ui;
  const sent = new Map<string, number>();
  for (const each of notify.delivered) sent.set(each.label, (sent.get(each.label) ?? 0) + 1);
  for (const [label, count] of sent) output.info(`notified ${label} (${count} notice${count === 1 ? '' : 's'})`);
  for (const failure of notify.failed) {
    const text = `could not notify ${failure.label}: ${failure.error}; the notice is kept and sent by the next run (attempt ${failure.attempts})`;
    if (failure.attempts === 1) output.error(text);
    else output.warn(text);
  }
}

function outcomeJson(outcome: FlowOutcome, dryRun: boolean): unknown {
  if (outcome.state === 'ran') return { state: 'ran', ...summaryJson(outcome.flow, outcome.run, outcome.durationMs, dryRun) };
  if (outcome.state === 'failed') {
    return { flow: outcome.flow, state: 'failed', error: { message: outcome.error.message, hint: outcome.error.hint ?? null }, exitCode: outcome.error.exitCode };
  }
  return { flow: outcome.flow, state: outcome.state, exitCode: ExitCode.ok };
}
