import type { CommandContext } from '../cli/command-context.js';
import { progressBars, reportFailures, summaryJson, summaryLine } from '../cli/flow-report.js';
import { runOrders, type OrdersConfig, type OrdersRun } from '../flows/orders/run-orders.js';
import { DEFAULT_MAX_RUNTIME, watchForStop, type MaxRuntime } from './run-stop.js';

export interface OrdersCommandOptions {
  dryRun?: boolean | undefined;
  since?: Date | undefined;
  order?: string | undefined;
  maxRuntime?: MaxRuntime | undefined;
}

/** `iex-sync orders`: runs the flow and reports it (bars on a TTY, one summary line, or JSON). */
export async function runOrdersCommand(context: CommandContext, config: OrdersConfig, options: OrdersCommandOptions): Promise<number> {
  const { output, globals, io } = context;
  const dryRun = options.dryRun ?? false;
  const started = Date.now();
  const progress = await progressBars(io, !globals.quiet && !globals.json);
  const command = [
    'orders',
    dryRun ? '--dry-run' : '',
    options.since ? `--since ${options.since.toISOString()}` : '',
    options.order ? `--order ${options.order}` : '',
    options.maxRuntime ? `--max-runtime ${options.maxRuntime.text}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const stop = watchForStop(options.maxRuntime ?? DEFAULT_MAX_RUNTIME, (notice) => output.warn(notice));
  let run: OrdersRun;
  try {
    run = await runOrders({
      config,
      command,
      dryRun,
      since: options.since,
      orderNumber: options.order,
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
  if (globals.json) {
    output.json(summaryJson('orders', { ...run, exitCode }, durationMs, dryRun));
  } else {
    reportFailures(output, run.legs);
    // A run that still exits 0 (stopped by the time limit with nothing failed) only warns.
    if (run.message && exitCode === 0) output.warn(run.message);
    else if (run.message) output.error(run.message);
    writeSummary(context, summaryLine('orders', run.legs, durationMs, dryRun), exitCode);
    if (run.plannedForEconomic > 0) {
      output.info(`note: the ${run.plannedForEconomic} orders planned for Rackbeat would also reach e-conomic in the same run (leg 2 sees them once they exist)`);
    }
  }
  return exitCode;
}

/** The one summary line on stderr: always in cron/CI, and with -q only when something failed. */
function writeSummary(context: CommandContext, line: string, exitCode: number): void {
  if (exitCode === 0) context.output.info(line);
  else context.io.stderr.write(`${line}\n`);
}
