import { describe, expect, it } from 'vitest';
import type { Minor } from '../../src/domain/money.js';
import { businessDate } from '../../src/domain/time.js';
import { roundingTolerance } from '../../src/mapping/orders/net-lines.js';
import { mapShopOrderToRackbeat, type ShopToRackbeatSettings } from '../../src/mapping/orders/shop-to-rackbeat.js';
import { economicReference, parseRackbeatHeading, rackbeatHeading } from '../../src/mapping/orders/references.js';
import { line, shopOrder } from './shop-order-fixture.js';

const m = (value: number): Minor => value as Minor;
const settings: ShopToRackbeatSettings = {
  timezone: 'Europe/Copenhagen',
  shippingProduct: 'SHIPPING',
  discountProduct: 'DISCOUNT',
  feeProduct: 'FEE',
  paymentTermsNumber: 3,
};

/** The fixture's order without VAT (net prices, reverse charge or export) to a buyer in `country`. */
function vatFreeOrder(country: string, buyer: { vatNumber?: string; vatExempt?: boolean }) {
  const base = shopOrder();
  return shopOrder({
    customer: { ...base.customer, company: 'Schmidt GmbH', ...buyer },
    billing: { ...base.billing, country },
    lines: [line({ unitPrice: m(15_920), tax: m(0), taxRatePercent: 0 })],
    shippingLines: [{ title: 'Flat rate', amount: m(3_920), tax: m(0) }],
    totals: { total: m(2 * 15_920 + 3_920), tax: m(0), shipping: m(3_920), discount: m(0) },
  });
}

function mapped(order = shopOrder()) {
  const result = mapShopOrderToRackbeat(order, settings);
  if (!result.ok) throw new Error(result.message);
  return result;
}

