import { describe, expect, it } from 'vitest';
import type { EconomicSalesDocument } from '../../src/connectors/economic/types.js';
import type { ShopRefund } from '../../src/connectors/webshop.js';
import type { Minor } from '../../src/domain/money.js';
import { creditNoteGross, mapRefundToCreditNote, unlistedRefund } from '../../src/mapping/orders/credit-note.js';
import { creditNoteReference } from '../../src/mapping/orders/references.js';

const m = (value: number) => value as Minor;
const SETTINGS = { timezone: 'Europe/Copenhagen', layoutNumber: 19, paymentTermsNumber: 1, shippingProduct: 'SHIPPING', refundProduct: 'REFUND' };
/** Booked invoice 20261001: 397.60 net, 497.00 gross, customer 1001 in VAT zone 2. */
const INVOICE: EconomicSalesDocument = {
  kind: 'draft-invoice', state: 'booked', number: 20_261_001, date: '2026-06-01', currency: 'EUR', customerNumber: 1001,
  recipient: { name: 'Schmidt GmbH', vatZoneNumber: 2 }, reference: 'rackbeat:5512 shopify:1042',
  netAmount: m(39_760), vatAmount: m(9_940), grossAmount: m(49_700), roundingAmount: m(0), self: '',
};

function refund(overrides: Partial<ShopRefund> = {}): ShopRefund {
  return {
    id: 'gid://shopify/Refund/9900000001', order: { id: 'gid://shopify/Order/1', number: '1042' },
    // 23:30 UTC on 31 May is 1 June in Copenhagen.
    createdAt: new Date('2026-05-31T23:30:00Z'), reason: '',
    lines: [{ lineId: 'gid://shopify/LineItem/1', sku: ' TEE-RED-M ', name: 'T-shirt', quantity: 3, returned: false, net: m(10_000), tax: m(2_500) }],
    shipping: { net: m(0), tax: m(0) }, total: m(12_500), raw: {}, ...overrides,
  };
}

describe('a refund as a credit note', () => {
  it('is a draft invoice of negative quantities at the net unit price refunded, made out like the invoice and naming it', () => {
    const note = mapRefundToCreditNote('shopify', refund(), INVOICE, SETTINGS);
    expect(note).toMatchObject({
      date: '2026-06-01', currency: 'EUR', customerNumber: 1001, layoutNumber: 19, paymentTermsNumber: 1,
      recipient: { name: 'Schmidt GmbH', vatZoneNumber: 2 },
      notes: { heading: 'Credit note for invoice 20261001', textLine1: 'Refund of Shopify order #1042' },
      reference: 'shopify-refund:9900000001',
    });
    // 100.00 for 3 units: 33.33 each, rounded half-up (the document total then differs by at most the rounding).
    expect(note.lines).toEqual([{ productNumber: 'TEE-RED-M', description: 'T-shirt', quantity: -3, unitNetPrice: 3_333 }]);
    expect(creditNoteGross(refund())).toBe(-12_500);
  });

  it('adds the shipping and what was refunded beyond lines and shipping, net at the invoice\'s VAT ratio', () => {
    const withMore = refund({ shipping: { net: m(4_000), tax: m(1_000) }, total: m(12_500 + 5_000 + 2_500), reason: 'Goodwill' });
    // 25.00 more, gross; the invoice is 397.60 of 497.00 net: 20.00.
    expect(unlistedRefund(withMore, INVOICE)).toBe(2_000);
    const note = mapRefundToCreditNote('shopify', withMore, INVOICE, SETTINGS);
    expect(note.lines.slice(1)).toEqual([
      { productNumber: 'SHIPPING', description: 'Shipping', quantity: -1, unitNetPrice: 4_000 },
      { productNumber: 'REFUND', description: 'Goodwill', quantity: -1, unitNetPrice: 2_000 },
    ]);
  });

  it('credits an amount refunded without any line (WooCommerce "Order fully refunded.") on the refund product alone', () => {
    const amountOnly = refund({ lines: [], total: m(49_700), reason: '' });
    const note = mapRefundToCreditNote('woocommerce', { ...amountOnly, id: '730' }, { ...INVOICE, state: 'draft', number: 12 }, SETTINGS);
    expect(note.lines).toEqual([{ productNumber: 'REFUND', description: 'Refund', quantity: -1, unitNetPrice: 39_760 }]);
    expect(note.notes?.heading).toBe('Credit note for draft invoice 12');
    expect(note.reference).toBe('woocommerce-refund:730');
  });

  it('has a reference derived only from the refund: one refund, one text', () => {
    expect(creditNoteReference('shopify', 'gid://shopify/Refund/9900000001')).toBe(creditNoteReference('shopify', 'gid://shopify/Refund/9900000001'));
    expect(creditNoteReference('woocommerce', '730')).not.toBe(creditNoteReference('woocommerce', '731'));
  });
});
