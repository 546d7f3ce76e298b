import type { ShopAddress, ShopOrder } from '../../connectors/webshop.js';
import { minorToNumber, type Minor } from '../money.js';
import { vatZoneForCountry, type VatZoneName } from '../vat-zone.js';
import { businessDate } from './business-date.js';
import { netOrder, type NetOrder } from './net-lines.js';
import { rackbeatHeading } from './references.js';

/**
 * Leg 1 mapping: a webshop order becomes a Rackbeat order body (rackbeat.md §4.1: customer_id is the
 * customer number, lines[].item_id the product number) and the customer to find or create.
 * Pure: no I/O, same input → same output.
 */
export interface ShopToRackbeatSettings {
  /** Business time zone for the order date. */
  timezone: string;
  /** Product numbers of the service lines. */
  shippingProduct: string;
  discountProduct: string;
  feeProduct: string;
  /** Payment terms a new Rackbeat customer gets (Rackbeat requires them on create). */
  paymentTermsNumber: number;
}

export interface RackbeatCustomerDraft {
  company_name: string;
  contact_email: string;
  contact_phone: string;
  address_street: string;
  address_street2: string;
  address_zipcode: string;
  address_city: string;
  address_country: string;
  currency: string;
  vat_zone: VatZoneName;
  company_vat?: string;
  payment_terms_id: number;
}

export interface RackbeatOrderLineDraft {
  item_id: string;
  name: string;
  quantity: number;
  /** Net unit price; whether Rackbeat keeps it is unconfirmed, so totals are checked after create. */
  line_price: number;
}

export interface RackbeatOrderDraft {
  heading: string;
  currency: string;
  order_date: string;
  vat_zone: VatZoneName;
  note: string;
  address_name: string;
  address_street: string;
  address_street2: string;
  address_zipcode: string;
  address_city: string;
  address_country: string;
  delivery_address_name: string;
  delivery_address_street: string;
  delivery_address_street2: string;
  delivery_address_zipcode: string;
  delivery_address_city: string;
  delivery_address_country: string;
  lines: RackbeatOrderLineDraft[];
}

export type ShopToRackbeatResult =
  | { ok: true; customer: RackbeatCustomerDraft; order: RackbeatOrderDraft; net: NetOrder }
  | { ok: false; message: string; hint: string };

export function mapShopOrderToRackbeat(order: ShopOrder, settings: ShopToRackbeatSettings): ShopToRackbeatResult {
  const missingSku = order.lines.find((line) => !line.sku?.trim());
  if (missingSku) {
    return {
      ok: false,
      message: `line "${missingSku.name}" has no SKU`,
      hint: 'give the product a SKU in the webshop (every variant needs one), then change the order to send it again',
    };
  }
  if (!order.customer.email.trim()) {
    return {
      ok: false,
      message: 'the order has no customer e-mail',
      hint: 'customers are matched by e-mail: add the e-mail to the order in the webshop',
    };
  }
  const net = netOrder(order, (line) => (line.sku as string).trim());
  const billing = order.billing;
  const delivery = order.shipping ?? billing;
  const vatZone = vatZoneForCountry(billing.country);

  const lines: RackbeatOrderLineDraft[] = net.lines.map((line) => ({
    item_id: line.sku,
    name: line.name,
    quantity: line.quantity,
    line_price: minorToNumber(line.unitNetPrice),
  }));
  const serviceLine = (sku: string, name: string, amount: Minor): RackbeatOrderLineDraft => ({
    item_id: sku,
    name,
    quantity: 1,
    line_price: minorToNumber(amount),
  });
  for (const charge of net.shippingLines) {
    if (charge.net !== 0) lines.push(serviceLine(settings.shippingProduct, charge.title, charge.net));
  }
  for (const charge of net.feeLines) {
    if (charge.net !== 0) lines.push(serviceLine(settings.feeProduct, charge.title, charge.net));
  }
  if (net.discount !== 0) {
    const codes = order.discountCodes.length > 0 ? ` (${order.discountCodes.join(', ')})` : '';
    lines.push(serviceLine(settings.discountProduct, `Discount${codes}`, -net.discount as Minor));
  }

  return {
    ok: true,
    net,
    customer: {
      company_name: order.customer.company?.trim() || order.customer.name,
      contact_email: order.customer.email.trim(),
      contact_phone: order.customer.phone ?? billing.phone ?? '',
      address_street: billing.address1,
      address_street2: billing.address2 ?? '',
      address_zipcode: billing.postcode,
      address_city: billing.city,
      address_country: billing.country,
      currency: order.currency,
      vat_zone: vatZone,
      ...(order.customer.vatNumber ? { company_vat: order.customer.vatNumber } : {}),
      payment_terms_id: settings.paymentTermsNumber,
    },
    order: {
      heading: rackbeatHeading(order.platform, order.number),
      currency: order.currency,
      order_date: businessDate(order.createdAt, settings.timezone),
      vat_zone: vatZone,
      note: `Payment: ${order.paymentMethod}`,
      ...addressFields('address', billing),
      ...addressFields('delivery_address', delivery),
      lines,
    } as RackbeatOrderDraft,
  };
}

function addressFields(prefix: 'address' | 'delivery_address', address: ShopAddress): Record<string, string> {
  const name = address.company?.trim() ? `${address.company} / ${address.name}` : address.name;
  return {
    [`${prefix}_name`]: name,
    [`${prefix}_street`]: address.address1,
    [`${prefix}_street2`]: address.address2 ?? '',
    [`${prefix}_zipcode`]: address.postcode,
    [`${prefix}_city`]: address.city,
    [`${prefix}_country`]: address.country,
  };
}
