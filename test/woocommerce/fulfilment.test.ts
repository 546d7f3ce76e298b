import { describe, expect, it } from 'vitest';
import type { Shipment, ShopOrder } from '../../src/connectors/webshop.js';
import { useWooShops } from './helpers/shops.js';

const { orderIn } = useWooShops();

const TRACKING = { number: '00370712345', company: 'PostNord', url: 'https://tracking.example/00370712345' };

function shipped(order: ShopOrder, quantities: number[], reference = 'Rackbeat delivery 5001', tracking: Shipment['tracking'] = TRACKING): Shipment {
  return { reference, shipped: order.lines.map((line, index) => ({ lineId: line.id, quantity: quantities[index] ?? 0 })), tracking };
}

describe('WooCommerce fulfil', () => {
  it('adds a customer note with the tracking and reference, then completes the order; a rerun writes nothing', async () => {
    const { woo, client, order, id } = await orderIn();
    const shipment = shipped(order, [2, 1]);
    const result = await client.fulfil(order, shipment);
    const text = 'Your order has been shipped.\nTracking: PostNord 00370712345 \u2013 https://tracking.example/00370712345\nReference: Rackbeat delivery 5001';
    expect(result).toEqual({
      complete: true,
      writes: [
        { kind: 'note', text, customerNote: true },
        { kind: 'status', status: 'completed' },
      ],
      ids: [expect.stringMatching(/^\d+$/)],
    });
    expect(woo.state.notes.get(id)).toEqual([expect.objectContaining({ note: text, customerNote: true })]);
    expect(woo.state.orders.get(id)!.status).toBe('completed');

    expect(await client.fulfil(order, shipment)).toEqual({ complete: true, writes: [], ids: [] });
    expect(woo.state.notes.get(id)).toHaveLength(1);
  });

  it('notes a partial shipment without completing the order, and completes it when the rest ships', async () => {
    const { woo, client, order, id } = await orderIn();
    const partial = await client.fulfil(order, { ...shipped(order, [1, 0], 'Rackbeat delivery 1'), tracking: undefined });
    expect(partial).toMatchObject({ complete: false, writes: [{ kind: 'note', text: 'Part of your order has been shipped.\nReference: Rackbeat delivery 1' }] });
    expect(woo.state.orders.get(id)!.status).toBe('processing');
    const rest = await client.fulfil(order, shipped(order, [2, 1], 'Rackbeat delivery 2'));
    expect(rest.writes.map((write) => write.kind)).toEqual(['note', 'status']);
    expect(woo.state.notes.get(id)).toHaveLength(2);
    expect(woo.state.orders.get(id)!.status).toBe('completed');
  });

  it('finds its note after a run stopped between the note and the status: sets the status only', async () => {
    const { woo, client, order, id } = await orderIn();
    const shipment = shipped(order, [2, 1]);
    woo.simulator.addFault({ kind: 'server-error', match: 'PUT /wp-json/wc/v3/orders/:id', times: 1 });
    await expect(client.fulfil(order, shipment)).rejects.toThrow();
    expect(woo.state.notes.get(id)).toHaveLength(1);
    expect(await client.fulfilmentPlan(order, shipment)).toEqual({ complete: true, writes: [{ kind: 'status', status: 'completed' }] });
    await client.fulfil(order, shipment);
    expect(woo.state.notes.get(id)).toHaveLength(1);
    expect(woo.state.orders.get(id)!.status).toBe('completed');
  });

  it('adopts an order completed by hand, refuses a cancelled one', async () => {
    const done = await orderIn('completed');
    expect(await done.client.fulfil(done.order, shipped(done.order, [2, 1]))).toEqual({ complete: true, writes: [], ids: [] });
    expect(done.woo.state.notes.get(done.id)).toBeUndefined();

    const cancelled = await orderIn('cancelled');
    expect(await cancelled.client.fulfil(cancelled.order, shipped(cancelled.order, [2, 1]))).toEqual({
      refused: `order ${cancelled.order.number} is cancelled in WooCommerce`,
      complete: false,
      writes: [],
      ids: [],
    });
  });

  it('keeps the note private when not notifying, and sets the status asked for', async () => {
    const { woo, client, order, id } = await orderIn();
    await client.fulfil(order, shipped(order, [2, 1]), { notifyCustomer: false, completedStatus: 'on-hold' });
    expect(woo.state.notes.get(id)![0]!.customerNote).toBe(false);
    expect(woo.state.orders.get(id)!.status).toBe('on-hold');
  });

  it('fails a shipment line that is not on the order', async () => {
    const { client, order } = await orderIn();
    await expect(client.fulfil(order, { reference: 'x', shipped: [{ lineId: '999', quantity: 1 }] })).rejects.toThrow(/line 999/);
  });
});
