import type { ProductField } from '../../config/sections/products.js';
import type { EconomicProduct } from '../../connectors/economic/types.js';
import type { RackbeatProduct } from '../../connectors/rackbeat/types.js';
import type { ShopProduct } from '../../connectors/webshop.js';
import { formatMinor, toMinor, type Minor } from '../../domain/money.js';
import { keptFields, type ProductFields } from '../../mapping/products/fields.js';
import { mapRackbeatProductToEconomic } from '../../mapping/products/rackbeat-to-economic.js';
import { mapShopItemToRackbeat } from '../../mapping/products/shop-to-rackbeat.js';
import { describeLogged } from '../orders/reconcile-chain.js';
import type { Finding, ReconcileContext, Reconciler } from '../reconcile.js';
import { economicKept } from './rackbeat-to-economic.js';
import { productsStartFrom, type ProductsLegSettings } from './settings.js';
import { PRODUCT_LEGS, PRODUCT_STEPS } from './steps.js';

type Roles = 'webshop' | 'rackbeat' | 'economic';
type Context = ReconcileContext<Roles, 'products'>;

/** The fields `products.update` keeps, as one system holds them or as a leg would write them. */
type Kept = Partial<ProductFields>;

/** What leg 1 or 2 would write, kept fields only, or why it cannot map the product (the leg fails it so). */
type Expected = { ok: true; kept: Kept } | { ok: false };

/** One shop item carrying a SKU, kept small: what describes it and what leg 1 would write to Rackbeat. */
interface ShopItemSummary {
  id: string;
  name: string;
  price: Minor | undefined;
  pricesIncludeTax: boolean;
  active: boolean;
  createdAt: number;
  expected: Expected;
}

/** A Rackbeat product, kept small: its kept fields and what leg 2 would write to e-conomic. */
interface RackbeatSummary {
  kept: Kept;
  createdAt: number;
  expected: Expected;
}

/**
 * `reconcile --flow products`: the catalogue compared whole, not bounded by the period (a product
 * made years ago is sold today). Reads every shop item, every Rackbeat product and every e-conomic
 * product page by page, each kept as a small summary by SKU, then goes through the shop's SKUs as
 * leg 1 takes them (active ones, drafts and archived ones only with `products.includeDrafts`; none
 * created before `products.startFrom`): a SKU on two shop items is doubled; one Rackbeat or
 * e-conomic does not have is missing (stale when the log says it was made or found); the fields of
 * `products.update` are compared hop by hop, by the mappings the legs write with. Rackbeat products
 * no shop item carries are leg 2's too, so their e-conomic hop is compared as well.
 */
export const productsReconciler: Reconciler<Roles, 'products'> = {
  flow: 'products',
  section: 'products',
  roles: ['webshop', 'rackbeat', 'economic'],
  compare: (context) => compareProducts(context),
};

async function* compareProducts(context: Context): AsyncIterable<Finding> {
  const catalogue = new Catalogue(context);
  // All three at once: each system has its own rate limit.
  await Promise.all([catalogue.readShop(), catalogue.readRackbeat(), catalogue.readEconomic()]);
  yield* catalogue.compare();
}

class Catalogue {
  private readonly shop = new Map<string, Map<string, ShopItemSummary>>();
  private readonly rackbeat = new Map<string, RackbeatSummary>();
  private readonly economic = new Map<string, Kept>();
  private readonly settings: ProductsLegSettings;
  private readonly startFrom: number;

  constructor(private readonly context: Context) {
    this.settings = { ...context.settings, timezone: context.timezone };
    this.startFrom = productsStartFrom(context.settings.startFrom, context.timezone).getTime();
  }

  async readShop(): Promise<void> {
    const { webshop } = this.context.connections;
    let read = 0;
    for await (const page of webshop.changedProducts(new Date(0))) {
      read += page.length;
      this.context.onProgress?.({ system: webshop.platform, read });
      for (const item of page) {
        if (item.sku === undefined) continue;
        const items = this.shop.get(item.sku) ?? new Map<string, ShopItemSummary>();
        // An item changed while paging comes again, with its newer state.
        items.set(item.id, this.summariseShopItem(item as ShopProduct & { sku: string }));
        this.shop.set(item.sku, items);
      }
    }
  }

