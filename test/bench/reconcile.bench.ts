/**
 * `reconcile` over a month of a busy shop (issue 22): 5,000 WooCommerce orders spread over 30 days,
 * transferred by one `orders` run (in this process, no latency), then the built CLI runs
 * `reconcile --since 31d --format json` as its own process against simulators answering in 50 ms,
 * as a monthly CI job would. Reported, each with its target:
 * - what it found in a world the run left clean: nothing;
 * - its calls against one list call per page of each system (shop 100 orders a page, Rackbeat 250,
 *   e-conomic 1,000 in each of its five places) and a /self each;
 * - its wall time (minutes at most, the issue says; the target is one);
 * - its peak RSS (VmHWM, Linux), against the orders bench's target for as many orders;
 * - what it holds while reading (the heap after a full GC at every page, read in this process, the
 *   simulators' state fixed meanwhile): the Rackbeat orders and documents are held small, by
 *   reference, and the shop's orders go by a page at a time.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadConfig } from '../../src/config/load.js';
import type { ConfigWith } from '../../src/config/schema.js';
import { ordersFlow } from '../../src/flows/orders/index.js';
import { ordersReconciler } from '../../src/flows/orders/reconcile.js';
import { runSyncFlow } from '../../src/services/run-flow.js';
import { startCountingWorld } from '../perf/orders-world.js';
import { heapHeldWhileReconciling } from './heap-held.js';
import { runMeasured } from './measured-process.js';
import { finish, note, report } from './report.js';

const ORDERS = Number(process.env.BENCH_RECONCILE_ORDERS ?? 5000);
const DAYS = 30;
const LATENCY_MS = 50;

interface ReconcileReport {
  agrees: boolean;
  calls: number;
  findings: unknown[];
}

const folder = mkdtempSync(join(tmpdir(), 'iex-sync-bench-'));
const world = await startCountingWorld(folder, { seededOrders: ORDERS, seededOrderSpacingSeconds: Math.floor((DAYS * 86_400) / ORDERS) });
try {
  // The month is after the cut-over: every paid order of it is transferred.
  const configPath = join(folder, 'month.config.yaml');
  writeFileSync(
    configPath,
    stringify({
      store: join(folder, 'iex-sync.db'),
      webshop: world.woo.config,
      rackbeat: world.rackbeat.config,
      economic: world.economic.config,
      orders: { startFrom: new Date(Date.now() - (DAYS + 5) * 86_400_000).toISOString(), layoutNumber: 19, paymentTermsNumber: 1, rackbeat: { paymentTermsNumber: 1 } },
    }),
  );
  const sections = ['webshop', 'rackbeat', 'economic', 'orders'] as const;
  const { config } = await loadConfig({ path: configPath, cwd: folder, env: {}, sections: [...sections] });
  const transferStarted = performance.now();
  const transfer = await runSyncFlow({ flow: ordersFlow, config: config as ConfigWith<(typeof sections)[number]>, command: 'orders' });
  const made = transfer.legs
    .map((leg) => `${leg.leg} ${Object.entries(leg.counts).map(([outcome, count]) => `${count} ${outcome}`).join(', ')}${leg.stopped ? ` (stopped: ${leg.stopped.message})` : ''}`)
    .join('; ');
  note(`setup: ${ORDERS} shop orders over ${DAYS} days transferred in ${((performance.now() - transferStarted) / 1000).toFixed(0)} s, exit ${transfer.exitCode} (${made})`);
  // Legs 1 and 2 make a document of every paid order: one neither made nor skipped (leg 2 once made one fewer than leg 1), and why.
  const unmade = transfer.legs.slice(0, 2).flatMap((leg) =>
    leg.records.filter((record) => record.outcome !== 'ok' && record.outcome !== 'skipped').map((record) => `${leg.leg} ${record.sourceId} ${record.outcome}: ${record.message ?? ''}`),
  );
  if (unmade.length > 0) note(`setup: records neither made nor skipped (the first 5): ${JSON.stringify(unmade.slice(0, 5))}`);
  const documents = world.economic.state.orderDrafts.size;
  const rackbeatOrders = world.rackbeat.state.orders.size;

  // What reconcile holds while it reads.
  const period = { since: new Date(Date.now() - (DAYS + 1) * 86_400_000), until: new Date() };
  const held = await heapHeldWhileReconciling(ordersReconciler, config, period);
  // Summaries by reference, about 1 KB an order, and the pages in hand (up to 1,000 e-conomic documents);
  // whole records of Rackbeat and e-conomic would be several KB an order.
  const budget = ORDERS * 2048 + 2 * 1_048_576;
  report(`reconcile heap held while reading ${ORDERS} orders`, held / 1_048_576, 'MB', `≤ ${(budget / 1_048_576).toFixed(1)} MB (2 KB an order and 2 MB of pages in hand)`, held <= budget, 1);

  for (const simulator of [world.woo.simulator, world.rackbeat.simulator, world.economic.simulator]) simulator.setLatency(LATENCY_MS);
  const run = await runMeasured(['-c', configPath, 'reconcile', '--since', `${DAYS + 1}d`, '--format', 'json']);
  if (!run.stdout) throw new Error(`reconcile printed no report (exit ${run.exitCode}): ${run.stderr.slice(0, 2000)}`);
  const found = JSON.parse(run.stdout) as ReconcileReport;

  if (found.findings.length > 0) note(`reconcile findings in a clean month (the first 3): ${JSON.stringify(found.findings.slice(0, 3))}`);
  report('reconcile findings in a clean month', found.findings.length, 'findings', '0, exit 0', found.findings.length === 0 && run.exitCode === 0);
  const pages = (count: number, size: number) => Math.max(1, Math.ceil(count / size));
  // /self × 3; the shop's pages and the one that shows there are no more (WooCommerce reads until a
  // short page); Rackbeat's pages; e-conomic: its drafts' pages and one call for each other place.
  const bound = 3 + pages(ORDERS, 100) + 1 + pages(rackbeatOrders, 250) + pages(documents, 1000) + 4;
  report('reconcile calls for a month', found.calls, 'calls', `≤ 1.1 × ${bound} (a list call per page, a /self each)`, found.calls <= 1.1 * bound);
  report(`reconcile wall time at ${LATENCY_MS} ms latency`, run.wallMs / 1000, 's', '≤ 60 s', run.wallMs <= 60_000, 1);
  const peak = run.peakRssMb ?? Number.NaN;
  report(`reconcile peak RSS over ${ORDERS} orders`, peak, 'MB', '< 250 MB (as orders)', peak < 250);
} finally {
  await world.close();
  rmSync(folder, { recursive: true, force: true });
}
finish();
