import type { CommandContext } from '../cli/command-context.js';
import { progressBars, reportFailures, summaryJson, summaryLine } from '../cli/flow-report.js';
import { runOrders, type OrdersConfig, type OrdersRun } from '../flows/orders/run-orders.js';

export interface OrdersCommandOptions {
  dryRun?: boolean | undefined;
  since?: Date | undefined;
  order?: string | undefined;
}

/** `iex-sync orders`: runs the flow and reports it (bars on a TTY, one summary line, or JSON). */
export async function runOrdersCommand(context: CommandContext, config: OrdersConfig, options: OrdersCommandOptions): Promise<number> {
  const { output, globals, io } = context;
  const dryRun = options.dryRun ?? false;
  const started = Date.now();
  const progress = await progressBars(io, !globals.quiet && !globals.json);
  const command = ['orders', dryRun ? '--dry-run' : '', options.since ? `--since ${options.since.toISOString()}` : '', options.order ? `--order ${options.order}` : '']
    .filter(Boolean)
    .join(' ');
  let run: OrdersRun;
  try {
    run = await runOrders({
      config,
      command,
      dryRun,
      since: options.since,
      orderNumber: options.order,
      onProgress: progress.onProgress,
      onCall: (call) => output.verbose(`${call.system} ${call.method} ${call.path} → ${call.status ?? 'no answer'} in ${call.durationMs} ms`),
    });
  } finally {
    progress.stop();
  }
  const durationMs = Date.now() - started;
  if (globals.json) {
    output.json(summaryJson('orders', run, durationMs, dryRun));
  } else {
    reportFailures(output, run.legs);
    if (run.message) output.error(run.message);
    writeSummary(context, summaryLine('orders', run.legs, durationMs, dryRun), run.exitCode);
    if (run.plannedForEconomic > 0) {
      output.info(`note: the ${run.plannedForEconomic} orders planned for Rackbeat would also reach e-conomic in the same run (leg 2 sees them once they exist)`);
    }
  }
  return run.exitCode;
}

/** The one summary line on stderr: always in cron/CI, and with -q only when something failed. */
function writeSummary(context: CommandContext, line: string, exitCode: number): void {
  if (exitCode === 0) context.output.info(line);
  else context.io.stderr.write(`${line}\n`);
}
