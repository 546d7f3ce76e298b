import { describe, expect, it } from 'vitest';
import { isSyncHttpError } from '../../src/connectors/http/errors.js';
import type { CallRecord } from '../../src/connectors/http/types.js';
import type { ShopProduct, StockLevel } from '../../src/connectors/webshop.js';
import type { Minor } from '../../src/domain/money.js';
import type { WooCommerceSimulator } from '../../src/sandbox/woocommerce/simulator.js';
import { useWooShops } from './helpers/shops.js';

const { shop, clientFor } = useWooShops();

const m = (value: number) => value as Minor;
const levelsFor = (items: ShopProduct[], quantity: (item: ShopProduct) => number): StockLevel[] =>
  items.map((item) => ({ sku: item.sku!, stock: item.stock, quantity: quantity(item) }));
const batchCalls = (calls: CallRecord[]) => calls.filter((call) => call.method === 'POST' && call.path.includes('/batch'));

/** The level the shop shows now, read back as a flow would. */
async function levelsNow(woo: WooCommerceSimulator, skus: string[]): Promise<Record<string, number | undefined>> {
  const items = await clientFor(woo).productsBySku(skus);
  return Object.fromEntries(items.map((item) => [item.sku, item.stock.available]));
}

describe('WooCommerce setStock', () => {
  it('writes products, variations and a variation kept on its parent, each where its stock lives', async () => {
    const woo = await shop();
    const client = clientFor(woo);
    const skus = ['CAP-001', 'TEE-RED-M', 'TEE-RED-L', 'TEE-BLU-M', 'POSTER.A2'];
    const items = await client.productsBySku(skus);
    const results = await client.setStock(levelsFor(items, (item) => (item.sku === 'POSTER.A2' ? 3 : 11)));
    expect(results.every((result) => result.ok)).toBe(true);
    // The poster did not manage stock: it does now.
    expect(await levelsNow(woo, skus)).toEqual({ 'CAP-001': 11, 'TEE-RED-M': 11, 'TEE-RED-L': 11, 'TEE-BLU-M': 11, 'POSTER.A2': 3 });
    const parent = [...woo.state.products.values()].find((product) => product.sku === 'TEE')!;
    expect(parent.stockQuantity).toBe(11);
  });

  it('sends 100 items a request: 230 products in three', async () => {
    const woo = await shop();
    const skus = Array.from({ length: 230 }, (_, index) => `B-${index}`);
    for (const sku of skus) woo.state.addProduct({ name: sku, sku, price: m(1_000), stockQuantity: 1 });
    const calls: CallRecord[] = [];
    const client = clientFor(woo, { onCall: (call) => calls.push(call) });
    const results = await client.setStock(levelsFor(await client.productsBySku(skus), () => 9));
    expect(results.filter((result) => result.ok)).toHaveLength(230);
    expect(batchCalls(calls)).toHaveLength(3);
    expect(new Set(Object.values(await levelsNow(woo, skus)))).toEqual(new Set([9]));
  });

  it('splits to the limit a shop lowered, from its 413', async () => {
    const woo = await shop({ batchLimit: 40 });
    const skus = Array.from({ length: 100 }, (_, index) => `B-${index}`);
    for (const sku of skus) woo.state.addProduct({ name: sku, sku, price: m(1_000), stockQuantity: 1 });
    const calls: CallRecord[] = [];
    const client = clientFor(woo, { onCall: (call) => calls.push(call) });
    const results = await client.setStock(levelsFor(await client.productsBySku(skus), () => 4));
    expect(results.every((result) => result.ok)).toBe(true);
    // 100 refused with 413, then 40 + 40 + 20.
    expect(batchCalls(calls).map((call) => call.status)).toEqual([413, 200, 200, 200]);
  });

  it('fails an item the shop refuses alone, the rest of its batch written', async () => {
    const woo = await shop();
    const client = clientFor(woo);
    const items = await client.productsBySku(['CAP-001', 'MUG#BLK', 'SOCKS-3PK']);
    woo.state.deleteProduct(Number(items.find((item) => item.sku === 'MUG#BLK')!.id));
    const results = await client.setStock(levelsFor(items, () => 6));
    expect(results.find((result) => result.sku === 'MUG#BLK')).toEqual({
      sku: 'MUG#BLK',
      ok: false,
      message: 'Invalid ID.',
      code: 'woocommerce_rest_product_invalid_id',
    });
    expect(results.filter((result) => result.ok).map((result) => result.sku).sort()).toEqual(['CAP-001', 'SOCKS-3PK']);
  });

  it('fails a negative level and a second level for the same stock before sending them', async () => {
    const woo = await shop();
    const client = clientFor(woo);
    const [cap] = await client.productsBySku(['CAP-001']);
    const results = await client.setStock([
      { sku: 'CAP-001', stock: cap!.stock, quantity: -1 },
      { sku: 'CAP-001', stock: cap!.stock, quantity: 5 },
      { sku: 'CAP-ALIAS', stock: cap!.stock, quantity: 7 },
    ]);
    expect(results.map((result) => result.ok)).toEqual([false, true, false]);
    expect(results[2]).toMatchObject({ message: expect.stringContaining('SKU CAP-001') });
    expect((await levelsNow(woo, ['CAP-001']))['CAP-001']).toBe(5);
  });

  it('stops on refused credentials instead of failing every item', async () => {
    const woo = await shop();
    const [cap] = await clientFor(woo).productsBySku(['CAP-001']);
    const wrong = clientFor(woo, { consumerSecret: 'cs_wrong' });
    const error = await wrong.setStock([{ sku: 'CAP-001', stock: cap!.stock, quantity: 1 }]).catch((caught: unknown) => caught);
    expect(isSyncHttpError(error) && error.kind).toBe('auth');
  });
});