describe('mapShopOrderToRackbeat', () => {
  it('prices lines net of VAT and adds shipping as the configured product', () => {
    const { order, net } = mapped();
    expect(order.lines).toEqual([
      { sku: 'TEE-RED-M', name: 'T-shirt – Red, M', quantity: 2, unitPrice: 15_920 },
      { sku: 'SHIPPING', name: 'Flat rate', quantity: 1, unitPrice: 3_920 },
    ]);
    expect(net.shopNetTotal).toBe(2 * 15_920 + 3_920);
    expect(net.mappedNetTotal).toBe(net.shopNetTotal);
  });

  it('keeps net prices as they are when the shop prices exclude VAT', () => {
    const order = shopOrder({
      pricesIncludeTax: false,
      lines: [line({ unitPrice: m(15_920), tax: m(7_960) })],
      shippingLines: [{ title: 'Flat rate', amount: m(3_920), tax: m(980) }],
    });
    expect(mapped(order).order.lines.map((l) => l.unitPrice)).toEqual([15_920, 3_920]);
  });

  it('turns a coupon into one discount line so the net total agrees to the øre', () => {
    const order = shopOrder({
      lines: [line({ discount: m(3_980), tax: m(7_164) })], // 10 % off 2 × 199.00 incl. VAT
      discountCodes: ['SUMMER10'],
      totals: { total: m(39_800 - 3_980 + 4_900), tax: m(7_164 + 980), shipping: m(4_900), discount: m(3_980) },
    });
    const { order: body, net } = mapped(order);
    expect(body.lines.at(-1)).toEqual({ sku: 'DISCOUNT', name: 'Discount (SUMMER10)', quantity: 1, unitPrice: -3_184 });
    expect(net.mappedNetTotal).toBe(net.shopNetTotal);
  });

  it('adds fees as the fee product', () => {
    const order = shopOrder({ feeLines: [{ title: 'Card fee', amount: m(500), tax: m(100) }] });
    expect(mapped(order).order.lines).toContainEqual({ sku: 'FEE', name: 'Card fee', quantity: 1, unitPrice: 400 });
  });

  it('writes the deterministic heading and the payment method', () => {
    const { order } = mapped(shopOrder({ platform: 'shopify', number: '5512', paymentMethod: 'shopify_payments' }));
    expect(order.heading).toBe('Shopify order #5512');
    expect(order.note).toBe('Payment: shopify_payments');
  });

  it('dates the order in the business time zone', () => {
    const { order } = mapped(shopOrder({ createdAt: new Date('2026-12-31T23:30:00Z') }));
    expect(order.orderDate).toBe('2027-01-01');
  });

  it('a buyer abroad charged Danish VAT is a domestic sale, not an EU or export one', () => {
    for (const country of ['SE', 'de', 'US']) {
      const result = mapped(shopOrder({ billing: { ...shopOrder().billing, country } }));
      expect(result.order.vatZone, country).toBe('domestic');
      expect(result.customer.vatZone, country).toBe('domestic');
      expect(result.vat).toEqual({ ok: true, zone: 'domestic', chargedRatePercent: 25 });
    }
  });

  it.each([
    ['DE', { vatNumber: 'de 123.456.789' }, 'eu', 'DE123456789'],
    ['DE', { vatNumber: '123456789' }, 'eu', 'DE123456789'],
    ['GR', { vatNumber: '094259216' }, 'eu', 'EL094259216'],
    ['DE', { vatExempt: true }, 'eu', undefined],
    ['US', {}, 'abroad', undefined],
    ['NO', { vatNumber: '923609016MVA' }, 'abroad', '923609016MVA'],
  ] as const)('a buyer in %s charged no VAT, %j, is in the %s zone with VAT number %s', (country, buyer, zone, vatNumber) => {
    const result = mapped(vatFreeOrder(country, buyer));
    expect(result.order.vatZone).toBe(zone);
    expect(result.customer.vatZone).toBe(zone);
    expect(result.customer.vatNumber).toBe(vatNumber);
    expect(result.vat.chargedRatePercent).toBe(0);
  });

  it.each([
    ['DE', /no VAT to a buyer in DE, and the order has no VAT number/, /VAT number/],
    ['DK', /no VAT to a buyer in Denmark/, /Danish VAT/],
  ])('fails an order without VAT to a buyer in %s that fits no zone, with a hint', (country, message, hint) => {
    const result = mapShopOrderToRackbeat(vatFreeOrder(country, {}), settings);
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(message), hint: expect.stringMatching(hint) });
  });

  it('uses the delivery address when there is one, else the billing address', () => {
    const withDelivery = shopOrder({ shipping: { name: 'Bo', address1: 'Dock 2', city: 'Vejle', postcode: '7100', country: 'DK' } });
    expect(mapped(withDelivery).order.deliveryAddress?.street).toBe('Dock 2');
    expect(mapped().order.deliveryAddress?.street).toBe('Main St 1');
  });

  it('builds the customer with the payment terms Rackbeat requires, company before person', () => {
    const order = shopOrder({ customer: { email: ' clara@example.de ', name: 'Clara Schmidt', company: 'Schmidt GmbH', vatNumber: 'DE123' } });
    expect(mapped(order).customer).toMatchObject({
      name: 'Clara Schmidt',
      companyName: 'Schmidt GmbH',
      email: 'clara@example.de',
      paymentTermsNumber: 3,
      vatNumber: 'DE123',
    });
  });

  it.each([
    [shopOrder({ lines: [line({ sku: null })] }), /has no SKU/],
    [shopOrder({ lines: [line({ sku: '  ' })] }), /has no SKU/],
    [shopOrder({ customer: { email: '', name: 'Guest' } }), /no customer e-mail/],
  ])('fails an order it cannot map, with a hint (%#)', (order, message) => {
    const result = mapShopOrderToRackbeat(order, settings);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toMatch(message);
      expect(result.hint.length).toBeGreaterThan(10);
    }
  });
});

describe('references', () => {
  it('round-trips the Rackbeat heading', () => {
    expect(parseRackbeatHeading(rackbeatHeading('woocommerce', '1042'))).toEqual({ platform: 'woocommerce', orderNumber: '1042' });
    expect(parseRackbeatHeading('Phone order from Bo')).toBeUndefined();
  });

  it.each([
    [5512, 'WooCommerce order #1042', 'rackbeat:5512 woocommerce:1042'],
    [5513, 'Shopify order #77', 'rackbeat:5513 shopify:77'],
    [5514, 'made by hand', 'rackbeat:5514'],
    [5515, null, 'rackbeat:5515'],
  ] as const)('e-conomic reference of Rackbeat order %i', (number, heading, reference) => {
    expect(economicReference(number, heading)).toBe(reference);
  });
});

describe('businessDate and roundingTolerance', () => {
  it('keeps the UTC date when Copenhagen agrees', () => {
    expect(businessDate(new Date('2026-06-15T12:00:00Z'), 'Europe/Copenhagen')).toBe('2026-06-15');
  });

  it('allows one øre per line, at least one', () => {
    expect(roundingTolerance(0)).toBe(1);
    expect(roundingTolerance(4)).toBe(4);
  });
});
