import { describe, expect, it } from 'vitest';
import type { RackbeatOrder, RackbeatOrderLine, RackbeatShipment } from '../../src/connectors/rackbeat/types.js';
import type { Minor } from '../../src/domain/money.js';
import { shipmentOfOrder } from '../../src/mapping/orders/rackbeat-shipment.js';
import { line } from './shop-order-fixture.js';

/** Leg 3's mapping: a Rackbeat order's deliveries, as units per webshop order line (cumulative), with the latest tracking. */
const rackbeatLine = (id: number, sku: string, quantity: number): RackbeatOrderLine => ({ id, sku, name: sku, quantity, unitPrice: 100 as Minor, discountPercent: undefined });

function rackbeatOrder(lines: RackbeatOrderLine[], isShipped = false): RackbeatOrder {
  return {
    number: 5012, heading: 'WooCommerce order #1042', customerNumber: 1001, currency: 'DKK', isBooked: true, isShipped, isPartlyShipped: !isShipped,
    isInvoiced: false, isCancelled: false, subtotal: 0 as Minor, total: 0 as Minor, lines, vatZone: 'domestic', orderDate: '2026-10-01',
    customerName: undefined, billingAddress: undefined, deliveryAddress: undefined, bookedAt: undefined, shippedAt: undefined,
    createdAt: new Date('2026-10-01T12:00:00Z'), updatedAt: new Date('2026-10-02T12:00:00Z'),
  };
}

function shipment(id: number, lines: Array<[number, number]>, tracking: Partial<Pick<RackbeatShipment, 'trackingNumber' | 'trackingUrl' | 'carrier'>> = {}): RackbeatShipment {
  return {
    id, shippedAt: new Date(Date.UTC(2026, 9, 2, id)), lines: lines.map(([orderLineId, quantity]) => ({ orderLineId, quantity })),
    trackingNumber: undefined, trackingUrl: undefined, carrier: undefined, ...tracking,
  };
}

describe('shipmentOfOrder', () => {
  const shopLines = [line({ id: '315', sku: 'TEE-RED-M', quantity: 2 }), line({ id: '316', sku: 'MUG', quantity: 1 })];
  const lines = [rackbeatLine(1, 'TEE-RED-M', 2), rackbeatLine(2, 'MUG', 1), rackbeatLine(3, 'SHIPPING', 1)];

  it('adds up every delivery so far per shop line, leaves service lines out, and takes the latest tracking', () => {
    const deliveries = [shipment(88, [[1, 1]], { trackingNumber: 'OLD' }), shipment(89, [[1, 1], [3, 1]], { trackingNumber: '1Z999', carrier: 'UPS', trackingUrl: 'https://t.example/1Z999' })];
    expect(shipmentOfOrder(rackbeatOrder(lines), deliveries, shopLines)).toEqual({
      reference: 'Rackbeat order 5012 shipment 89',
      shipped: [{ lineId: '315', quantity: 2 }],
      tracking: { number: '1Z999', company: 'UPS', url: 'https://t.example/1Z999' },
    });
  });

  it('a fully shipped order shipped everything, whatever its deliveries list; no tracking number: none sent', () => {
    expect(shipmentOfOrder(rackbeatOrder(lines, true), [shipment(90, [])], shopLines)).toEqual({
      reference: 'Rackbeat order 5012 shipment 90',
      shipped: [{ lineId: '315', quantity: 2 }, { lineId: '316', quantity: 1 }],
    });
  });

  it('a SKU on two shop lines fills them in order', () => {
    const twice = [line({ id: 'a', sku: 'CAP', quantity: 1 }), line({ id: 'b', sku: 'CAP', quantity: 2 })];
    const result = shipmentOfOrder(rackbeatOrder([rackbeatLine(1, 'CAP', 1), rackbeatLine(2, 'CAP', 2)]), [shipment(91, [[1, 1], [2, 1]])], twice);
    expect(result?.shipped).toEqual([{ lineId: 'a', quantity: 1 }, { lineId: 'b', quantity: 1 }]);
  });

  it('nothing shipped for the shop\'s lines (no delivery, or only the shipping line): undefined', () => {
    expect(shipmentOfOrder(rackbeatOrder(lines), [], shopLines)).toBeUndefined();
    expect(shipmentOfOrder(rackbeatOrder(lines), [shipment(92, [[3, 1]])], shopLines)).toBeUndefined();
  });
});
