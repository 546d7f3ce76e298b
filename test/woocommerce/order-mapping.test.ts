import { describe, expect, it } from 'vitest';
import { toShopOrder } from '../../src/connectors/woocommerce/order-mapping.js';
import type { WooOrder } from '../../src/connectors/woocommerce/types.js';

/** The order of the facts' example (webshops.md §9): prices incl. tax, 2 × 22.00 net + 25 % VAT, flat rate 4.00 + 1.00. */
function docsOrder(overrides: Partial<WooOrder> = {}): WooOrder {
  const address = { first_name: 'Ann', last_name: 'Lee', company: '', address_1: 'Main St 1', address_2: '', city: 'Aarhus', state: '', postcode: '8000', country: 'DK' };
  return {
    id: 727, parent_id: 0, number: '727', order_key: 'wc_order_58d2d042d1d', created_via: 'checkout', version: '9.9.0',
    status: 'processing', currency: 'EUR',
    date_created: '2026-10-01T13:28:02', date_created_gmt: '2026-10-01T11:28:02',
    date_modified: '2026-10-01T13:28:08', date_modified_gmt: '2026-10-01T11:28:08',
    date_paid: '2026-10-01T13:28:08', date_paid_gmt: '2026-10-01T11:28:08', date_completed: null, date_completed_gmt: null,
    discount_total: '0.00', discount_tax: '0.00', shipping_total: '4.00', shipping_tax: '1.00', cart_tax: '11.00',
    total: '60.00', total_tax: '12.00', prices_include_tax: true, customer_id: 0, customer_note: '',
    payment_method: 'bacs', payment_method_title: 'Direct bank transfer', transaction_id: '',
    billing: { ...address, email: 'ann@example.com', phone: '' }, shipping: address,
    line_items: [{
      id: 315, name: 'T-shirt &ndash; Red, M', parent_name: 'T-shirt', product_id: 93, variation_id: 94, quantity: 2, tax_class: '',
      subtotal: '44.00', subtotal_tax: '11.00', total: '44.00', total_tax: '11.00', taxes: [{ id: 1, total: '11', subtotal: '11' }],
      meta_data: [], sku: 'TSHIRT-RED-M', price: 22,
    }],
    tax_lines: [{ id: 318, rate_code: 'DK-VAT-1', rate_id: 1, label: 'VAT', compound: false, tax_total: '11.00', shipping_tax_total: '1.00', meta_data: [] }],
    shipping_lines: [{ id: 317, method_title: 'Flat rate', method_id: 'flat_rate', instance_id: '1', total: '4.00', total_tax: '1.00', taxes: [], meta_data: [] }],
    fee_lines: [], coupon_lines: [], refunds: [], meta_data: [],
    ...overrides,
  };
}

describe('WooCommerce order → ShopOrder', () => {
  it('maps the documented example', () => {
    const order = toShopOrder(docsOrder());
    expect(order).toMatchObject({
      platform: 'woocommerce', id: '727', number: '727', status: 'processing', currency: 'EUR', pricesIncludeTax: true,
      customer: { id: undefined, email: 'ann@example.com', name: 'Ann Lee' },
      paymentMethod: 'Direct bank transfer',
      totals: { total: 6_000, tax: 1_200, shipping: 500, discount: 0 },
      shippingLines: [{ title: 'Flat rate', amount: 500, tax: 100 }],
    });
    expect(order.lines).toEqual([{ id: '315', sku: 'TSHIRT-RED-M', name: 'T-shirt – Red, M', quantity: 2, unitPrice: 2_750, discount: 0, tax: 1_100, taxRatePercent: undefined }]);
    expect(order.modifiedAt.toISOString()).toBe('2026-10-01T11:28:08.000Z');
    expect(order.createdAt.toISOString()).toBe('2026-10-01T11:28:02.000Z');
  });

  it.each([
    // [prices include tax, subtotal, subtotal_tax, total, total_tax, quantity] → [unitPrice, discount, tax]
    [true, '159.20', '39.80', '143.28', '35.82', 1, 19_900, 1_990, 3_582],
    [false, '318.40', '79.60', '286.56', '71.64', 2, 15_920, 3_184, 7_164],
    [true, '100.00', '0.00', '100.00', '0.00', 3, 3_333, 0, 0],
  ])('takes the unit price before discount from subtotal/quantity (incl. tax %s)', (gross, subtotal, subtotalTax, total, totalTax, quantity, unitPrice, discount, tax) => {
    const base = docsOrder().line_items[0]!;
    const line = toShopOrder(docsOrder({
      prices_include_tax: gross,
      line_items: [{ ...base, subtotal, subtotal_tax: subtotalTax, total, total_tax: totalTax, quantity, taxes: [] }],
    })).lines[0]!;
    expect([line.unitPrice, line.discount, line.tax]).toEqual([unitPrice, discount, tax]);
  });

  it('reads the tax rate from the tax line, a deleted product as sku null, coupons as codes', () => {
    const example = docsOrder();
    const order = toShopOrder(docsOrder({
      tax_lines: [{ ...example.tax_lines[0]!, rate_percent: 25 }],
      line_items: [{ ...example.line_items[0]!, sku: null }],
      coupon_lines: [{ id: 9, code: 'welcome10', discount: '4.40', discount_tax: '1.10', meta_data: [] }],
      customer_id: 12,
    }));
    expect(order.lines[0]).toMatchObject({ sku: null, taxRatePercent: 25 });
    expect(order.discountCodes).toEqual(['welcome10']);
    expect(order.customer.id).toBe('12');
  });

  it.each([
    ['_billing_vat_number', 'WooCommerce EU VAT Number'],
    ['_vat_number', 'WooCommerce EU VAT Number up to 2.3'],
    ['vat_number', 'Aelia EU VAT Assistant'],
    ['_billing_eu_vat_number', 'WPFactory EU VAT for WooCommerce'],
    ['_billing_vat_id', 'Germanized'],
    ['_billing_vat', 'other integrations'],
  ])('reads the buyer\'s VAT number from the %s order meta (%s) and is_vat_exempt', (key) => {
    const order = toShopOrder(docsOrder({
      meta_data: [
        { id: 1, key: 'is_vat_exempt', value: 'yes' },
        { id: 2, key, value: ' DE123456789 ' },
      ],
    }));
    expect(order.customer).toMatchObject({ vatNumber: 'DE123456789', vatExempt: true });
  });

  it('takes the first VAT-number key that holds a value, and has none without the meta', () => {
    const order = toShopOrder(docsOrder({
      meta_data: [
        { id: 1, key: 'vat_number', value: 'SE556000016701' },
        { id: 2, key: '_billing_vat_number', value: '' },
        { id: 3, key: 'is_vat_exempt', value: 'no' },
      ],
    }));
    expect(order.customer).toMatchObject({ vatNumber: 'SE556000016701', vatExempt: false });
    expect(toShopOrder(docsOrder()).customer).toMatchObject({ vatNumber: undefined, vatExempt: false });
  });
});
