import { describe, expect, it } from 'vitest';
import { customerFromApi, orderFromApi } from '../../src/connectors/rackbeat/from-api.js';
import type { ApiCustomer, ApiOrder, RackbeatCustomer, RackbeatOrder } from '../../src/connectors/rackbeat/types.js';
import type { Minor } from '../../src/domain/money.js';
import type { EconomicVatZone } from '../../src/mapping/orders/economic-vat-zone.js';
import {
  economicVatZoneOf,
  mapRackbeatCustomerToEconomic,
  mapRackbeatOrderToEconomic,
  rackbeatVatZone,
  type RackbeatToEconomicSettings,
} from '../../src/mapping/orders/rackbeat-to-economic.js';

const m = (value: number): Minor => value as Minor;
const settings: RackbeatToEconomicSettings = {
  timezone: 'Europe/Copenhagen',
  layoutNumber: 19,
  paymentTermsNumber: 1,
  customerGroupNumber: 1,
  vatZones: { domestic: 1, eu: 2, abroad: 3, rates: {} },
};
const DOMESTIC: EconomicVatZone = { number: 1, setting: 'orders.vatZones.domestic' };
const EU: EconomicVatZone = { number: 2, setting: 'orders.vatZones.eu' };

/** A Rackbeat order as the connector reads it from this wire order (`raw` changes its fields). */
function rackbeatOrder(raw: Partial<ApiOrder> = {}, overrides: Partial<RackbeatOrder> = {}): RackbeatOrder {
  const apiOrder = {
    number: 5512,
    heading: 'WooCommerce order #1042',
    customer_id: 1001,
    customer: { number: 1001, name: 'Ann Lee' },
    currency: 'DKK',
    order_date: '2026-10-01',
    billing_address: { name: 'Ann Lee', street: 'Main St 1', zipcode: '8000', city: 'Aarhus', country: 'DK' },
    is_booked: true,
    booked_at: '2026-10-01 13:30:00',
    is_shipped: false,
    total_subtotal: 357.6,
    total_total: 447,
    lines: [],
    created_at: '2026-10-01 13:29:00',
    updated_at: '2026-10-01 13:30:00',
    ...raw,
  } as ApiOrder;
  return {
    ...orderFromApi(apiOrder, settings.timezone),
    lines: [
      { id: 1, sku: 'TEE-RED-M', name: 'T-shirt – Red, M', quantity: 2, unitPrice: m(15_920), discountPercent: undefined },
      { id: 2, sku: 'SHIPPING', name: 'Flat rate', quantity: 1, unitPrice: m(3_920), discountPercent: undefined },
    ],
    ...overrides,
  };
}

/** A Rackbeat customer as the connector reads it from this wire customer (`raw` changes its fields). */
function rackbeatCustomer(raw: Partial<ApiCustomer> = {}): RackbeatCustomer {
  return customerFromApi(
    {
      number: 1001,
      company_name: 'Ann Lee',
      contact_email: 'ann.lee@example.com',
      payment_terms_id: 1,
      address_street: 'Main St 1',
      address_zipcode: '8000',
      address_city: 'Aarhus',
      address_country: 'DK',
      created_at: '2026-01-01 00:00:00',
      updated_at: '2026-01-01 00:00:00',
      ...raw,
    },
    settings.timezone,
  );
}

describe('mapRackbeatOrderToEconomic', () => {
  it('copies lines net, with the deterministic reference and the configured layout and terms', () => {
    const document = mapRackbeatOrderToEconomic(rackbeatOrder(), 77, DOMESTIC, settings);
    expect(document).toEqual({
      date: '2026-10-01',
      currency: 'DKK',
      customerNumber: 77,
      layoutNumber: 19,
      paymentTermsNumber: 1,
      recipient: { name: 'Ann Lee', vatZoneNumber: 1, address: 'Main St 1', zip: '8000', city: 'Aarhus', country: 'DK' },
      notes: { heading: 'WooCommerce order #1042' },
      reference: 'rackbeat:5512 woocommerce:1042',
      lines: [
        { productNumber: 'TEE-RED-M', description: 'T-shirt – Red, M', quantity: 2, unitNetPrice: 15_920 },
        { productNumber: 'SHIPPING', description: 'Flat rate', quantity: 1, unitNetPrice: 3_920 },
      ],
    });
  });

  it('handles an order made by hand in Rackbeat: no shop part in the reference, date from created time', () => {
    const order = rackbeatOrder({ heading: 'Phone order', order_date: undefined, billing_address: undefined });
    const document = mapRackbeatOrderToEconomic(order, 5, EU, settings);
    expect(document.reference).toBe('rackbeat:5512');
    expect(document.date).toBe('2026-10-01');
    expect(document.recipient).toEqual({ name: 'Ann Lee', vatZoneNumber: 2 });
  });

  it('passes a line discount percentage through', () => {
    const order = rackbeatOrder({}, {
      lines: [{ id: 1, sku: '0042', name: 'Sticker pack', quantity: 3, unitPrice: m(2_320), discountPercent: 10 }],
    });
    expect(mapRackbeatOrderToEconomic(order, 5, DOMESTIC, settings).lines).toEqual([
      { productNumber: '0042', description: 'Sticker pack', quantity: 3, unitNetPrice: 2_320, discountPercentage: 10 },
    ]);
  });

  it('adds the delivery address when Rackbeat has one', () => {
    const order = rackbeatOrder({ delivery_address: { street: 'Dock 2', zipcode: '7100', city: 'Vejle', country: 'DK' } });
    expect(mapRackbeatOrderToEconomic(order, 5, DOMESTIC, settings).delivery).toEqual({
      address: 'Dock 2',
      zip: '7100',
      city: 'Vejle',
      country: 'DK',
    });
  });
});

