import type { EconomicClient } from '../../connectors/economic/client.js';
import { NUMBERS_PER_CALL, productBody } from '../../connectors/economic/products.js';
import type { EconomicProductInput } from '../../connectors/economic/types.js';
import type { RackbeatClient } from '../../connectors/rackbeat/client.js';
import type { RackbeatProduct } from '../../connectors/rackbeat/types.js';
import { RecordError } from '../../engine/errors.js';
import type { CreateStep, Leg, SourceRecord } from '../../engine/leg.js';
import { keptFields } from '../../mapping/products/fields.js';
import { mapRackbeatProductToEconomic } from '../../mapping/products/rackbeat-to-economic.js';
import { groupCheck, MissingGroupError, translateNumberRefusal, type NumberSetting, type ProductsLegSettings } from './settings.js';
import { PRODUCT_LEGS, PRODUCT_STEPS } from './steps.js';
import { productDoc } from './webshop-to-rackbeat.js';
import type { MadeThisRun } from '../made-this-run.js';

/** A Rackbeat product as leg 2 handles it. Its id is the product number. */
export interface RackbeatProductRecord extends SourceRecord {
  product: RackbeatProduct;
}

function toRecord(product: RackbeatProduct): RackbeatProductRecord {
  return { id: product.number, number: product.number, createdAt: product.createdAt, modifiedAt: product.updatedAt, product };
}

/** What `products.update` keeps of an e-conomic product, in our field names (e-conomic spells the barcode `barCode`). */
export function economicKept(product: EconomicProductInput, update: ProductsLegSettings['update']) {
  const fields = { name: product.name, salesPrice: product.salesPrice, costPrice: product.costPrice, barcode: product.barCode };
  return keptFields(product.productNumber, fields, update);
}

/** The kept fields as e-conomic names them, for a PUT of the product with them replaced. */
function changesOf(product: EconomicProductInput, update: ProductsLegSettings['update']): Partial<EconomicProductInput> {
  const { number: _number, barcode, ...fields } = economicKept(product, update);
  return { ...fields, ...(barcode !== undefined ? { barCode: barcode } : {}) };
}

/**
 * Leg 2 of the products flow: Rackbeat products changed since the checkpoint, whoever made them
 * (leg 1, a person, Rackbeat's own app), become e-conomic products with `productNumber` = the
 * Rackbeat number; one step, found by that number first, then the fields of `products.update`
 * kept in step.
 */
export function rackbeatToEconomicLeg(
  rackbeat: RackbeatClient,
  rackbeatInstance: string,
  economic: EconomicClient,
  settings: ProductsLegSettings,
  made: MadeThisRun<RackbeatProduct>,
): Leg<RackbeatProductRecord> {
  const { productGroupNumber } = settings.economic;
  const checkGroup = groupCheck(
    async () => (await economic.productGroups()).map((group) => group.productGroupNumber),
    (valid) => new MissingGroupError('e-conomic', 'products.economic.productGroupNumber', productGroupNumber, valid),
    productGroupNumber,
  );
  const refusable: NumberSetting[] = [
    { field: 'unitNumber', key: 'products.economic.unitNumber', what: 'unit', valid: async () => (await economic.units()).map((unit) => unit.unitNumber) },
  ];
  const mapping = { productGroupNumber, unitNumber: settings.economic.unitNumber };

  const productStep: CreateStep<RackbeatProductRecord, EconomicProductInput> = {
    kind: 'create',
    name: PRODUCT_STEPS.economicProduct,
    about: 'product',
    noun: 'e-conomic product',
    targetSystem: 'economic',
    reference: (record) => record.id,
    payload(record) {
      const mapped = mapRackbeatProductToEconomic(record.product, mapping);
      if (!mapped.ok) throw new RecordError(mapped.message, mapped.hint);
      return mapped.value;
    },
    body: productBody,
    async lookup(number) {
      const found = await economic.products.get(number);
      return found && productDoc(found.productNumber);
    },
    async lookupMany(records) {
      const found = await economic.products.findMany(records.map((record) => record.id));
      return new Map([...found.keys()].map((number) => [number, productDoc(number)]));
    },
    async create(product, options) {
      if (!settings.create) {
        throw new RecordError(
          `e-conomic has no product ${product.productNumber}, and products.create is false`,
          `create product ${product.productNumber} in e-conomic, or set products.create: true`,
        );
      }
      await checkGroup();
      try {
        return productDoc((await economic.products.create(product, { idempotencyKey: options.idempotencyKey })).productNumber);
      } catch (error) {
        throw await translateNumberRefusal(error, 'e-conomic', refusable);
      }
    },
    kept: (product) => economicKept(product, settings.update),
    // The fields the PUT changes; the rest of it is the product as e-conomic had it (PUT is a full replace).
    updateBody: (product) => ({ productNumber: product.productNumber, ...changesOf(product, settings.update) }),
    async update(doc, product) {
      const updated = await economic.products.updateFields(doc.id, changesOf(product, settings.update));
      if (!updated) throw new RecordError(`e-conomic product ${doc.id} is gone`, 'it was deleted in e-conomic after iex-sync made or found it: create it again there, or look into it');
      return productDoc(updated.productNumber);
    },
  };

  return {
    flow: 'products',
    name: PRODUCT_LEGS.rackbeatEconomic,
    about: 'product',
    source: {
      system: 'rackbeat',
      instance: rackbeatInstance,
      upstreamStep: PRODUCT_STEPS.rackbeatProduct,
      // Handed over as many at a time as one e-conomic look-up by product number takes.
      lookUpBatch: NUMBERS_PER_CALL,
      async *changedSince(since) {
        for await (const page of rackbeat.changedProducts(since)) yield page.map(toRecord);
      },
      async fetchOne(id) {
        const product = made.take(id) ?? (await rackbeat.product(id));
        return product && toRecord(product);
      },
    },
    steps: [productStep],
  };
}
