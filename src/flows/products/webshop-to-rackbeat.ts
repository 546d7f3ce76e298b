import type { RackbeatClient } from '../../connectors/rackbeat/client.js';
import { rackbeatProductBody } from '../../connectors/rackbeat/products.js';
import type { NewRackbeatProduct, RackbeatProduct } from '../../connectors/rackbeat/types.js';
import type { ShopProduct, Webshop } from '../../connectors/webshop.js';
import { RecordError } from '../../engine/errors.js';
import type { CreateStep, Leg, TargetDoc } from '../../engine/leg.js';
import { keptFields } from '../../mapping/products/fields.js';
import { mapShopItemToRackbeat } from '../../mapping/products/shop-to-rackbeat.js';
import { groupCheck, MissingGroupError, translateNumberRefusal, type NumberSetting, type ProductsLegSettings } from './settings.js';
import { describeItems, skuRecord, skuRecords, type ShopSkuRecord } from './shop-items.js';
import { PRODUCT_LEGS, PRODUCT_STEPS } from './steps.js';
import type { MadeThisRun } from '../made-this-run.js';

/** A product's number is its id: the SKU. */
export const productDoc = (number: string): TargetDoc => ({ id: number, number });

/**
 * Leg 1 of the products flow: webshop items (products without variants, and each variant) with a
 * SKU become Rackbeat products numbered by it, one step: find the product by its number (a product
 * made by hand, by Rackbeat's own app or by a run whose store was lost is adopted), else create it;
 * afterwards keep the fields of `products.update` in step.
 */
export function webshopToRackbeatLeg(
  webshop: Webshop,
  shopInstance: string,
  rackbeat: RackbeatClient,
  settings: ProductsLegSettings,
  made: MadeThisRun<RackbeatProduct>,
): Leg<ShopSkuRecord> {
  const findProducts = rackbeat.productFinder();
  // A product as Rackbeat answered (made, found, updated): leg 2 takes it from here, not from Rackbeat again.
  const handed = (product: RackbeatProduct) => {
    made.add(product);
    return productDoc(product.number);
  };
  // Every shop item carrying a SKU this run looked at, from the page-batched look-up: two are a conflict.
  const carriers = new Map<string, ShopProduct[]>();
  const { groupNumber } = settings.rackbeat;
  const checkGroup = groupCheck(
    async () => (await rackbeat.productGroups()).map((group) => group.number),
    (valid) => new MissingGroupError('Rackbeat', 'products.rackbeat.groupNumber', groupNumber, valid),
    groupNumber,
  );
  const refusable: NumberSetting[] = [{ field: 'unitNumber', key: 'products.rackbeat.unitNumber', what: 'unit' }];

  const payload = (record: ShopSkuRecord): NewRackbeatProduct => {
    const items = carriers.get(record.id) ?? record.items;
    carriers.delete(record.id); // asked once a record: a run over a whole catalogue keeps none of them
    if (items.length > 1) {
      throw new RecordError(
        `SKU ${record.id} is on ${items.length} webshop products: ${describeItems(items)}`,
        'give each product its own SKU in the shop (a SKU is the product number in Rackbeat and e-conomic), then run iex-sync products again',
      );
    }
    const item = items[0] as ShopProduct & { sku: string };
    const mapped = mapShopItemToRackbeat(item, {
      groupNumber,
      unitNumber: settings.rackbeat.unitNumber,
      vatPercent: settings.vatPercent,
    });
    if (!mapped.ok) throw new RecordError(mapped.message, mapped.hint);
    return mapped.value;
  };

  /** The fields `products.update` keeps in step, without the number (it is in the path). */
  const changesOf = (product: NewRackbeatProduct) => {
    const { number: _number, ...changes } = keptFields(product.number, product, settings.update);
    return changes;
  };

  const productStep: CreateStep<ShopSkuRecord, NewRackbeatProduct> = {
    kind: 'create',
    name: PRODUCT_STEPS.rackbeatProduct,
    about: 'product',
    noun: 'Rackbeat product',
    targetSystem: 'rackbeat',
    reference: (record) => record.id,
    payload,
    body: rackbeatProductBody,
    async lookup(number) {
      const found = (await findProducts([number])).get(number);
      return found && handed(found);
    },
    async lookupMany(records) {
      const skus = records.map((record) => record.id);
      // The shop's own answer on who carries these SKUs, to catch one SKU on two products before
      // either is made: asked only for SKUs without a Rackbeat product yet (their first transfer).
      const [found, items] = await Promise.all([findProducts(skus), webshop.productsBySku(skus)]);
      for (const record of records) carriers.set(record.id, uniqueItems([...record.items, ...items.filter((item) => item.sku === record.id)]));
      return new Map([...found].map(([number, product]: [string, RackbeatProduct]) => [number, handed(product)]));
    },
    async create(product) {
      if (!settings.create) {
        throw new RecordError(`Rackbeat has no product ${product.number}, and products.create is false`, `create product ${product.number} in Rackbeat, or set products.create: true`);
      }
      await checkGroup();
      try {
        return handed(await rackbeat.createProduct(product));
      } catch (error) {
        throw await translateNumberRefusal(error, 'Rackbeat', refusable);
      }
    },
    kept: (product) => keptFields(product.number, product, settings.update),
    updateBody: (product) => rackbeatProductBody(changesOf(product)),
    // Only the kept fields travel (a partial PUT), never the group or unit.
    update: async (doc, product) => handed(await rackbeat.updateProduct(doc.id, changesOf(product))),
  };

  return {
    flow: 'products',
    name: PRODUCT_LEGS.webshopRackbeat,
    about: 'product',
    source: {
      system: webshop.platform,
      instance: shopInstance,
      async *changedSince(since) {
        for await (const page of webshop.changedProducts(since)) yield skuRecords(page);
      },
      async fetchOne(id) {
        // A SKU: every shop item carrying it (an item without one is only ever skipped, never retried).
        const items = await webshop.productsBySku([id]);
        return items.length > 0 ? skuRecord(id, uniqueItems(items)) : undefined;
      },
      clockSkewMs: () => webshop.clockSkewMs(),
    },
    skipReason(record) {
      if (record.sku === undefined) return `${record.items[0]?.name ?? 'the product'} has no SKU: give it one in the shop to transfer it`;
      if (settings.includeDrafts || record.items.some((item) => item.status === 'active')) return undefined;
      return `the product is ${record.items[0]?.status} in the shop (products.includeDrafts is false)`;
    },
    steps: [productStep],
  };
}

/** Items by id, each once (a Shopify read can give a changed item twice). */
function uniqueItems(items: readonly ShopProduct[]): ShopProduct[] {
  return [...new Map(items.map((item) => [item.id, item])).values()];
}
