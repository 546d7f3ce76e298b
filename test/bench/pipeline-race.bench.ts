/**
 * Leg 2 alongside leg 1, run after run (the reconcile bench once ended with leg 2 making one order
 * fewer than leg 1, in 1 run of 12): many fresh `orders` runs in this process on the simulators at
 * no latency, each answer delayed now and then by 1, 4 or 15 ms (seeded latency rules) so the
 * hand-over, leg 2's listing and its batched look-ups meet in ever different orders; in every other run
 * leg 2's first listing is answered 0.2 to 2.7 s late, so it meets orders leg 1 booked meanwhile and
 * takes them before they are handed over (taken again then: what the reconcile bench does only when
 * its timing is unlucky; otherwise that listing finds Rackbeat empty). After each run:
 * every booked Rackbeat order has exactly one e-conomic document, leg 2 counted as many ok as leg 1,
 * and the run exited 0; a run that did not is printed with its counts and the records not ok.
 * Knobs: `BENCH_RACE_RUNS` (default 20), `BENCH_RACE_ORDERS` (shop orders a run, default 500; about
 * two thirds are paid), `BENCH_RACE_JITTER=0` (answers not jittered; the late first listings stay).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../../src/sandbox/harness/random.js';
import { startCountingWorld } from '../perf/orders-world.js';
import { finish, note, report } from './report.js';

const RUNS = Number(process.env.BENCH_RACE_RUNS ?? 20);
const ORDERS = Number(process.env.BENCH_RACE_ORDERS ?? 500);
const JITTER = process.env.BENCH_RACE_JITTER !== '0';

const random = seededRandom(15);
let missed = 0;
const started = performance.now();
for (let run = 0; run < RUNS; run += 1) {
  const folder = mkdtempSync(join(tmpdir(), 'iex-sync-race-'));
  // Seeded orders 20 s apart: all within the counting world's cut-over (two days back).
  const world = await startCountingWorld(folder, { seededOrders: ORDERS, seededOrderSpacingSeconds: 20 });
  try {
    if (JITTER) {
      for (const simulator of [world.woo.simulator, world.rackbeat.simulator, world.economic.simulator]) {
        simulator.addFault({ kind: 'latency', match: '*', probability: 0.3, ms: 1 });
        simulator.addFault({ kind: 'latency', match: '*', probability: 0.1, ms: 4 });
        simulator.addFault({ kind: 'latency', match: '*', probability: 0.03, ms: 15 });
      }
    }
    // The run's first `GET /orders` is leg 2's listing (leg 1 reads Rackbeat's orders once the shop's first page is in).
    if (run % 2 === 1) world.rackbeat.simulator.addFault({ kind: 'latency', match: 'GET /orders', times: 1, ms: 200 + Math.floor(random() * 2500) });
    const { result } = await world.run();
    const [shopLeg, economicLeg] = result.legs;
    const documents = new Map<string, number>();
    for (const draft of world.economic.state.orderDrafts.values()) {
      const reference = (draft.references as { other?: string } | undefined)?.other ?? '';
      const rackbeatNumber = /^rackbeat:(\d+)/.exec(reference)?.[1];
      if (rackbeatNumber !== undefined) documents.set(rackbeatNumber, (documents.get(rackbeatNumber) ?? 0) + 1);
    }
    const notOnce = [...world.rackbeat.state.orders.values()]
      .filter((order) => order.bookedAt !== null && documents.get(String(order.number)) !== 1)
      .map((order) => `Rackbeat order ${order.number}: ${documents.get(String(order.number)) ?? 0} documents`);
    const notOk = (economicLeg?.records ?? []).filter((record) => record.outcome !== 'ok').map((record) => `${record.sourceId} ${record.outcome}: ${record.message ?? ''}`);
    if (result.exitCode !== 0 || notOnce.length > 0 || notOk.length > 0 || economicLeg?.counts.ok !== shopLeg?.counts.ok) {
      missed += 1;
      const counts = result.legs.map((leg) => `${leg.leg} ${JSON.stringify(leg.counts)}${leg.stopped ? ` stopped: ${leg.stopped.message}` : ''}`).join('; ');
      note(`run ${run + 1}: exit ${result.exitCode} (${counts}); ${JSON.stringify([...notOnce, ...notOk].slice(0, 5))}`);
    }
  } finally {
    await world.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
note(`${RUNS} runs of ${ORDERS} shop orders${JITTER ? ', answers jittered' : ''} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
report('runs where leg 2 did not make and count each order leg 1 booked exactly once', missed, 'runs', '0', missed === 0);
finish();
