import { beforeEach, describe, expect, it } from 'vitest';
import type { WebshopPlatform } from '../../src/connectors/systems.js';
import type { CatalogueCustomer } from '../../src/sandbox/catalogue.js';
import { runOrders, worldConfig, type FlowRun } from './world/run-orders.js';
import { PLATFORMS, useFlowWorld, type FlowWorld } from './world/world.js';
import { expectTransferredOnce } from './helpers/order-checks.js';

/**
 * A webshop stamps its orders by its own clock, which may run behind ours. Before, a shop 14 minutes
 * behind (more than orders.lookbackMinutes, 10) lost orders with exit 0: one placed just after
 * startFrom was stamped before it, and one placed after the shop's clock fell behind was stamped
 * before the checkpoint's overlap. The clients read the skew from each answer's Date header (the
 * simulators date their answers by the shop's clock, as real servers do) and the leg widens by it.
 */
const FOURTEEN_MINUTES = 14 * 60_000;
const buyer = (sequence: number): CatalogueCustomer => ({
  email: `late.clock+${sequence}@example.dk`,
  name: `Late Clock ${sequence}`,
  address: 'Urmagerstræde 4',
  city: 'Odense',
  postcode: '5000',
  country: 'DK',
  existsInBackOffice: false,
});

describe.each(PLATFORMS)('a %s shop whose clock runs 14 minutes behind ours', (platform: WebshopPlatform) => {
  const startWorld = useFlowWorld();
  let systems: FlowWorld;

  beforeEach(async () => {
    systems = await startWorld({ platform, seededOrders: 2 });
  });

  const run = async (orders: Record<string, unknown> = {}): Promise<FlowRun> => {
    const config = await worldConfig(systems, orders);
    return runOrders({ config, command: 'orders' });
  };
  const place = (sequence: number) => systems.shop.place({ customer: buyer(sequence), items: [{ sku: 'CAP-001', quantity: 1 }], paid: true });

  it('transfers an order placed just after startFrom, though the shop stamped it before', async () => {
    systems.shop.setClockOffset(-FOURTEEN_MINUTES);
    const startFrom = new Date(Date.now() - 5 * 60_000).toISOString();
    const order = place(1);
    expect(systems.shop.orders().find((candidate) => candidate.number === order)!.createdAt).toBeLessThan(Date.parse(startFrom));

    const result = await run({ startFrom });
    expect(result.exitCode).toBe(0);
    expectTransferredOnce(systems, order);
  });

  it('transfers an order placed after the shop\'s clock fell behind the checkpoint', async () => {
    const before = place(1);
    expect((await run()).exitCode).toBe(0);
    expectTransferredOnce(systems, before);

    systems.shop.setClockOffset(-FOURTEEN_MINUTES);
    const after = place(2);
    const result = await run();
    expect(result.exitCode).toBe(0);
    expectTransferredOnce(systems, after);
    expectTransferredOnce(systems, before);
  });
});
