import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { expectExactlyOnce, expectNoDoubles } from './helpers/exactly-once.js';
import { runOrdersChild, startOrdersChild } from './helpers/orders-child.js';
import { useFlowWorld, type FlowWorld } from './world/world.js';

/**
 * `iex-sync orders` stopped mid-run by a signal or its time limit (issue 12 §6.2-3), as a real child
 * process over the simulators: it finishes the records in flight, writes the run's end, releases
 * the lock, prints its summary and exits 128 + the signal (or as its records say, for the time
 * limit); a rerun gets the lock and transfers the rest exactly once. A second signal while it stops
 * ends it at once, and that is safe too.
 */
describe('orders stopped by a signal or --max-runtime', () => {
  const startWorld = useFlowWorld();

  /** A world with enough orders and latency that the run is mid-way when the signal comes. */
  async function busyWorld(): Promise<FlowWorld> {
    const world = await startWorld({ latencyMs: 60, orderBeforeCutOver: true });
    world.placeOrders(30);
    return world;
  }

  for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
    it(`${signal}: finishes what is in flight, records the run's end, releases the lock, exits ${code}; a rerun does the rest once`, async () => {
      const world = await busyWorld();
      const { child, done } = startOrdersChild(world);
      await until(() => world.rackbeat.state.orders.size >= 3);
      child.kill(signal);
      const run = await done;

      expect(run.code, run.stderr).toBe(code);
      expect(run.stderr).toContain(`error: stopped on ${signal}: the records in flight were finished`);
      expect(run.stderr).toMatch(/^orders: webshop→rackbeat \d+ ok.* in [\d.]+ s$/m);
      expect(lastRun(world)).toMatchObject({ result: 'interrupted', exit_code: code, finished: 1, lock_rows: 0 });
      expectNoDoubles(world, `after ${signal}`);
      expect(world.rackbeat.state.orders.size, 'the signal cut the run short').toBeLessThan(45);

      const rerun = await runOrdersChild(world);
      expect(rerun.code, rerun.stderr).toBe(0);
      expectExactlyOnce(world);
    });
  }

  it('--max-runtime: stops cleanly like on SIGTERM once the time is up, but exits 0 when nothing failed; the next run goes on', async () => {
    const world = await busyWorld();
    const run = await runOrdersChild(world, { args: ['--max-runtime', '1s'] });

    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('warning: stopped at --max-runtime 1s: the records in flight were finished; the next run goes on from here');
    expect(run.stderr).toMatch(/^orders: webshop→rackbeat \d+ ok.* in [\d.]+ s$/m);
    expect(lastRun(world)).toMatchObject({ result: 'interrupted', exit_code: 0, finished: 1, lock_rows: 0 });
    expect(world.rackbeat.state.orders.size, 'the time limit cut the run short').toBeLessThan(45);
    expectNoDoubles(world, 'after --max-runtime');

    const rerun = await runOrdersChild(world);
    expect(rerun.code, rerun.stderr).toBe(0);
    expectExactlyOnce(world);
  });

  it('a second SIGTERM while stopping ends the run at once; the next run takes the lock over and finishes exactly once', async () => {
    const world = await startWorld({ latencyMs: 200, orderBeforeCutOver: true });
    world.placeOrders(30);
    const { child, stderrSoFar, done } = startOrdersChild(world);
    await until(() => world.rackbeat.state.orders.size >= 2);
    child.kill('SIGTERM');
    // Standard signals do not queue: wait until the first one is being handled before sending the second.
    await until(() => stderrSoFar().includes('SIGTERM again stops at once'));
    child.kill('SIGTERM');
    const run = await done;

    expect(run.code, run.stderr).toBe(143);
    // It did not wait for the records in flight: the run's end was never written and the lock is still its own.
    expect(lastRun(world)).toMatchObject({ result: null, finished: 0, lock_rows: 1 });
    expectNoDoubles(world, 'after the second SIGTERM');

    for (const simulator of world.simulators) simulator.setLatency(1);
    const rerun = await runOrdersChild(world);
    expect(rerun.code, rerun.stderr).toBe(0);
    expectExactlyOnce(world);
  });
});

/** The newest run row and whether anyone holds the lock, read as `status` would. */
function lastRun(world: FlowWorld): { result: string | null; exit_code: number | null; finished: number; lock_rows: number } {
  const store = openStore(world.storePath, { readonly: true });
  try {
    return store.db
      .prepare(
        `SELECT result, exit_code, finished_at IS NOT NULL AS finished, (SELECT count(*) FROM run_lock) AS lock_rows
         FROM runs ORDER BY id DESC LIMIT 1`,
      )
      .get() as { result: string | null; exit_code: number | null; finished: number; lock_rows: number };
  } finally {
    store.close();
  }
}

async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(10);
  }
}