  private summariseShopItem(item: ShopProduct & { sku: string }): ShopItemSummary {
    const { groupNumber, unitNumber } = this.settings.rackbeat;
    const mapped = mapShopItemToRackbeat(item, { groupNumber, unitNumber, vatPercent: this.settings.vatPercent });
    return {
      id: item.variantId ?? item.productId,
      name: item.name,
      price: item.price,
      pricesIncludeTax: item.pricesIncludeTax,
      active: item.status === 'active',
      createdAt: item.createdAt.getTime(),
      expected: mapped.ok ? { ok: true, kept: this.kept(mapped.value.number, mapped.value) } : { ok: false },
    };
  }

  async readRackbeat(): Promise<void> {
    const { rackbeat } = this.context.connections;
    const { productGroupNumber, unitNumber } = this.settings.economic;
    let read = 0;
    for await (const page of rackbeat.changedProducts(new Date(0))) {
      read += page.length;
      this.context.onProgress?.({ system: 'rackbeat', read });
      for (const product of page) {
        const mapped = mapRackbeatProductToEconomic(product, { productGroupNumber, unitNumber });
        this.rackbeat.set(product.number, {
          kept: this.kept(product.number, rackbeatFields(product)),
          createdAt: product.createdAt.getTime(),
          expected: mapped.ok ? { ok: true, kept: withoutNumber(economicKept(mapped.value, this.settings.update)) } : { ok: false },
        });
      }
    }
  }

  async readEconomic(): Promise<void> {
    let read = 0;
    for await (const product of this.context.connections.economic.products.list()) {
      read += 1;
      if (read % 100 === 0) this.context.onProgress?.({ system: 'economic', read });
      this.economic.set(product.productNumber, this.kept(product.productNumber, economicFields(product)));
    }
    this.context.onProgress?.({ system: 'economic', read });
  }

  private kept(number: string, fields: ProductFields): Kept {
    return withoutNumber(keptFields(number, fields, this.settings.update));
  }

  /** Every SKU the shop carries as leg 1 takes it, then the Rackbeat products no shop item carries. */
  *compare(): Iterable<Finding> {
    for (const [sku, items] of this.shop) yield* this.shopSku(sku, [...items.values()]);
    for (const [sku, rackbeat] of this.rackbeat) {
      if (this.shop.has(sku) || rackbeat.createdAt < this.startFrom) continue;
      yield* this.economicSide(sku, rackbeat, (kind, problem, hint, log) => ({
        flow: 'products',
        kind,
        record: `SKU ${sku}`,
        systems: { rackbeat: describeProduct(sku, rackbeat.kept), economic: this.describeEconomic(sku) },
        problem,
        log,
        hint,
      }), []);
    }
  }

  private *shopSku(sku: string, items: ShopItemSummary[]): Iterable<Finding> {
    const { log, instances } = this.context;
    const createdAt = Math.min(...items.map((item) => item.createdAt));
    if (createdAt < this.startFrom || !(this.settings.includeDrafts || items.some((item) => item.active))) return;
    const rackbeat = this.rackbeat.get(sku);
    const rerun = `iex-sync products --sku ${sku}`;
    const row: RowOf = (kind, problem, hint, logText) => ({
      flow: 'products',
      kind,
      record: `SKU ${sku}`,
      systems: { webshop: items.map(describeShopItem).join('; '), rackbeat: rackbeat && describeProduct(sku, rackbeat.kept), economic: this.describeEconomic(sku) },
      problem,
      log: logText,
      hint,
    });
    // Leg 1 fails such a SKU until one of the items gives it up: nothing further to compare.
    if (items.length > 1) {
      yield row('doubled', `${items.length} webshop items carry SKU ${sku}: ${items.map((item) => `${item.name} (shop id ${item.id})`).join(' and ')}`, `give each product its own SKU in the shop (a SKU is the product number in Rackbeat and e-conomic), then ${rerun}`);
      return;
    }
    const logged = log({ leg: PRODUCT_LEGS.webshopRackbeat, step: PRODUCT_STEPS.rackbeatProduct, sourceInstance: instances.webshop, sourceId: sku });
    if (!rackbeat) {
      if (logged?.status === 'ok') {
        yield row('stale', `the log says Rackbeat product ${sku} was made or found for it, and Rackbeat no longer has it`, `someone deleted it in Rackbeat: if it is still sold, ${rerun} makes it again`, 'ok');
        return;
      }
      const reason = describeLogged(logged);
      yield row('missing', 'no Rackbeat product', reason ? `see iex-sync history --source ${sku}, fix the cause, then ${rerun}` : rerun, reason);
      return;
    }
    const [item] = items as [ShopItemSummary];
    const differences = item.expected.ok ? differencesOf(item.expected.kept, rackbeat.kept, 'Rackbeat', 'the shop') : [];
    yield* this.economicSide(sku, rackbeat, row, differences);
  }

