import type { ShopOrder, ShopOrderLine } from '../../src/connectors/webshop.js';
import type { Minor } from '../../src/domain/money.js';

const m = (value: number): Minor => value as Minor;

/** A plain Danish WooCommerce order, prices incl. 25 % VAT; override what a case needs. */
export function shopOrder(overrides: Partial<ShopOrder> = {}): ShopOrder {
  return {
    platform: 'woocommerce',
    id: '727',
    number: '1042',
    status: 'processing',
    currency: 'DKK',
    customer: { email: 'ann.lee@example.com', name: 'Ann Lee' },
    billing: { name: 'Ann Lee', address1: 'Main St 1', city: 'Aarhus', postcode: '8000', country: 'DK', email: 'ann.lee@example.com' },
    lines: [line()],
    shippingLines: [{ title: 'Flat rate', amount: m(4_900), tax: m(980) }],
    feeLines: [],
    discountCodes: [],
    totals: { total: m(2 * 19_900 + 4_900), tax: m(2 * 3_980 + 980), shipping: m(4_900), discount: m(0) },
    pricesIncludeTax: true,
    paymentMethod: 'stripe',
    paymentGateway: 'stripe',
    createdAt: new Date('2026-10-01T11:28:02Z'),
    modifiedAt: new Date('2026-10-01T11:28:08Z'),
    raw: {},
    ...overrides,
  };
}

export function line(overrides: Partial<ShopOrderLine> = {}): ShopOrderLine {
  return {
    id: '315',
    sku: 'TEE-RED-M',
    name: 'T-shirt – Red, M',
    quantity: 2,
    unitPrice: m(19_900),
    discount: m(0),
    tax: m(7_960),
    ...overrides,
  };
}
