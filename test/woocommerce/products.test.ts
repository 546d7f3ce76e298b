import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../../src/connectors/http/types.js';
import type { ShopProduct } from '../../src/connectors/webshop.js';
import type { Minor } from '../../src/domain/money.js';
import { useWooShops } from './helpers/shops.js';

const { shop, clientFor } = useWooShops();

async function readAll(pages: AsyncIterable<ShopProduct[]>): Promise<ShopProduct[]> {
  const items: ShopProduct[] = [];
  for await (const page of pages) items.push(...page);
  return items;
}

const m = (value: number) => value as Minor;
const version = (item: ShopProduct) => `${item.id}@${item.modifiedAt.toISOString()}`;
const DAY = 86_400_000;

describe('WooCommerce changedProducts', () => {
  it.each([
    ['10.3+, one list of all variations', true],
    ['before 10.3, variations per variable product', false],
  ])('gives the catalogue as items, a variable product as its variations (%s)', async (_label, variationsEndpoint) => {
    const woo = await shop({ variationsEndpoint });
    const items = await readAll(clientFor(woo).changedProducts(new Date(0)));
    expect(items).toHaveLength(12);
    const bySku = new Map(items.map((item) => [item.sku, item]));
    expect(bySku.has('TEE')).toBe(false); // the variable parent is a container, not an item
    const parent = [...woo.state.products.values()].find((product) => product.sku === 'TEE')!;
    expect(bySku.get('TEE-RED-M')).toMatchObject({
      platform: 'woocommerce',
      productId: String(parent.id),
      name: 'T-shirt \u2013 Red, M',
      price: 19_900,
      pricesIncludeTax: true,
      status: 'active',
      stock: { tracked: true, available: 120 },
    });
    // Its stock lives on the parent: that is where it is written, and what it shows.
    expect(bySku.get('TEE-BLU-M')!.stock).toEqual({ tracked: true, available: 64, target: `product:${parent.id}` });
    expect(bySku.get('CAP-001')).toMatchObject({ name: 'Cap, one size', barcode: '5701234000017' });
    expect(bySku.get('CAP-001')!.costPrice).toBeUndefined(); // WooCommerce core keeps no cost price
    expect(bySku.get('POSTER.A2')!.stock).toMatchObject({ tracked: false, available: undefined });
  });

  it('reads prices exclusive of tax when the shop enters them so', async () => {
    const woo = await shop({ pricesIncludeTax: false });
    const items = await readAll(clientFor(woo).changedProducts(new Date(0)));
    expect(items.find((item) => item.sku === 'CAP-001')).toMatchObject({ price: 11_920, pricesIncludeTax: false });
  });

  it('maps statuses, a missing SKU and a switched-off variation', async () => {
    const woo = await shop();
    const at = woo.state.shopNow() - DAY;
    woo.state.addProduct({ name: 'Draft mug', sku: ' MUG-D ', price: m(5_000), status: 'draft', at });
    woo.state.addProduct({ name: 'No SKU', price: m(5_000), at });
    woo.state.addProduct({ name: 'Hidden', sku: 'HID', price: m(5_000), status: 'private', at });
    woo.state.addProduct({
      name: 'Hat',
      price: m(0),
      at,
      variations: [
        { attributes: [{ name: 'Size', option: 'S' }], sku: 'HAT-S', price: m(9_900) },
        { attributes: [{ name: 'Size', option: 'L' }], sku: 'HAT-L', price: m(9_900), status: 'private' },
      ],
    });
    const items = await readAll(clientFor(woo).changedProducts(new Date(at)));
    expect(items.map((item) => [item.name, item.sku, item.status])).toEqual([
      ['Draft mug', 'MUG-D', 'draft'],
      ['No SKU', undefined, 'active'],
      ['Hidden', 'HID', 'draft'],
      ['Hat \u2013 S', 'HAT-S', 'active'],
      ['Hat \u2013 L', 'HAT-L', 'draft'],
    ]);
  });

  it('brings a variation changed alone, at its own time, and all variations of a renamed parent', async () => {
    const woo = await shop();
    const since = woo.state.shopNow() - DAY;
    const parent = [...woo.state.products.values()].find((product) => product.sku === 'TEE')!;
    const [red, , blue] = parent.variationIds.map((id) => woo.state.variations.get(id)!);
    woo.state.setClockOffset(-3_600_000);
    woo.state.modifyVariation(red!.id, (variation) => (variation.price = m(21_000)));
    woo.state.setClockOffset(0);
    const alone = await readAll(clientFor(woo).changedProducts(new Date(since)));
    expect(alone.map((item) => [item.sku, item.price])).toEqual([['TEE-RED-M', 21_000]]);

    woo.state.modifyProduct(parent.id, (product) => (product.name = 'Tee'));
    woo.state.setClockOffset(5_000); // a read covers changes up to its start, less two seconds
    const renamed = await readAll(clientFor(woo).changedProducts(new Date(since)));
    expect(renamed.map((item) => item.name)).toEqual(['Tee \u2013 Red, M', 'Tee \u2013 Red, L', 'Tee \u2013 Blue, M']);
    expect(renamed.every((item) => item.modifiedAt.getTime() === parent.modifiedAt)).toBe(true);
    expect(blue!.modifiedAt).toBeLessThan(parent.modifiedAt);
  });

  it.each([true, false])('neither skips nor doubles items changed between page requests (all-variations list: %s)', async (variationsEndpoint) => {
    const woo = await shop({ variationsEndpoint });
    const start = woo.state.shopNow() - DAY;
    const simple = Array.from({ length: 240 }, (_, index) => woo.state.addProduct({ name: `P${index}`, sku: `P-${index}`, price: m(1_000), stockQuantity: 5, at: start + index * 1000 }));
    const shirt = woo.state.addProduct({
      name: 'Shirt',
      price: m(0),
      at: start + 120_500,
      variations: ['S', 'M', 'L'].map((size) => ({ attributes: [{ name: 'Size', option: size }], sku: `SH-${size}`, price: m(9_900), stockQuantity: 3 })),
    });
    let listCalls = 0;
    const client = clientFor(woo, {
      onCall: (call: CallRecord) => {
        if (!call.path.startsWith('/wp-json/wc/v3/products?') || ++listCalls !== 2) return;
        // While the sync pages: one product it has read, one it has not, and one variation alone.
        woo.state.modifyProduct(simple[10]!.id, (product) => (product.price = m(1_100)));
        woo.state.modifyProduct(simple[200]!.id, (product) => (product.price = m(1_200)));
        woo.state.modifyVariation(shirt.variationIds[1]!, (variation) => (variation.price = m(9_000)));
      },
    });

    const first = await readAll(client.changedProducts(new Date(start), { pageSize: 50 }));
    // The next run starts where a checkpoint would: at the newest time the first one gave out.
    woo.state.setClockOffset(5_000);
    const checkpoint = new Date(Math.max(...first.map((item) => item.modifiedAt.getTime())));
    const second = await readAll(clientFor(woo).changedProducts(checkpoint, { pageSize: 50 }));

    for (const read of [first, second]) {
      expect(new Set(read.map(version)).size).toBe(read.length);
      const times = read.map((item) => item.modifiedAt.getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
    // Nothing is lost between the two: every item's newest version was read (a variation's time is the newer of its and its parent's).
    const read = new Set([...first, ...second].map(version));
    for (const product of simple) expect(read.has(`${product.id}@${new Date(product.modifiedAt).toISOString()}`), product.name).toBe(true);
    for (const id of shirt.variationIds) {
      const at = Math.max(woo.state.variations.get(id)!.modifiedAt, shirt.modifiedAt);
      expect(read.has(`${id}@${new Date(at).toISOString()}`), `variation ${id}`).toBe(true);
    }
    expect(first.filter((item) => item.sku === 'P-10').map((item) => item.price)).toEqual([1_000]);
    expect(second.map((item) => [item.sku, item.price])).toEqual(expect.arrayContaining([['P-10', 1_100], ['P-200', 1_200], ['SH-M', 9_000]]));
    // The first read gave out nothing changed after it began, so the checkpoint cannot pass a change it missed.
    expect(first.every((item) => item.modifiedAt.getTime() < woo.state.products.get(simple[10]!.id)!.modifiedAt)).toBe(true);
  });
});

describe('WooCommerce productsBySku', () => {
  const listCalls = (calls: CallRecord[]) => calls.filter((call) => call.path.startsWith('/wp-json/wc/v3/products?'));

  it('finds products and variations by exact SKU, with their stock and where it is written', async () => {
    const woo = await shop();
    const calls: CallRecord[] = [];
    const items = await clientFor(woo, { onCall: (call) => calls.push(call) }).productsBySku(['TEE-BLU-M', 'CAP-001', 'POSTER.A2', 'NOPE', 'cap-001', 'TEE-BLU-M']);
    const parent = [...woo.state.products.values()].find((product) => product.sku === 'TEE')!;
    const cap = [...woo.state.products.values()].find((product) => product.sku === 'CAP-001')!;
    expect(items.map((item) => [item.sku, item.name, item.stock]).sort()).toEqual([
      ['CAP-001', 'Cap, one size', { tracked: true, available: 200, target: `product:${cap.id}` }],
      ['POSTER.A2', 'Poster A2', { tracked: false, available: undefined, target: expect.stringMatching(/^product:\d+$/) }],
      ['TEE-BLU-M', 'T-shirt \u2013 Blue, M', { tracked: true, available: 64, target: `product:${parent.id}` }],
    ]);
    // One search for the SKUs, one for the variation's parent.
    expect(listCalls(calls)).toHaveLength(2);
  });

  it('asks 100 SKUs a request, and a SKU with a comma in it alone', async () => {
    const woo = await shop();
    const skus = Array.from({ length: 230 }, (_, index) => `B-${index}`);
    for (const sku of skus) woo.state.addProduct({ name: sku, sku, price: m(1_000), stockQuantity: 1 });
    for (const sku of ['A,B', 'A', 'B']) woo.state.addProduct({ name: sku, sku, price: m(1_000), stockQuantity: 2 });
    const calls: CallRecord[] = [];
    const items = await clientFor(woo, { onCall: (call) => calls.push(call) }).productsBySku([...skus, 'A,B']);
    expect(items.map((item) => item.sku).sort()).toEqual([...skus, 'A,B'].sort());
    expect(listCalls(calls)).toHaveLength(4);
  });
});
