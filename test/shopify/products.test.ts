import { describe, expect, it } from 'vitest';
import type { ShopProduct } from '../../src/connectors/webshop.js';
import type { Minor } from '../../src/domain/money.js';
import type { StartedShopifySimulator } from '../../src/sandbox/shopify/simulator.js';
import { useShopifySims } from './helpers/sims.js';

const { start, clientFor } = useShopifySims();
const T0 = Date.parse('2026-03-01T10:00:00Z');

async function collect(pages: AsyncIterable<ShopProduct[]>): Promise<ShopProduct[]> {
  const all: ShopProduct[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}

const m = (value: number) => value as Minor;

/** Adds `count` one-variant products one second apart from `at`. */
function addSimpleProducts(sim: StartedShopifySimulator, count: number, at: number) {
  return Array.from({ length: count }, (_, index) =>
    sim.state.addProduct({ title: `Product ${index}`, variants: [{ sku: `P-${index}`, price: m(10_000 + index) }] }, at + index * 1000),
  );
}

describe('Shopify changedProducts', () => {
  it('returns every variant of the catalogue as its own item, named, priced and costed as the shop keeps it', async () => {
    const sim = await start();
    const items = await collect(clientFor(sim).changedProducts(new Date(0)));
    expect(items).toHaveLength(12);
    const bySku = new Map(items.map((item) => [item.sku, item]));
    const shirt = bySku.get('TEE-RED-M')!;
    expect(shirt).toMatchObject({
      platform: 'shopify',
      name: 'T-shirt \u2013 Red / M',
      price: 19_900,
      pricesIncludeTax: true,
      costPrice: 4_000,
      status: 'active',
      stock: { tracked: true, available: 120 },
    });
    expect(shirt.id).toMatch(/^gid:\/\/shopify\/ProductVariant\/\d+$/);
    expect(shirt.productId).toMatch(/^gid:\/\/shopify\/Product\/\d+$/);
    expect(shirt.stock.target).toMatch(/^gid:\/\/shopify\/InventoryItem\/\d+$/);
    expect(bySku.get('CAP-001')).toMatchObject({ name: 'Cap, one size', barcode: '5701234000017' });
    expect(bySku.get('POSTER.A2')!.stock).toMatchObject({ tracked: false, available: undefined });
    const times = items.map((item) => item.modifiedAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('gives a variant without SKU as undefined and maps draft and archived products', async () => {
    const sim = await start({ catalogue: false });
    sim.state.addProduct({ title: 'Gift card', status: 'DRAFT', variants: [{ sku: '  ', price: m(5_000) }] }, T0);
    sim.state.addProduct({ title: 'Old mug', status: 'ARCHIVED', variants: [{ sku: 'MUG-OLD', price: m(5_000), unitCost: null }] }, T0 + 1000);
    const [gift, mug] = await collect(clientFor(sim).changedProducts(new Date(0)));
    expect(gift).toMatchObject({ sku: undefined, status: 'draft', name: 'Gift card' });
    expect(mug).toMatchObject({ sku: 'MUG-OLD', status: 'archived', costPrice: undefined });
  });

  it('pages in every variant of a product with more than fit in the first query', async () => {
    const sim = await start({ catalogue: false });
    const sizes = Array.from({ length: 45 }, (_, index) => `S${index}`);
    sim.state.addProduct({ title: 'Sock', optionNames: ['Size'], variants: sizes.map((size) => ({ options: [size], sku: `SOCK-${size}`, price: m(2_500) })) }, T0);
    const client = clientFor(sim);
    const items = await collect(client.changedProducts(new Date(0)));
    expect(items.map((item) => item.name)).toEqual(sizes.map((size) => `Sock \u2013 ${size}`));
    expect(client.callCount()).toBe(3); // taxes, the products page, one page of further variants
  });

  it('neither skips nor repeats a product changed while paging: a changed one comes again with its new state', async () => {
    let now = T0 + 86_400_000;
    const sim = await start({ catalogue: false, now: () => now });
    const products = addSimpleProducts(sim, 30, T0);
    const client = clientFor(sim);
    const yielded: ShopProduct[] = [];
    let page = 0;
    for await (const items of client.changedProducts(new Date(T0), { pageSize: 5 })) {
      yielded.push(...items);
      page += 1;
      if (page === 2) {
        now += 60_000;
        sim.state.updateProduct(products[2]!.id, (product) => (product.title = 'Renamed')); // already yielded
        sim.state.updateVariant(products[20]!.variants[0]!.id, (variant) => (variant.price = m(99_900))); // not reached yet
      }
    }
    const versions = yielded.map((item) => `${item.id}@${item.modifiedAt.toISOString()}`);
    expect(new Set(versions).size).toBe(versions.length);
    expect(yielded).toHaveLength(31);
    const of = (index: number) => yielded.filter((item) => item.productId === `gid://shopify/Product/${products[index]!.id}`);
    expect(of(2).map((item) => item.name)).toEqual(['Product 2', 'Renamed']);
    expect(of(20).map((item) => item.price)).toEqual([99_900]);
  });

  it('stays inside the cost bucket: a small bucket makes it wait, never throttled', async () => {
    let now = T0;
    const sim = await start({ catalogue: false, maximumAvailable: 1000, restoreRate: 100, now: () => now });
    for (let index = 0; index < 60; index += 1) {
      sim.state.addProduct({ title: `Shirt ${index}`, optionNames: ['Size'], variants: ['S', 'M', 'L'].map((size) => ({ options: [size], sku: `SH-${index}-${size}`, price: m(10_000) })) }, T0 - 86_400_000 + index * 1000);
    }
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
      now += ms;
    };
    const client = clientFor(sim, { now: () => now, sleep, costBucket: { maximumAvailable: 1000, restoreRate: 100 } });
    const items = await collect(client.changedProducts(new Date(0)));
    expect(items).toHaveLength(180);
    // 1 taxes query + 4 pages of 15 products: no THROTTLED answer was ever resent.
    expect(client.callCount()).toBe(5);
    expect(sim.simulator.writeLog.every((entry) => entry.status === 200)).toBe(true);
    expect(waits.reduce((sum, ms) => sum + ms, 0)).toBeGreaterThan(0);
  });
});

describe('Shopify productsBySku', () => {
  it('finds variants by exact SKU with their level at the primary location', async () => {
    const sim = await start();
    const items = await clientFor(sim).productsBySku(['TEE-RED-M', 'GIFT/BOX 01', 'POSTER.A2', 'NOPE', 'tee-red-m']);
    expect(items.map((item) => [item.sku, item.name, item.stock.tracked, item.stock.available]).sort()).toEqual([
      ['GIFT/BOX 01', 'Gift box', true, 55],
      ['POSTER.A2', 'Poster A2', false, undefined],
      ['TEE-RED-M', 'T-shirt \u2013 Red / M', true, 120],
    ]);
  });

  it('reads the level at another location, none where the item is not stocked', async () => {
    const sim = await start();
    const cap = [...sim.state.variants.values()].find((variant) => variant.sku === 'CAP-001')!;
    sim.state.inventory.set(cap.inventoryItem.id, 6_100_000_002, 7, Date.now());
    const items = await clientFor(sim).productsBySku(['CAP-001', 'MUG#BLK'], { locationId: '6100000002' });
    expect(items.map((item) => [item.sku, item.stock.available])).toEqual([
      ['CAP-001', 7],
      ['MUG#BLK', undefined],
    ]);
  });

  it('gives every variant that shares a SKU, asking 50 SKUs a query', async () => {
    const sim = await start({ catalogue: false });
    const skus = Array.from({ length: 120 }, (_, index) => `S-${index}`);
    for (const sku of skus) sim.state.addProduct({ title: sku, variants: [{ sku, price: m(1_000), available: 3 }] }, T0);
    sim.state.addProduct({ title: 'Twin', variants: [{ sku: 'S-7', price: m(1_000), available: 9 }] }, T0);
    const client = clientFor(sim);
    const items = await client.productsBySku(skus);
    expect(items).toHaveLength(121);
    expect(items.filter((item) => item.sku === 'S-7').map((item) => item.stock.available).sort()).toEqual([3, 9]);
    // Shop taxes, primary location, then three searches of 50, 50 and 20 SKUs.
    expect(client.callCount()).toBe(5);
  });
});
