import type { ShopChargeLine, ShopOrder, ShopOrderLine } from '../../connectors/webshop.js';
import { netFromGross, roundHalfUp, sumMinor, type Minor } from '../../domain/money.js';

/**
 * Turns a shop order into the net (VAT-exclusive) amounts Rackbeat and e-conomic expect.
 * Both targets price lines net and add VAT by the customer's VAT zone, so every amount here is net.
 * Discounts become one separate line (orders.discountProduct) so that line unit prices stay the
 * catalogue prices and the document's net total equals the shop's to the øre.
 */
export interface NetLine {
  sku: string;
  name: string;
  quantity: number;
  /** Net price of one unit before discounts, rounded to the øre. */
  unitNetPrice: Minor;
}

export interface NetCharge {
  title: string;
  net: Minor;
}

export interface NetOrder {
  lines: NetLine[];
  /** Net discount over all lines, as a positive amount. */
  discount: Minor;
  shippingLines: NetCharge[];
  feeLines: NetCharge[];
  /** What the shop says the order is worth net of VAT: total − tax. */
  shopNetTotal: Minor;
  /** What our lines add up to: Σ unit × quantity − discount + shipping and fees. */
  mappedNetTotal: Minor;
}

/** The line's VAT rate in percent: as the platform gave it, else derived from its amounts. */
export function lineVatPercent(line: ShopOrderLine, pricesIncludeTax: boolean): number {
  if (line.taxRatePercent !== undefined) return line.taxRatePercent;
  const gross = line.unitPrice * line.quantity - line.discount;
  return derivedVatPercent(line.tax, pricesIncludeTax ? gross - line.tax : gross);
}

/** The rate that `tax` on `net` is, in percent; 0 on a zero net amount. */
export function derivedVatPercent(tax: number, net: number): number {
  if (net === 0) return 0;
  // Rates are quoted to at most 2 decimals (25, 25.5): round the derived one to that.
  return Math.round((tax / net) * 10_000) / 100;
}

function toNet(amount: Minor, pricesIncludeTax: boolean, ratePercent: number): Minor {
  return pricesIncludeTax ? netFromGross(amount, ratePercent) : amount;
}

function netCharges(charges: ShopChargeLine[], pricesIncludeTax: boolean): NetCharge[] {
  return charges.map((charge) => ({
    title: charge.title,
    net: pricesIncludeTax ? ((charge.amount - charge.tax) as Minor) : charge.amount,
  }));
}

export function netOrder(order: ShopOrder, skuOf: (line: ShopOrderLine) => string): NetOrder {
  const lines: NetLine[] = [];
  const discounts: Minor[] = [];
  for (const line of order.lines) {
    const rate = lineVatPercent(line, order.pricesIncludeTax);
    lines.push({
      sku: skuOf(line),
      name: line.name,
      quantity: line.quantity,
      unitNetPrice: toNet(line.unitPrice, order.pricesIncludeTax, rate),
    });
    discounts.push(toNet(line.discount, order.pricesIncludeTax, rate));
  }
  const discount = sumMinor(discounts);
  const shippingLines = netCharges(order.shippingLines, order.pricesIncludeTax);
  const feeLines = netCharges(order.feeLines, order.pricesIncludeTax);
  const chargesTotal = sumMinor([...shippingLines, ...feeLines].map((charge) => charge.net));
  const linesTotal = sumMinor(lines.map((line) => roundHalfUp(line.unitNetPrice * line.quantity)));
  return {
    lines,
    discount,
    shippingLines,
    feeLines,
    shopNetTotal: (order.totals.total - order.totals.tax) as Minor,
    mappedNetTotal: (linesTotal - discount + chargesTotal) as Minor,
  };
}

/**
 * How far two net totals may differ and still be "the same": rounding each line's unit price to the
 * øre can move the total by at most half an øre per unit line, so one øre per line (at least one).
 */
export function roundingTolerance(lineCount: number): Minor {
  return Math.max(1, lineCount) as Minor;
}
