import { netFromGross, roundHalfUp, type Minor } from '../../domain/money.js';

/**
 * How WooCommerce arrives at an order's amounts, in minor units. It stores every amount net of tax
 * with the tax beside it. With prices entered incl. tax it takes the base rate's tax out first and
 * adds the buyer's rate (the default `woocommerce_adjust_non_base_location_prices`); shipping and
 * fees are entered net. A percentage coupon is taken off each line before tax.
 */
export interface LineInput {
  /** The price the shop shows per unit: gross when pricesIncludeTax, else net. */
  unitPrice: Minor;
  quantity: number;
}

export interface AmountsInput {
  lines: LineInput[];
  pricesIncludeTax: boolean;
  /** The shop's base VAT rate (what entered gross prices contain). */
  baseRatePercent: number;
  /** The rate for this buyer (0 for exports). */
  ratePercent: number;
  couponPercent: number;
  shippingNet: Minor;
  feeNet: Minor;
}

export interface LineAmounts {
  subtotal: Minor;
  subtotalTax: Minor;
  total: Minor;
  totalTax: Minor;
}

export interface OrderAmounts {
  lines: LineAmounts[];
  discount: Minor;
  discountTax: Minor;
  shipping: Minor;
  shippingTax: Minor;
  fee: Minor;
  feeTax: Minor;
  cartTax: Minor;
  totalTax: Minor;
  total: Minor;
}

export function orderAmounts(input: AmountsInput): OrderAmounts {
  const lines = input.lines.map((line) => lineAmounts(line, input));
  const sum = (pick: (line: LineAmounts) => Minor): number => lines.reduce((total, line) => total + pick(line), 0);
  const shippingTax = percentOf(input.shippingNet, input.ratePercent);
  const feeTax = percentOf(input.feeNet, input.ratePercent);
  const cartTax = sum((line) => line.totalTax) + feeTax;
  return {
    lines,
    discount: minor(sum((line) => line.subtotal) - sum((line) => line.total)),
    discountTax: minor(sum((line) => line.subtotalTax) - sum((line) => line.totalTax)),
    shipping: input.shippingNet,
    shippingTax,
    fee: input.feeNet,
    feeTax,
    cartTax: minor(cartTax),
    totalTax: minor(cartTax + shippingTax),
    total: minor(sum((line) => line.total) + input.feeNet + input.shippingNet + cartTax + shippingTax),
  };
}

function lineAmounts(line: LineInput, input: AmountsInput): LineAmounts {
  const shown = line.unitPrice * line.quantity;
  const afterCoupon = shown - percentOf(minor(shown), input.couponPercent);
  if (!input.pricesIncludeTax) {
    return {
      subtotal: minor(shown),
      subtotalTax: percentOf(minor(shown), input.ratePercent),
      total: minor(afterCoupon),
      totalTax: percentOf(minor(afterCoupon), input.ratePercent),
    };
  }
  const subtotal = netFromGross(minor(shown), input.baseRatePercent);
  const total = netFromGross(minor(afterCoupon), input.baseRatePercent);
  if (input.ratePercent === input.baseRatePercent) {
    return { subtotal, subtotalTax: minor(shown - subtotal), total, totalTax: minor(afterCoupon - total) };
  }
  return {
    subtotal,
    subtotalTax: percentOf(subtotal, input.ratePercent),
    total,
    totalTax: percentOf(total, input.ratePercent),
  };
}

function percentOf(amount: Minor, percent: number): Minor {
  return roundHalfUp((amount * percent) / 100);
}

function minor(value: number): Minor {
  return value as Minor;
}
