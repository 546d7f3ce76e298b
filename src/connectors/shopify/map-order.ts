import { sumMinor, toMinor, type Minor } from '../../domain/money.js';
import type { ShopAddress, ShopChargeLine, ShopOrder, ShopOrderLine } from '../webshop.js';
import type { ShopifyAddress, ShopifyLineItem, ShopifyMoney, ShopifyOrder, ShopifyShippingLine, ShopifyTaxLine } from './types.js';

/** Financial statuses of an order that was paid in full: refunds come after a payment. */
const PAID_STATUSES: ReadonlySet<string> = new Set(['PAID', 'PARTIALLY_REFUNDED', 'REFUNDED']);

/** "Exempt from VAT for purchases within the EU that is shipping from outside of customer's country" (TaxExemption). */
const EU_REVERSE_CHARGE = 'EU_REVERSE_CHARGE_EXEMPTION_RULE';

/**
 * A Shopify order (with all its lines, after paging) as the Webshop interface's ShopOrder. Pure.
 * Status: displayFinancialStatus in lower case (`PARTIALLY_PAID` → `partially_paid`), REST's names.
 */
export function toShopOrder(order: ShopifyOrder, lineItems: ShopifyLineItem[], shippingLines: ShopifyShippingLine[]): ShopOrder {
  const email = order.customer?.defaultEmailAddress?.emailAddress ?? order.email ?? '';
  const billingSource = order.billingAddress ?? order.shippingAddress;
  const fallbackName = order.customer?.displayName ?? '';
  const billing = toAddress(billingSource, fallbackName, email);
  const charges = shippingLines.map(toChargeLine);
  const taxSettings = order.purchasingEntity?.location?.taxSettings;
  const exemptions = [...(order.customer?.taxExemptions ?? []), ...(taxSettings?.taxExemptions ?? [])];
  return {
    platform: 'shopify',
    id: order.id,
    number: order.name.replace(/^#/, ''),
    status: (order.displayFinancialStatus ?? 'unknown').toLowerCase(),
    currency: order.currencyCode,
    customer: {
      id: order.customer?.id,
      email,
      name: order.customer?.displayName || billing.name,
      company: billing.company,
      phone: order.phone ?? billing.phone,
      vatNumber: taxSettings?.taxRegistrationId?.trim() || undefined,
      vatExempt: order.taxExempt || exemptions.includes(EU_REVERSE_CHARGE),
    },
    billing,
    shipping: order.shippingAddress ? toAddress(order.shippingAddress, fallbackName, undefined) : undefined,
    lines: lineItems.map(toLine),
    shippingLines: charges,
    feeLines: [],
    discountCodes: order.discountCodes,
    totals: {
      total: amount(order.totalPriceSet),
      tax: order.totalTaxSet ? amount(order.totalTaxSet) : (0 as Minor),
      shipping: sumMinor(charges.map((charge) => charge.amount)),
      discount: order.totalDiscountsSet ? amount(order.totalDiscountsSet) : (0 as Minor),
    },
    pricesIncludeTax: order.taxesIncluded,
    paymentMethod: order.paymentGatewayNames.join(', '),
    paymentGateway: order.paymentGatewayNames[0] ?? '',
    // Shopify keeps no payment time on the order itself; a paid order (refunded since or not) was paid when it was processed.
    paidAt: PAID_STATUSES.has(order.displayFinancialStatus ?? '') ? new Date(order.processedAt) : undefined,
    createdAt: new Date(order.createdAt),
    modifiedAt: new Date(order.updatedAt),
    cancelled: order.cancelledAt !== null && order.cancelledAt !== undefined,
    refunded: order.displayFinancialStatus === 'PARTIALLY_REFUNDED' || order.displayFinancialStatus === 'REFUNDED',
    raw: { ...order, lineItems: { nodes: lineItems }, shippingLines: { nodes: shippingLines } },
  };
}

function toLine(line: ShopifyLineItem): ShopOrderLine {
  return {
    id: line.id,
    // Shopify SKUs are optional: an empty one is no SKU.
    sku: line.sku?.trim() ? line.sku : null,
    name: line.name,
    quantity: line.quantity,
    unitPrice: amount(line.originalUnitPriceSet),
    discount: amount(line.totalDiscountSet),
    tax: taxOf(line.taxLines),
    taxRatePercent: line.taxLines[0]?.ratePercentage ?? undefined,
  };
}

function toChargeLine(line: ShopifyShippingLine): ShopChargeLine {
  return { title: line.title, amount: amount(line.discountedPriceSet), tax: taxOf(line.taxLines) };
}

function toAddress(address: ShopifyAddress | null, fallbackName: string, email: string | undefined): ShopAddress {
  const joined = [address?.firstName, address?.lastName].filter(Boolean).join(' ');
  return {
    name: address?.name || joined || fallbackName,
    company: address?.company ?? undefined,
    address1: address?.address1 ?? '',
    address2: address?.address2 || undefined,
    city: address?.city ?? '',
    postcode: address?.zip ?? '',
    country: address?.countryCodeV2 ?? '',
    state: address?.provinceCode ?? undefined,
    phone: address?.phone ?? undefined,
    email,
  };
}

function taxOf(lines: ShopifyTaxLine[]): Minor {
  return sumMinor(lines.map((line) => amount(line.priceSet)));
}

function amount(money: ShopifyMoney): Minor {
  return toMinor(money.shopMoney.amount);
}
