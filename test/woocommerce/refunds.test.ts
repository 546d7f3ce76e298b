import { describe, expect, it } from 'vitest';
import type { Minor } from '../../src/domain/money.js';
import { createRefund } from '../../src/sandbox/woocommerce/refunds.js';
import { useWooShops } from './helpers/shops.js';

const { orderIn } = useWooShops();

describe('WooCommerce refunds', () => {
  it('reads a refund as positive units of the order line it refunds, net of VAT with the VAT beside, and the shipping', async () => {
    const { woo, client, order, id } = await orderIn();
    expect(order.refunded).toBe(false);
    const [cap] = order.lines;
    const made = createRefund(woo.state, id, { lines: [{ itemId: Number(cap!.id), quantity: 1 }], shipping: true, reason: 'Too small' });
    const again = (await client.orderByNumber(order.number))!;
    // Partial: the status stays, the modified time moves (wc_create_refund saves the order).
    expect(again.status).toBe('processing');
    expect(again.refunded).toBe(true);
    expect(again.modifiedAt.getTime()).toBeGreaterThanOrEqual(order.modifiedAt.getTime());
    const [refund] = await client.refunds(again);
    expect(refund).toMatchObject({ id: String(made.id), reason: 'Too small', order: { id: order.id, number: order.number } });
    expect(refund!.lines).toEqual([{ lineId: cap!.id, sku: 'CAP-001', name: cap!.name, quantity: 1, returned: true, net: expect.any(Number), tax: expect.any(Number) }]);
    const line = refund!.lines[0]!;
    expect(line.net + line.tax).toBe(cap!.unitPrice);
    expect(refund!.shipping.net + refund!.shipping.tax).toBe(again.totals.shipping);
    expect(refund!.total).toBe(line.net + line.tax + refund!.shipping.net + refund!.shipping.tax);
  });

  it('sets refunded once nothing remains, and refuses more than remains', async () => {
    const { woo, client, order, id } = await orderIn();
    const lines = order.lines.map((line) => ({ itemId: Number(line.id), quantity: line.quantity }));
    expect(() => createRefund(woo.state, id, { lines, shipping: true, amount: (order.totals.total + 1) as Minor })).toThrow('Invalid refund amount.');
    createRefund(woo.state, id, { lines, shipping: true });
    const again = (await client.orderByNumber(order.number))!;
    expect(again.status).toBe('refunded');
    const refunds = await client.refunds(again);
    expect(refunds.reduce((sum, refund) => sum + refund.total, 0)).toBe(order.totals.total);
  });
});
