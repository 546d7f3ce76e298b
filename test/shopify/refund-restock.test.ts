import { afterEach, describe, expect, it } from 'vitest';
import { createShopifyClient } from '../../src/connectors/shopify/client.js';
import { startShopifySimulator, type StartedShopifySimulator } from '../../src/sandbox/shopify/simulator.js';

/** A Shopify refund line's `restockType` as the client reads it: only a return (or an old-style restock) says the goods came back. */
const started: StartedShopifySimulator[] = [];
afterEach(async () => {
  for (const sim of started.splice(0)) await sim.simulator.close();
});

describe('Shopify refunds: restockType', () => {
  it('reads RETURN and LEGACY_RESTOCK as returned, CANCEL and NO_RESTOCK (the default) as not', async () => {
    const sim = await startShopifySimulator({ orders: 1, maximumAvailable: 100_000, restoreRate: 100_000 });
    started.push(sim);
    const order = [...sim.state.orders.values()][0]!;
    const line = order.lines[0]!;
    line.quantity = 4;
    const types = ['RETURN', 'LEGACY_RESTOCK', 'CANCEL', undefined] as const;
    for (const restockType of types) sim.state.refund(order.id, { lines: [{ lineId: line.id, quantity: 1, ...(restockType ? { restockType } : {}) }] });

    const client = createShopifyClient({ url: sim.simulator.url, accessToken: sim.state.accessToken, retry: { baseDelayMs: 10 } });
    const refunds = await client.refunds({ id: `gid://shopify/Order/${order.id}`, number: String(order.number) });
    expect(refunds.map((refund) => refund.lines.map((refunded) => refunded.returned))).toEqual([[true], [true], [false], [false]]);
  });
});
