import { describe, expect, it } from 'vitest';
import { useRackbeatSimulator } from './use-simulator.js';

/** An order's deliveries as the client reads them from the simulator: partial shipments, lines, the tracking number it models. */
const start = useRackbeatSimulator();

async function bookedOrder() {
  const { sim, client } = await start();
  const order = sim.state.createOrderByPerson({ customerNumber: 1001, lines: [{ sku: 'CAP-001', quantity: 3 }, { sku: 'MUG#BLK', quantity: 1 }] }, { book: true });
  return { sim, client, order };
}

describe('Rackbeat shipments', () => {
  it('a partial shipment leaves the order partly shipped; the rest ships it; the client reads each delivery with its lines and tracking', async () => {
    const { sim, client, order } = await bookedOrder();
    const [cap, mug] = order.lines;
    sim.state.shipOrderByHand(order.number, { lines: [{ lineId: cap!.id, quantity: 2 }] });
    const partly = (await client.order(order.number))!;
    expect([partly.isShipped, partly.isPartlyShipped]).toEqual([false, true]);
    expect(await client.shipments(order.number)).toEqual([
      { id: 1, shippedAt: expect.any(Date), lines: [{ orderLineId: cap!.id, quantity: 2 }], trackingNumber: undefined, trackingUrl: undefined, carrier: undefined },
    ]);

    sim.state.shipOrderByHand(order.number, { trackingNumber: '1Z999' });
    const shipped = (await client.order(order.number))!;
    expect([shipped.isShipped, shipped.isPartlyShipped]).toEqual([true, false]);
    expect((await client.shipments(order.number)).map((shipment) => [shipment.id, shipment.lines, shipment.trackingNumber])).toEqual([
      [1, [{ orderLineId: cap!.id, quantity: 2 }], undefined],
      [2, [{ orderLineId: cap!.id, quantity: 1 }, { orderLineId: mug!.id, quantity: 1 }], '1Z999'],
    ]);
  });

  it('refuses to ship more than is left of a line (422), and anything once the order is shipped', async () => {
    const { sim, order } = await bookedOrder();
    const ship = (body: unknown) =>
      fetch(`${sim.config.url}/sandbox/orders/${order.number}/ship`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${sim.config.apiKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const [cap] = order.lines;
    const tooMany = await ship({ lines: [{ id: cap!.id, quantity: 4 }] });
    expect(tooMany.status).toBe(422);
    expect(await tooMany.json()).toMatchObject({ errors: { lines: [`Line ${cap!.id} has 3 left to ship.`] } });
    expect((await ship({ tracking_number: 'PN-1' })).status).toBe(200);
    expect((await ship({})).status).toBe(422);
    expect(sim.state.shipments.size).toBe(1);
  });
});