describe('rackbeatVatZone', () => {
  it.each([
    [{ vat_zone: 'eu' }, undefined, 'eu'],
    [{}, rackbeatCustomer({ vat_zone: 'abroad' }), 'abroad'],
    [{ billing_address: { country: 'SE' } }, undefined, 'eu'],
    [{ billing_address: {} }, rackbeatCustomer({ address_country: 'DK' }), 'domestic'],
  ] as const)('%j / customer → %s', (raw, customer, zone) => {
    expect(rackbeatVatZone(rackbeatOrder(raw as Partial<ApiOrder>), customer)).toBe(zone);
  });
});

describe('mapRackbeatCustomerToEconomic', () => {
  it('creates the customer with the configured group, terms and the zone number', () => {
    expect(mapRackbeatCustomerToEconomic(rackbeatCustomer(), 'DKK', DOMESTIC, settings)).toEqual({
      name: 'Ann Lee',
      currency: 'DKK',
      customerGroupNumber: 1,
      paymentTermsNumber: 1,
      vatZoneNumber: 1,
      email: 'ann.lee@example.com',
      address: 'Main St 1',
      zip: '8000',
      city: 'Aarhus',
      country: 'DK',
    });
  });

  it('carries the VAT number (Rackbeat company_vat) to corporateIdentificationNumber, the place for it on a Danish agreement', () => {
    const customer = rackbeatCustomer({ company_name: 'Schmidt GmbH', company_vat: 'DE123456789', address_country: 'DE' });
    expect(mapRackbeatCustomerToEconomic(customer, 'EUR', EU, settings)).toMatchObject({
      vatZoneNumber: 2,
      corporateIdentificationNumber: 'DE123456789',
    });
    expect(mapRackbeatCustomerToEconomic(rackbeatCustomer({ company_vat: ' ' }), 'DKK', DOMESTIC, settings)).not.toHaveProperty('corporateIdentificationNumber');
  });
});

describe('economicVatZoneOf', () => {
  // 2 × 159.20 + 39.20 net; VAT as Rackbeat computed it.
  const sale = (zone: string, country: string, vatPercent: number) =>
    rackbeatOrder(
      { vat_zone: zone, billing_address: { country } },
      { subtotal: m(35_760), total: m(35_760 + Math.round(35_760 * vatPercent) / 100) },
    );
  const withRates = (rates: Record<string, number>): RackbeatToEconomicSettings => ({ ...settings, vatZones: { ...settings.vatZones, rates } });

  it.each([
    ['domestic', 'SE', 25, {}, { number: 1, setting: 'orders.vatZones.domestic' }],
    ['eu', 'DE', 0, {}, { number: 2, setting: 'orders.vatZones.eu' }],
    ['abroad', 'US', 0, {}, { number: 3, setting: 'orders.vatZones.abroad' }],
    // a configured rate wins over the zone's number, a country's key over a plain rate
    ['domestic', 'SE', 25, { '25': 7, 'SE:25': 5 }, { number: 5, setting: 'orders.vatZones.rates."SE:25"' }],
    ['domestic', 'FI', 25, { '25': 7, 'SE:25': 5 }, { number: 7, setting: 'orders.vatZones.rates."25"' }],
    ['domestic', 'DE', 19, { 'DE:19': 6 }, { number: 6, setting: 'orders.vatZones.rates."DE:19"' }],
    // a rate that does not explain the VAT, or a sale without VAT, keeps the zone's own number
    ['domestic', 'DE', 25, { 'DE:19': 6 }, { number: 1, setting: 'orders.vatZones.domestic' }],
    ['eu', 'DE', 0, { '0': 9, 'DE:19': 6 }, { number: 2, setting: 'orders.vatZones.eu' }],
  ] as const)('a %s sale to %s at %i %% VAT with rates %j → %j', (zone, country, vatPercent, rates, expected) => {
    expect(economicVatZoneOf(sale(zone, country, vatPercent), undefined, withRates(rates))).toEqual(expected);
  });
});
