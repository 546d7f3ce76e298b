import { describe, expect, it } from 'vitest';
import { expectExactlyOnce } from './helpers/exactly-once.js';
import { runOrdersChild } from './helpers/orders-child.js';
import { useFlowWorld } from './world/world.js';

/**
 * Overlapping cron runs (design, protocol step 1): two `iex-sync orders` processes started together
 * on one store. One holds the lock and transfers everything; the other exits 75 at once, naming
 * the holder, and writes nothing. Enough orders and latency that the first run is still going
 * when the second, started at the same moment, reaches the lock.
 */
describe('two order runs started together', () => {
  const startWorld = useFlowWorld();

  it('one exits 75 naming the holder, the other finishes, nothing doubled', async () => {
    const world = await startWorld({ latencyMs: 20, orderBeforeCutOver: true });
    world.placeOrders(30);
    const runs = await Promise.all([runOrdersChild(world), runOrdersChild(world)]);

    expect(runs.map((run) => run.code).sort(), runs.map((run) => run.stderr).join('\n')).toEqual([0, 75]);
    const refused = runs.find((run) => run.code === 75);
    expect(refused?.stderr).toMatch(/^error: another run \(pid \d+ on .+, started .+Z\) holds the lock on .+iex-sync\.db\n$/);
    expectExactlyOnce(world);
  }, 60_000);
});