  /**
   * Leg 2's hop for one Rackbeat product: an e-conomic product of the same number holding what leg
   * 2 would write; `earlier` are leg 1's differences, reported in the same mismatched row.
   */
  private *economicSide(sku: string, rackbeat: RackbeatSummary, row: RowOf, earlier: string[]): Iterable<Finding> {
    const { log, instances } = this.context;
    const economic = this.economic.get(sku);
    const rerun = `iex-sync products --sku ${sku}`;
    if (!economic) {
      const logged = log({ leg: PRODUCT_LEGS.rackbeatEconomic, step: PRODUCT_STEPS.economicProduct, sourceInstance: instances.rackbeat, sourceId: sku });
      if (logged?.status === 'ok') {
        yield row('stale', `the log says e-conomic product ${sku} was made or found for Rackbeat product ${sku}, and e-conomic no longer has it`, `someone deleted it in e-conomic: if it is still sold, ${rerun} makes it again`, 'ok');
      } else {
        const reason = describeLogged(logged);
        yield row('missing', 'no e-conomic product', reason ? `see iex-sync history --source ${sku}, fix the cause, then ${rerun}` : rerun, reason);
      }
    }
    const differences = [...earlier, ...(economic && rackbeat.expected.ok ? differencesOf(rackbeat.expected.kept, economic, 'e-conomic', 'Rackbeat') : [])];
    if (differences.length > 0) {
      // A run writes a kept field when it changes in the source, and adopts a product that exists as it is: a rerun changes nothing here.
      yield row('mismatched', differences.join('; '), 'correct it by hand where it is wrong: iex-sync writes the fields of products.update when they change in the source (the shop for Rackbeat, Rackbeat for e-conomic), and adopts a product that exists as it is');
    }
  }

  private describeEconomic(sku: string): string | undefined {
    const economic = this.economic.get(sku);
    return economic && describeProduct(sku, economic);
  }
}

function withoutNumber({ number: _number, ...kept }: { number: string } & Kept): Kept {
  return kept;
}

type RowOf = (kind: Finding['kind'], problem: string, hint: string, log?: string) => Finding;

function rackbeatFields(product: RackbeatProduct): ProductFields {
  return { name: product.name, salesPrice: product.salesPrice, costPrice: product.costPrice, barcode: product.barcode };
}

function economicFields(product: EconomicProduct): ProductFields {
  const money = (value: number | undefined) => (value === undefined ? undefined : toMinor(value));
  return { name: product.name, salesPrice: money(product.salesPrice), costPrice: money(product.costPrice), barcode: product.barCode };
}

const FIELD_NAMES: Record<ProductField, string> = { name: 'name', salesPrice: 'sales price', costPrice: 'cost price', barcode: 'barcode' };

function fieldText(field: ProductField, value: Kept[ProductField]): string {
  if (value === undefined) return 'none';
  return field === 'salesPrice' || field === 'costPrice' ? formatMinor(value as Minor) : JSON.stringify(value);
}

/** `sales price 150.00 in Rackbeat, 120.00 in the shop`: each kept field the target holds otherwise, to the øre. */
function differencesOf(expected: Kept, actual: Kept, targetName: string, sourceName: string): string[] {
  return (Object.keys(expected) as ProductField[])
    .filter((field) => expected[field] !== actual[field])
    .map((field) => `${FIELD_NAMES[field]} ${fieldText(field, actual[field])} in ${targetName}, ${fieldText(field, expected[field])} in ${sourceName}`);
}

/** `"Wool scarf" 325.00 incl. VAT (shop id 94)`: an item as the shop shows it. */
function describeShopItem(item: ShopItemSummary): string {
  const price = item.price === undefined ? 'no price' : `${formatMinor(item.price)}${item.pricesIncludeTax ? ' incl. VAT' : ''}`;
  return `${JSON.stringify(item.name)} ${price} (shop id ${item.id})`;
}

/** `product CAP-001 "Cap" 120.00`: the kept fields a system holds (net of VAT). */
function describeProduct(sku: string, kept: Kept): string {
  const fields = (Object.keys(kept) as ProductField[]).map((field) => fieldText(field, kept[field]));
  return [`product ${sku}`, ...fields].join(' ');
}
