import { describe, expect, it } from 'vitest';
import { getCheckpoint } from '../../src/store/checkpoints.js';
import { openStore } from '../../src/store/database.js';
import { useTmpDir } from '../helpers/tmp-dir.js';
import { expectExactlyOnce } from './fixtures/exactly-once.js';
import { useFlowWorld } from './fixtures/use-flow-world.js';
import { loadOrdersConfig, runOrders } from './helpers/flow-setup.js';

/**
 * `orders --since`: a backfill reads from that time once. WooCommerce does not move an order's
 * modified time for every change (webshops.md §12: item edits keep date_modified), so an order can
 * become eligible behind the checkpoint, where only a backfill finds it. The checkpoint never moves back.
 */
describe('orders --since', () => {
  const tmp = useTmpDir('iex-sync-since-');
  const startWorld = useFlowWorld();

  it('finds an order that became eligible behind the checkpoint, and leaves the checkpoint where it was', async () => {
    const world = await startWorld({ seededOrders: 14 });
    const config = await loadOrdersConfig(world.configPath, tmp());
    expect((await runOrders({ config, command: 'orders' })).exitCode).toBe(0);

    // The oldest unpaid order after the cut-over is paid, but its modified time stays hours behind the checkpoint.
    const pending = [...world.woo.state.orders.values()]
      .filter((order) => order.status === 'pending' && order.createdAt >= world.startFrom.getTime())
      .sort((a, b) => a.modifiedAt - b.modifiedAt)[0];
    expect(pending).toBeDefined();
    pending!.status = 'processing';
    const inRackbeat = () => [...world.rackbeat.state.orders.values()].filter((order) => order.heading === `WooCommerce order #${pending!.number}`);

    const checkpointKey = { flow: 'orders', leg: 'webshop-rackbeat', sourceInstance: world.woo.config.url };
    const checkpoint = () => {
      const store = openStore(world.storePath);
      try {
        return getCheckpoint(store, checkpointKey);
      } finally {
        store.close();
      }
    };
    const before = checkpoint();
    expect(before).toBeDefined();

    expect((await runOrders({ config, command: 'orders' })).exitCode).toBe(0);
    expect(inRackbeat()).toHaveLength(0);

    const backfill = await runOrders({ config, command: 'orders --since', since: world.startFrom });
    expect(backfill.exitCode).toBe(0);
    expect(inRackbeat()).toHaveLength(1);
    expectExactlyOnce(world);
    expect(checkpoint()).toBe(before);
  });
});
