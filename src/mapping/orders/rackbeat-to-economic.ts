import type { NewEconomicCustomer, SalesDocumentInput } from '../../connectors/economic/types.js';
import type { RackbeatAddress, RackbeatCustomer, RackbeatOrder } from '../../connectors/rackbeat/types.js';
import type { Minor } from '../../domain/money.js';
import { vatZoneForCountry, type VatZoneName } from '../../domain/vat-zones.js';
import { businessDate } from '../../domain/time.js';
import { economicVatZone, type EconomicVatZone, type VatZoneNumbers } from './economic-vat-zone.js';
import { roundingTolerance } from './net-lines.js';
import { economicReference } from './references.js';

/**
 * Leg 2 mapping: a booked Rackbeat order becomes an e-conomic order draft or draft invoice
 * (e-conomic REST schema, orders.drafts.post / invoices.drafts.post), whatever created the Rackbeat
 * order. Pure: no I/O.
 */
export interface RackbeatToEconomicSettings {
  timezone: string;
  layoutNumber: number;
  paymentTermsNumber: number;
  customerGroupNumber: number;
  /** e-conomic VAT zone numbers per zone and per rate charged (`orders.vatZones`). */
  vatZones: VatZoneNumbers;
}

/**
 * The buyer's VAT zone: what Rackbeat says on the order or the customer, else derived from the
 * country (an order made by hand may carry a country name; ISO codes are what leg 1 writes).
 */
export function rackbeatVatZone(order: RackbeatOrder, customer: RackbeatCustomer | undefined): VatZoneName {
  const stated = order.vatZone ?? customer?.vatZone;
  if (stated === 'domestic' || stated === 'eu' || stated === 'abroad') return stated;
  const country = order.billingAddress?.country ?? customer?.address.country ?? 'DK';
  return vatZoneForCountry(country);
}

/** The e-conomic zone of a Rackbeat order's document and new customer (economic-vat-zone.ts). */
export function economicVatZoneOf(order: RackbeatOrder, customer: RackbeatCustomer | undefined, settings: RackbeatToEconomicSettings): EconomicVatZone {
  const sale = {
    zone: rackbeatVatZone(order, customer),
    country: order.billingAddress?.country || customer?.address.country || '',
    net: order.subtotal,
    vat: (order.total - order.subtotal) as Minor,
  };
  return economicVatZone(sale, roundingTolerance(order.lines.length), settings.vatZones);
}

export function mapRackbeatOrderToEconomic(
  order: RackbeatOrder,
  economicCustomerNumber: number,
  vatZone: EconomicVatZone,
  settings: RackbeatToEconomicSettings,
): SalesDocumentInput {
  const billing: RackbeatAddress = order.billingAddress ?? {};
  const delivery = order.deliveryAddress;
  return {
    date: order.orderDate ?? businessDate(order.createdAt, settings.timezone),
    currency: order.currency,
    customerNumber: economicCustomerNumber,
    layoutNumber: settings.layoutNumber,
    paymentTermsNumber: settings.paymentTermsNumber,
    recipient: {
      name: billing.name?.trim() || order.customerName || `Rackbeat customer ${order.customerNumber}`,
      vatZoneNumber: vatZone.number,
      ...optional({ address: billing.street, zip: billing.zipcode, city: billing.city, country: billing.country }),
    },
    ...(delivery?.street
      ? { delivery: optional({ address: delivery.street, zip: delivery.zipcode, city: delivery.city, country: delivery.country }) }
      : {}),
    notes: { heading: order.heading || `Rackbeat order ${order.number}` },
    reference: economicReference(order.number, order.heading),
    lines: order.lines.map((line) => ({
      productNumber: line.sku,
      description: line.name,
      quantity: line.quantity,
      unitNetPrice: line.unitPrice,
      ...(line.discountPercent ? { discountPercentage: line.discountPercent } : {}),
    })),
  };
}

/**
 * A new e-conomic customer for a Rackbeat customer that e-conomic does not know yet. The VAT number
 * goes to `corporateIdentificationNumber`: on a Danish agreement that is the only
 * place for it, `vatNumber` being "only available to agreements in Sweden, UK, Germany, Poland and
 * Finland" (e-conomic REST schema, customers.post).
 */
export function mapRackbeatCustomerToEconomic(
  customer: RackbeatCustomer,
  currency: string,
  vatZone: EconomicVatZone,
  settings: RackbeatToEconomicSettings,
): NewEconomicCustomer {
  return {
    name: customer.name,
    currency,
    customerGroupNumber: settings.customerGroupNumber,
    paymentTermsNumber: settings.paymentTermsNumber,
    vatZoneNumber: vatZone.number,
    ...optional({
      corporateIdentificationNumber: customer.vatNumber,
      email: customer.email,
      address: customer.address.street,
      zip: customer.address.zipcode,
      city: customer.address.city,
      country: customer.address.country,
      telephoneAndFaxNumber: customer.phone,
    }),
  };
}

/** Keeps only the keys whose value is a non-empty string. */
function optional<T extends Record<string, string | undefined>>(fields: T): Partial<Record<keyof T, string>> {
  const kept: Partial<Record<keyof T, string>> = {};
  for (const [key, value] of Object.entries(fields) as Array<[keyof T, string | undefined]>) {
    if (value !== undefined && value.trim() !== '') kept[key] = value;
  }
  return kept;
}
