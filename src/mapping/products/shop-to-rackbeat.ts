import type { NewRackbeatProduct } from '../../connectors/rackbeat/types.js';
import type { ShopProduct } from '../../connectors/webshop.js';
import { netFromGross } from '../../domain/money.js';
import { negativePrice, type Mapped } from './fields.js';
import { productNumberProblem } from './product-number.js';

export interface ShopToRackbeatSettings {
  /** `products.rackbeat.groupNumber`. */
  groupNumber: number;
  /** `products.rackbeat.unitNumber`. */
  unitNumber?: number | undefined;
  /** `products.vatPercent`: the VAT in prices the shop enters with VAT. */
  vatPercent: number;
}

/**
 * A webshop item (a product, or one variant) as a new Rackbeat product: `number` = its SKU, its
 * name (`Parent – option values` for a variant), its sales price net of VAT (the shop's
 * prices-include-tax setting decides, converted by the one function orders use too), cost price
 * and barcode where the shop has them, and the configured group and unit.
 */
export function mapShopItemToRackbeat(item: ShopProduct & { sku: string }, settings: ShopToRackbeatSettings): Mapped<NewRackbeatProduct> {
  const { price } = item;
  const problem =
    productNumberProblem(item.sku) ??
    (item.name.trim() === '' ? { message: `SKU ${item.sku} has no name`, hint: 'give the product a name in the shop' } : undefined) ??
    (price === undefined ? { message: `SKU ${item.sku} (${item.name}) has no price`, hint: 'give it a price in the shop' } : negativePrice(`SKU ${item.sku} (${item.name})`, price, 'the shop'));
  if (problem || price === undefined) return { ok: false, ...(problem as { message: string; hint: string }) };
  const salesPrice = item.pricesIncludeTax ? netFromGross(price, settings.vatPercent) : price;
  return {
    ok: true,
    value: {
      number: item.sku,
      name: item.name.trim(),
      groupNumber: settings.groupNumber,
      salesPrice,
      ...(item.costPrice !== undefined ? { costPrice: item.costPrice } : {}),
      ...(item.barcode ? { barcode: item.barcode } : {}),
      ...(settings.unitNumber !== undefined ? { unitNumber: settings.unitNumber } : {}),
    },
  };
}
