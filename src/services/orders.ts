import type { CommandContext } from '../cli/command-context.js';
import { adoptionLine, legLabel, progressBars, reportChanges, reportFailures, summaryJson, summaryLine } from '../cli/flow-report.js';
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
    return run.exitCode;
  }
  const summary = summaryLine('orders', run, durationMs, dryRun);
  if (globals.quiet) {
    // Cron mails what a run prints: only what is new (a failure, a recovery), not every open problem again.
    const news = run.newProblems.length > 0 || run.recovered.length > 0 || run.exitCode === 3;
    if (!news) return run.exitCode;
    reportChanges(output, run);
    if (run.message) output.error(run.message);
    context.io.stderr.write(`${summary}\n`);
    return run.exitCode;
  }
  reportFailures(output, run.legs);
  for (const problem of run.recovered) output.info(`recovered: ${legLabel(problem.leg)} ${problem.sourceNumber ?? problem.sourceId} went through`);
  if (run.message) output.error(run.message);
  const adopted = adoptionLine(run.legs);
  if (adopted) output.info(adopted);
  output.info(summary);
  if (run.plannedForEconomic > 0) {
    output.info(`note: the ${run.plannedForEconomic} orders planned for Rackbeat would also reach e-conomic in the same run (leg 2 sees them once they exist)`);
  }
  return run.exitCode;
}
