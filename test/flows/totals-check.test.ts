import { beforeEach, describe, expect, it } from 'vitest';
import type { CatalogueCustomer } from '../../src/sandbox/catalogue.js';
import { loadOrdersConfig, runOrders, type FlowRun } from './world/run-orders.js';
import { PLATFORMS, useFlowWorld, type FlowWorld } from './world/world.js';
import { rackbeatOrdersOf } from './helpers/order-checks.js';

const BUYER: CatalogueCustomer = {
  email: 'pat.coupon@example.dk',
  name: 'Pat Coupon',
  address: 'Østergade 9',
  city: 'Randers',
  postcode: '8900',
  country: 'DK',
  existsInBackOffice: false,
};

/**
 * After a create, the target's net, VAT and gross totals are compared with the source's; a difference beyond rounding
 * fails the order with a hint and stops it there (issue 9). Here Rackbeat ignores the line prices we
 * send (unconfirmed in rackbeat.md §4.1, a setting of its simulator), so a coupon's discount line is
 * priced at the catalogue's 0 and Rackbeat's total comes out higher than the shop's.
 */
describe.each(PLATFORMS)('the totals check with %s', (platform) => {
  const startWorld = useFlowWorld();
  let systems: FlowWorld;
  let run: () => Promise<FlowRun>;

  beforeEach(async () => {
    systems = await startWorld({ platform, seededOrders: 4 });
    const config = await loadOrdersConfig(systems.configPath);
    run = () => runOrders({ config, command: 'orders' });
    systems.rackbeat.state.settings.linePricesKept = false;
  });

  it('fails the order with a hint, does not book it or send it on, and never makes a second one', async () => {
    const number = systems.shop.place({ customer: BUYER, items: [{ sku: 'TEE-RED-M', quantity: 2 }], paid: true, coupon: true });

    const first = await run();
    expect(first.exitCode).toBe(1);
    const failed = first.legs[0]!.records.find((record) => record.sourceNumber === number);
    expect(failed).toMatchObject({ outcome: 'failed', message: expect.stringMatching(/^Rackbeat computed a net total of \d+\.\d\d, VAT of \d+\.\d\d and a gross total of \d+\.\d\d, the source says \d+\.\d\d, \d+\.\d\d and \d+\.\d\d \(attempt 1, /) });
    expect(failed!.hint).toMatch(/not sent further/);
    const [made, ...others] = rackbeatOrdersOf(systems, number);
    expect(others).toEqual([]);
    expect(made!.bookedAt).toBeNull();
    expect([...systems.economic.state.orderDrafts.values()].filter((draft) => JSON.stringify(draft).includes(`#${number}`))).toEqual([]);

    // The order changes in the shop (a second later: WooCommerce keeps whole seconds), so it is retried
    // at once: found by its heading, checked again, still wrong.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    systems.shop.markPaid(number);
    const second = await run();
    expect(second.exitCode).toBe(1);
    expect(second.legs[0]!.records.find((record) => record.sourceNumber === number)?.message).toMatch(/\(attempt 2, next at /);
    expect(rackbeatOrdersOf(systems, number)).toHaveLength(1);
    expect(rackbeatOrdersOf(systems, number)[0]!.bookedAt).toBeNull();
  });
});
