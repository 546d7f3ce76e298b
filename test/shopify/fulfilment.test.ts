import { describe, expect, it } from 'vitest';
import type { Shipment, ShopOrder } from '../../src/connectors/webshop.js';
import type { StartedShopifySimulator } from '../../src/sandbox/shopify/simulator.js';
import { FAST_BUCKET, useShopifySims } from './helpers/sims.js';

const T0 = Date.parse('2026-03-01T10:00:00Z');
const { start, clientFor } = useShopifySims({ ...FAST_BUCKET, now: () => T0 });

/** A shop with one paid, unfulfilled order of `lines` lines, read back as the order flow sees it. */
async function orderOf(lines: number, fulfillmentStatus: 'UNFULFILLED' | 'ON_HOLD' = 'UNFULFILLED') {
  const sim = await start();
  const [seeded] = sim.state.addOrders(1, { lineCount: lines, financialStatus: 'PAID', startAt: T0 - 3_600_000 });
  seeded!.fulfillmentStatus = fulfillmentStatus;
  for (const line of seeded!.lines) line.quantity = 2;
  const client = clientFor(sim);
  const order = (await client.orderByNumber(String(seeded!.number)))!;
  return { sim, client, order, seeded: seeded! };
}

function all(order: ShopOrder, reference = 'Rackbeat delivery 5001', tracking: Shipment['tracking'] = { number: '1Z999', company: 'UPS', url: 'https://track.example/1Z999' }): Shipment {
  return { reference, shipped: order.lines.map((line) => ({ lineId: line.id, quantity: line.quantity })), tracking };
}

/** The fulfillmentCreate calls that reached the shop, with their input. */
function creates(sim: StartedShopifySimulator) {
  return sim.simulator.writeLog
    .map((entry) => entry.body as { query: string; variables: { fulfillment?: Record<string, any> } })
    .filter((body) => body.query.includes('fulfillmentCreate'))
    .map((body) => body.variables.fulfillment!);
}

describe('Shopify fulfil', () => {
  it('fulfils a full shipment with tracking and notifies the customer; a rerun writes nothing', async () => {
    const { sim, client, order, seeded } = await orderOf(3);
    const shipment = all(order);
    const result = await client.fulfil(order, shipment);
    expect(result).toMatchObject({ complete: true, ids: [expect.stringMatching(/^gid:\/\/shopify\/Fulfillment\/\d+$/)] });
    expect(result.writes).toEqual([{ kind: 'fulfilment', lines: shipment.shipped, tracking: shipment.tracking, notifyCustomer: true }]);
    expect(creates(sim)).toEqual([
      {
        lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: expect.any(String), fulfillmentOrderLineItems: expect.arrayContaining([expect.objectContaining({ quantity: 2 })]) }],
        notifyCustomer: true,
        trackingInfo: { number: '1Z999', company: 'UPS', url: 'https://track.example/1Z999' },
      },
    ]);
    expect(sim.state.fulfillments.of(seeded).map((fulfillmentOrder) => fulfillmentOrder.status)).toEqual(['CLOSED']);
    expect(sim.state.orders.get(seeded.id)!.fulfillmentStatus).toBe('FULFILLED');

    expect(await client.fulfilmentPlan(order, shipment)).toEqual({ complete: true, writes: [] });
    expect(await client.fulfil(order, shipment)).toEqual({ complete: true, writes: [], ids: [] });
    expect(creates(sim)).toHaveLength(1);
  });

  it('fulfils what a partial shipment shipped, then only the rest when the next one ships it', async () => {
    const { sim, client, order, seeded } = await orderOf(2);
    const [first, second] = order.lines;
    const partial: Shipment = { reference: 'Rackbeat delivery 7', shipped: [{ lineId: first!.id, quantity: 2 }, { lineId: second!.id, quantity: 1 }] };
    const one = await client.fulfil(order, partial);
    expect(one).toMatchObject({ complete: false, writes: [{ kind: 'fulfilment', lines: partial.shipped, tracking: undefined }] });
    expect(creates(sim)[0]).not.toHaveProperty('trackingInfo');
    expect(sim.state.fulfillments.of(seeded)[0]!.status).toBe('IN_PROGRESS');

    // Shipped so far in all: the first line again (nothing more to do) and the second in full.
    const rest = await client.fulfil(order, { reference: 'Rackbeat delivery 8', shipped: [{ lineId: first!.id, quantity: 2 }, { lineId: second!.id, quantity: 2 }] });
    expect(rest).toMatchObject({ complete: true, writes: [{ kind: 'fulfilment', lines: [{ lineId: second!.id, quantity: 1 }] }] });
    expect(sim.state.fulfillments.of(seeded)[0]!.status).toBe('CLOSED');
  });

  it('adopts an order fulfilled by hand first: nothing to write', async () => {
    const { sim, client, order, seeded } = await orderOf(2);
    sim.state.fulfilByHand(seeded.id);
    expect(await client.fulfil(order, all(order))).toEqual({ complete: true, writes: [], ids: [] });
    expect(creates(sim)).toHaveLength(0);
  });

  it('refuses an order cancelled in the shop meanwhile, and waits on one on hold', async () => {
    const cancelled = await orderOf(1);
    cancelled.sim.state.cancelOrder(cancelled.seeded.id);
    const refused = await cancelled.client.fulfil(cancelled.order, all(cancelled.order));
    expect(refused).toEqual({ refused: `order ${cancelled.order.number} was cancelled in Shopify`, complete: false, writes: [], ids: [] });
    expect(creates(cancelled.sim)).toHaveLength(0);

    const held = await orderOf(1, 'ON_HOLD');
    expect(await held.client.fulfilmentPlan(held.order, all(held.order))).toMatchObject({ waiting: expect.stringContaining('on hold'), writes: [] });
  });

  it('does not notify when told not to', async () => {
    const { sim, client, order } = await orderOf(1);
    await client.fulfil(order, { ...all(order, 'd-1'), tracking: undefined }, { notifyCustomer: false });
    expect(creates(sim)[0]).toMatchObject({ notifyCustomer: false });
  });

  it('reads the lines of a large order beyond the first page of its fulfillment order', async () => {
    const { sim, client, order } = await orderOf(60);
    const result = await client.fulfil(order, all(order));
    expect(result.complete).toBe(true);
    expect(creates(sim)[0]!.lineItemsByFulfillmentOrder[0].fulfillmentOrderLineItems).toHaveLength(60);
  });
});
