import type { ShopAddress, ShopOrder } from '../../connectors/webshop.js';
import type { NewRackbeatCustomer, NewRackbeatOrder, NewRackbeatOrderLine, RackbeatAddressInput } from '../../connectors/rackbeat/types.js';
import type { Minor } from '../../domain/money.js';
import { normaliseVatNumber } from '../../domain/vat-number.js';
import { businessDate } from '../../domain/time.js';
import { netOrder, type NetOrder } from './net-lines.js';
import { rackbeatHeading } from './references.js';
import { shopVat, type ShopVat } from './shop-vat.js';

/**
 * Leg 1 mapping: a webshop order becomes a Rackbeat order (lines by SKU, net prices, service lines
 * for shipping, fees and discounts) and the customer to find by e-mail or create. The VAT zone of
 * both follows the VAT the shop charged and the buyer (shop-vat.ts), and a new customer gets the
 * buyer's VAT number as `company_vat`. Pure: no I/O, same input → same output.
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

/** The order as the Rackbeat client takes it, before the customer number is known. */
export type RackbeatOrderDraft = Omit<NewRackbeatOrder, 'customerNumber'>;

export type ShopToRackbeatResult =
  | { ok: true; customer: NewRackbeatCustomer; order: RackbeatOrderDraft; net: NetOrder; vat: Extract<ShopVat, { ok: true }> }
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
  const vat = shopVat(order);
  if (!vat.ok) return vat;
  const net = netOrder(order, (line) => (line.sku as string).trim());
  const billing = order.billing;
  const delivery = order.shipping ?? billing;
  const vatZone = vat.zone;
  const vatNumber = normaliseVatNumber(order.customer.vatNumber, billing.country);

  const lines: NewRackbeatOrderLine[] = net.lines.map((line) => ({
    sku: line.sku,
    name: line.name,
    quantity: line.quantity,
    unitPrice: line.unitNetPrice,
  }));
  const serviceLine = (sku: string, name: string, amount: Minor): NewRackbeatOrderLine => ({
    sku,
    name,
    quantity: 1,
    unitPrice: amount,
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

  const customerName = order.customer.name.trim() || billing.name;
  const phone = order.customer.phone ?? billing.phone;
  return {
    ok: true,
    net,
    vat,
    customer: {
      name: customerName,
      companyName: order.customer.company?.trim() || customerName,
      email: order.customer.email.trim(),
      ...(phone ? { phone } : {}),
      ...(vatNumber ? { vatNumber } : {}),
      paymentTermsNumber: settings.paymentTermsNumber,
      currency: order.currency,
      vatZone,
      address: { street: billing.address1, street2: billing.address2 ?? '', zipcode: billing.postcode, city: billing.city, country: billing.country },
    },
    order: {
      heading: rackbeatHeading(order.platform, order.number),
      currency: order.currency,
      orderDate: businessDate(order.createdAt, settings.timezone),
      vatZone,
      note: `Payment: ${order.paymentMethod}`,
      billingAddress: rackbeatAddress(billing, order.customer.email),
      deliveryAddress: rackbeatAddress(delivery, order.customer.email),
      lines,
    },
  };
}

function rackbeatAddress(address: ShopAddress, email: string): RackbeatAddressInput {
  return {
    name: address.company?.trim() ? `${address.company} / ${address.name}` : address.name,
    street: address.address1,
    street2: address.address2 ?? '',
    zipcode: address.postcode,
    city: address.city,
    country: address.country,
    email: address.email ?? email,
    ...(address.phone ? { phone: address.phone } : {}),
  };
}
