import { describe, expect, it } from 'vitest';
import { getCheckpoint } from '../../src/store/checkpoints.js';
import { openStore } from '../../src/store/database.js';
import { expectExactlyOnce } from './helpers/exactly-once.js';
import { loadOrdersConfig, runOrders } from './world/run-orders.js';
import { useFlowWorld } from './world/world.js';

/**
 * `orders --since`: a backfill reads from that time once. WooCommerce does not move an order's
 * modified time for every change (webshops.md §12: item edits keep date_modified), so an order can
 * become eligible behind the checkpoint, where only a backfill finds it. The checkpoint never moves back.
 */
describe('orders --since', () => {
  const startWorld = useFlowWorld();

  it('finds an order that became eligible behind the checkpoint, and leaves the checkpoint where it was', async () => {
    const world = await startWorld({ seededOrders: 14, orderBeforeCutOver: true });
    const { shop } = world;
    if (shop.platform !== 'woocommerce') throw new Error('a WooCommerce world');
    const config = await loadOrdersConfig(world.configPath);
    expect((await runOrders({ config, command: 'orders' })).exitCode).toBe(0);

    // The oldest unpaid order after the cut-over is paid, but its modified time stays hours behind the checkpoint.
    const pending = [...shop.state.orders.values()]
      .filter((order) => order.status === 'pending' && order.createdAt >= world.startFrom.getTime())
      .sort((a, b) => a.modifiedAt - b.modifiedAt)[0];
    expect(pending).toBeDefined();
    pending!.status = 'processing';
    const inRackbeat = () => [...world.rackbeat.state.orders.values()].filter((order) => order.heading === `WooCommerce order #${pending!.number}`);

    const checkpointKey = { flow: 'orders', leg: 'webshop-rackbeat', sourceInstance: String(shop.config.url) };
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
