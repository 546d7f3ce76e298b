import { roundHalfUp, sumMinor, toMinor, type Minor } from '../../domain/money.js';
import type { ShopAddress, ShopChargeLine, ShopOrder, ShopOrderLine } from '../webshop.js';
import { parseWooGmtDate } from './dates.js';
import { decodeHtmlEntities } from './html-entities.js';
import type { WooAddress, WooBillingAddress, WooLineItem, WooOrder, WooTaxLine } from './types.js';
import { isVatExemptFromMeta, vatNumberFromMeta } from './vat-meta.js';

/**
 * A WooCommerce order as the platform-neutral ShopOrder. WooCommerce keeps every amount net of tax
 * with the tax beside it; ShopOrder amounts are on the basis the shop shows, so when the shop's
 * prices include tax the tax is added back (net + tax = the gross the buyer saw).
 */
export function toShopOrder(order: WooOrder): ShopOrder {
  const gross = order.prices_include_tax;
  const onShopBasis = (net: string, tax: string): Minor => (gross ? sumMinor([toMinor(net), toMinor(tax)]) : toMinor(net));
  const billing = toAddress(order.billing, order.billing);
  return {
    platform: 'woocommerce',
    id: String(order.id),
    number: order.number,
    status: order.status.toLowerCase(),
    currency: order.currency,
    customer: {
      id: order.customer_id > 0 ? String(order.customer_id) : undefined,
      email: order.billing.email,
      name: billing.name,
      company: billing.company,
      phone: billing.phone,
      vatNumber: vatNumberFromMeta(order.meta_data ?? []),
      vatExempt: isVatExemptFromMeta(order.meta_data ?? []),
    },
    billing,
    shipping: hasAddress(order.shipping) ? toAddress(order.shipping) : undefined,
    lines: order.line_items.map((item) => toLine(item, gross, order.tax_lines)),
    shippingLines: order.shipping_lines.map(
      (line): ShopChargeLine => ({
        title: line.method_title,
        amount: onShopBasis(line.total, line.total_tax),
        tax: toMinor(line.total_tax),
      }),
    ),
    feeLines: order.fee_lines.map(
      (line): ShopChargeLine => ({
        title: decodeHtmlEntities(line.name),
        amount: onShopBasis(line.total, line.total_tax),
        tax: toMinor(line.total_tax),
      }),
    ),
    discountCodes: order.coupon_lines.map((coupon) => coupon.code),
    totals: {
      total: toMinor(order.total),
      tax: toMinor(order.total_tax),
      shipping: onShopBasis(order.shipping_total, order.shipping_tax),
      discount: onShopBasis(order.discount_total, order.discount_tax),
    },
    pricesIncludeTax: gross,
    paymentMethod: order.payment_method_title || order.payment_method,
    paymentGateway: order.payment_method,
    paidAt: order.date_paid_gmt ? parseWooGmtDate(order.date_paid_gmt) : undefined,
    createdAt: parseWooGmtDate(order.date_created_gmt),
    modifiedAt: parseWooGmtDate(order.date_modified_gmt),
    refunded: (order.refunds ?? []).length > 0,
    cancelled: order.status === 'cancelled',
    raw: order,
  };
}

/**
 * `subtotal` is the line before discounts and `total` after, both net; `price` is total/quantity
 * after discounts (WooCommerce REST API docs, Orders), so the unit price before discount comes from subtotal/quantity.
 */
function toLine(item: WooLineItem, gross: boolean, taxLines: WooTaxLine[]): ShopOrderLine {
  const before = gross ? sumMinor([toMinor(item.subtotal), toMinor(item.subtotal_tax)]) : toMinor(item.subtotal);
  const after = gross ? sumMinor([toMinor(item.total), toMinor(item.total_tax)]) : toMinor(item.total);
  const quantity = item.quantity;
  return {
    id: String(item.id),
    sku: item.sku === null || item.sku === '' ? null : item.sku,
    name: decodeHtmlEntities(item.name),
    quantity,
    unitPrice: quantity > 0 ? roundHalfUp(before / quantity) : before,
    discount: (before - after) as Minor,
    tax: toMinor(item.total_tax),
    taxRatePercent: ratePercent(item, taxLines),
  };
}

/** The rate of the line's tax from the order's tax lines (`rate_percent`), when the shop sends it. */
function ratePercent(item: WooLineItem, taxLines: WooTaxLine[]): number | undefined {
  if (item.taxes.length === 0) return toMinor(item.total_tax) === 0 ? 0 : undefined;
  if (item.taxes.length > 1) return undefined; // compound or stacked rates: let the flow derive it
  const rateId = item.taxes[0]?.id;
  return taxLines.find((line) => line.rate_id === rateId)?.rate_percent;
}

function toAddress(address: WooAddress, contact?: WooBillingAddress): ShopAddress {
  const name = `${address.first_name} ${address.last_name}`.trim();
  return {
    name: name || address.company,
    company: address.company || undefined,
    address1: address.address_1,
    address2: address.address_2 || undefined,
    city: address.city,
    postcode: address.postcode,
    country: address.country,
    state: address.state || undefined,
    phone: contact?.phone || undefined,
    email: contact?.email || undefined,
  };
}

function hasAddress(address: WooAddress): boolean {
  return Boolean(address.address_1 || address.first_name || address.last_name || address.company);
}
