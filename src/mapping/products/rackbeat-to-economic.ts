import type { EconomicProductInput } from '../../connectors/economic/types.js';
import type { RackbeatProduct } from '../../connectors/rackbeat/types.js';
import { negativePrice, type Mapped } from './fields.js';
import { productNumberProblem } from './product-number.js';

export interface RackbeatToEconomicSettings {
  /** `products.economic.productGroupNumber`. */
  productGroupNumber: number;
  /** `products.economic.unitNumber`. */
  unitNumber?: number | undefined;
}

/** e-conomic's limits on a product's texts (products.post.schema.json). */
const NAME_MAX_LENGTH = 300;
const BARCODE_MAX_LENGTH = 50;

/**
 * A Rackbeat product, whoever made it, as a new e-conomic product: `productNumber` = its number,
 * its name, sales and cost price (both net of VAT in Rackbeat), barcode, and the configured
 * product group and unit.
 */
export function mapRackbeatProductToEconomic(product: RackbeatProduct, settings: RackbeatToEconomicSettings): Mapped<EconomicProductInput> {
  const where = `Rackbeat product ${product.number}`;
  const name = product.name.trim();
  const barcode = product.barcode?.trim() || undefined;
  const problem =
    productNumberProblem(product.number) ??
    (name === '' ? { message: `${where} has no name`, hint: 'give it a name in Rackbeat (or in the shop it came from)' } : undefined) ??
    (name.length > NAME_MAX_LENGTH
      ? { message: `${where} has a name of ${name.length} characters, more than the ${NAME_MAX_LENGTH} e-conomic takes`, hint: `shorten its name to ${NAME_MAX_LENGTH} characters` }
      : undefined) ??
    (barcode !== undefined && barcode.length > BARCODE_MAX_LENGTH
      ? { message: `${where} has a barcode of ${barcode.length} characters, more than the ${BARCODE_MAX_LENGTH} e-conomic takes`, hint: 'correct its barcode' }
      : undefined) ??
    negativePrice(where, product.salesPrice, 'Rackbeat (or in the shop it came from)');
  if (problem) return { ok: false, ...problem };
  return {
    ok: true,
    value: {
      productNumber: product.number,
      name,
      productGroupNumber: settings.productGroupNumber,
      salesPrice: product.salesPrice,
      ...(product.costPrice !== undefined ? { costPrice: product.costPrice } : {}),
      ...(barcode !== undefined ? { barCode: barcode } : {}),
      ...(settings.unitNumber !== undefined ? { unitNumber: settings.unitNumber } : {}),
    },
  };
}
