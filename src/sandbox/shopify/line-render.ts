import type { Minor } from '../../domain/money.js';
import type { SimLineItem, SimOrder } from './orders.js';
import { moneyBag } from './render-kit.js';

/**
 * An order's line item and tax lines as the Admin API shows them, for the order and for the
 * fulfillment orders that point at its lines. `fulfilled` is how many units of it are fulfilled.
 */
export function renderLine(line: SimLineItem, order: SimOrder, fulfilled: number) {
  const currency = order.currency;
  const gross = line.unitPrice * line.quantity;
  return {
    id: `gid://shopify/LineItem/${line.id}`,
    sku: line.sku,
    name: line.title,
    title: line.title,
    variantTitle: null,
    quantity: line.quantity,
    currentQuantity: line.quantity,
    unfulfilledQuantity: line.quantity - fulfilled,
    taxable: true,
    originalUnitPriceSet: moneyBag(line.unitPrice, currency),
    discountedUnitPriceSet: moneyBag(Math.round((gross - line.discount) / line.quantity) as Minor, currency),
    totalDiscountSet: moneyBag(line.discount, currency),
    discountedTotalSet: moneyBag((gross - line.discount) as Minor, currency),
    taxLines: taxLines(line.tax, order),
  };
}

/** An untaxed order (an exempt buyer, an export) has no tax lines at all. */
export function taxLines(amount: Minor, order: SimOrder) {
  const percent = order.vatRatePercent;
  if (percent === 0) return [];
  return [{ title: 'VAT', rate: percent / 100, ratePercentage: percent, priceSet: moneyBag(amount, order.currency) }];
}
