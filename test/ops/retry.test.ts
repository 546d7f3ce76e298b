import { describe, expect, it } from 'vitest';
import { runMain } from '../cli/run-cli.js';
import { economicDocumentsOf, expectTransferredOnce, rackbeatOrdersOf } from '../flows/helpers/order-checks.js';
import { useFlowWorld } from '../flows/world/world.js';
import { writeCounts } from '../flows/world/writes.js';
import { BUYER, createInEconomic, placeOrderEconomicLacks, writeWorldConfig } from './ops-world.js';

/** Issue 21, `iex-sync retry`: failures tried now, whatever their backoff, and nothing made twice. */
describe('iex-sync retry', () => {
  const startWorld = useFlowWorld();

  it('tries a parked order now once its cause is fixed (a run would wait out the backoff), and makes nothing twice', async () => {
    const world = await startWorld();
    const file = writeWorldConfig(world);
    const cli = (args: string[]) => runMain(['-c', file, ...args], { cwd: world.dir });
    const order = placeOrderEconomicLacks(world);
    expect((await cli(['run', '-q'])).code).toBe(1);

    await createInEconomic(world);
    // Parked for its backoff: a plain run leaves it alone.
    expect((await cli(['run', '-q'])).code).toBe(1);
    const [inRackbeat] = rackbeatOrdersOf(world, order);
    expect(economicDocumentsOf(world, `rackbeat:${inRackbeat!.number}`)).toHaveLength(0);

    const retried = await cli(['retry', '--record', order]);
    expect(retried.code, retried.stderr).toBe(0);
    expect(retried.stderr).toMatch(new RegExp(`^retrying now: orders #${order} \\(Rackbeat \\d+\\)$`, 'm'));
    expect(retried.stderr).toContain(`recovered: rackbeat→e-conomic #${order}`);
    expectTransferredOnce(world, order);

    const before = writeCounts(world);
    const again = await cli(['retry', '--record', order]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`nothing to retry: no failed or given-up record ${order}`);
    expect((await cli(['run', '-q'])).code).toBe(0);
    expect(writeCounts(world)).toEqual(before);
    expectTransferredOnce(world, order);
  });

  it('retries a refused booking without creating the Rackbeat order again', async () => {
    const world = await startWorld();
    const file = writeWorldConfig(world);
    const cli = (args: string[]) => runMain(['-c', file, ...args], { cwd: world.dir });
    const order = world.shop.place({ customer: BUYER, items: [{ sku: 'CAP-001', quantity: 1 }], paid: true });
    world.rackbeat.simulator.addFault({ kind: 'server-error', match: 'POST /orders/:number/book', status: 422, times: 1 });
    expect((await cli(['run', '-q'])).code).toBe(1);
    expect(rackbeatOrdersOf(world, order)).toHaveLength(1);

    const retried = await cli(['retry', '--failed']);
    expect(retried.code, retried.stderr).toBe(0);
    expectTransferredOnce(world, order);
    expect(rackbeatOrdersOf(world, order)).toHaveLength(1);
  });

  it('asks what to retry when told nothing (exit 2)', async () => {
    const world = await startWorld();
    const result = await runMain(['-c', writeWorldConfig(world), 'retry'], { cwd: world.dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('say what to retry');
  });
});
