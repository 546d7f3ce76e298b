import { describe, expect, it } from 'vitest';
import type { ShopProduct, StockLevel } from '../../src/connectors/webshop.js';
import type { Minor } from '../../src/domain/money.js';
import type { StartedShopifySimulator } from '../../src/sandbox/shopify/simulator.js';
import { FAST_BUCKET, useShopifySims } from './helpers/sims.js';

const T0 = Date.parse('2026-03-01T10:00:00Z');
const SECOND_LOCATION = 6_100_000_002;
const sims = useShopifySims({ ...FAST_BUCKET, now: () => T0 });
const start = sims.start;

/** A client whose idempotency keys are key-1, key-2, … */
function clientFor(sim: StartedShopifySimulator) {
  let keys = 0;
  return sims.clientFor(sim, { now: () => T0, idempotencyKey: () => `key-${++keys}` });
}

const m = (value: number) => value as Minor;
const levelsFor = (items: ShopProduct[], quantity: (item: ShopProduct) => number): StockLevel[] =>
  items.map((item) => ({ sku: item.sku!, stock: item.stock, quantity: quantity(item) }));

/** The mutations that reached the shop, with their variables. */
function setCalls(sim: StartedShopifySimulator) {
  return sim.simulator.writeLog
    .map((entry) => entry.body as { query: string; variables: { input?: { quantities: unknown[] } & Record<string, unknown>; key?: string } })
    .filter((body) => body.query.includes('inventorySetQuantities'));
}

function availableAt(sim: StartedShopifySimulator, sku: string, location = 6_100_000_001): number | undefined {
  const variant = [...sim.state.variants.values()].find((candidate) => candidate.sku === sku)!;
  return sim.state.inventory.available(variant.inventoryItem.id, location);
}

describe('Shopify setStock', () => {
  it('sets absolute levels at the primary location in one call, as the 2026-01 API wants them', async () => {
    const sim = await start();
    const client = clientFor(sim);
    const items = await client.productsBySku(['CAP-001', 'TEE-RED-M', 'GIFT/BOX 01']);
    const results = await client.setStock(levelsFor(items, (item) => (item.sku === 'CAP-001' ? 0 : 33)), { reference: 'gid://iex-sync/StockSync/run-7' });
    expect(results.every((result) => result.ok)).toBe(true);
    expect([availableAt(sim, 'CAP-001'), availableAt(sim, 'TEE-RED-M'), availableAt(sim, 'GIFT/BOX 01')]).toEqual([0, 33, 33]);
    const [call] = setCalls(sim);
    expect(call!.variables.key).toBe('key-1');
    expect(call!.variables.input).toMatchObject({ name: 'available', reason: 'correction', referenceDocumentUri: 'gid://iex-sync/StockSync/run-7' });
    expect(call!.variables.input!.quantities[0]).toEqual({
      inventoryItemId: items[0]!.stock.target,
      locationId: 'gid://shopify/Location/6100000001',
      quantity: items[0]!.sku === 'CAP-001' ? 0 : 33,
      changeFromQuantity: null,
    });
    expect(setCalls(sim)).toHaveLength(1);
  });

  it('sends 250 quantities a call: 600 levels in three', async () => {
    const sim = await start({ catalogue: false });
    const skus = Array.from({ length: 600 }, (_, index) => `S-${index}`);
    for (const sku of skus) sim.state.addProduct({ title: sku, variants: [{ sku, price: m(1_000), available: 1 }] }, T0);
    const client = clientFor(sim);
    const results = await client.setStock(levelsFor(await client.productsBySku(skus), () => 5));
    expect(results.filter((result) => result.ok)).toHaveLength(600);
    expect(setCalls(sim).map((call) => call.variables.input!.quantities.length)).toEqual([250, 250, 100]);
  });

  it('fails the items Shopify refuses alone and sends the rest again under a new key', async () => {
    const sim = await start();
    const cap = [...sim.state.variants.values()].find((variant) => variant.sku === 'CAP-001')!;
    sim.state.inventory.set(cap.inventoryItem.id, SECOND_LOCATION, 2, T0);
    const client = clientFor(sim);
    const items = await client.productsBySku(['MUG#BLK', 'CAP-001', 'SOCKS-3PK'], { locationId: String(SECOND_LOCATION) });
    const results = await client.setStock(levelsFor(items, () => 8), { locationId: String(SECOND_LOCATION) });
    expect(results.find((result) => result.sku === 'CAP-001')).toEqual({ sku: 'CAP-001', ok: true, quantity: 8 });
    for (const sku of ['MUG#BLK', 'SOCKS-3PK']) {
      expect(results.find((result) => result.sku === sku)).toMatchObject({ ok: false, code: 'ITEM_NOT_STOCKED_AT_LOCATION' });
    }
    expect(availableAt(sim, 'CAP-001', SECOND_LOCATION)).toBe(8);
    expect(setCalls(sim).map((call) => [call.variables.key, call.variables.input!.quantities.length])).toEqual([
      ['key-1', 3],
      ['key-2', 1],
    ]);
  });

  it('switches an item that does not track stock to tracked, then sets it', async () => {
    const sim = await start();
    const client = clientFor(sim);
    const [poster] = await client.productsBySku(['POSTER.A2']);
    expect(poster!.stock.tracked).toBe(false);
    expect(await client.setStock(levelsFor([poster!], () => 12))).toEqual([{ sku: 'POSTER.A2', ok: true, quantity: 12 }]);
    const [after] = await client.productsBySku(['POSTER.A2']);
    expect(after!.stock).toMatchObject({ tracked: true, available: 12 });
  });

  it("sets Rackbeat's level even after a sale in the shop since it was read (no compare-and-swap)", async () => {
    const sim = await start();
    const client = clientFor(sim);
    const [cap] = await client.productsBySku(['CAP-001']);
    // A sale and a restock in the shop since the level was read.
    sim.state.inventory.set(Number(cap!.stock.target.split('/').pop()), 6_100_000_001, 199, T0);
    expect(await client.setStock(levelsFor([cap!], () => 150))).toEqual([{ sku: 'CAP-001', ok: true, quantity: 150 }]);
    expect(availableAt(sim, 'CAP-001')).toBe(150);
  });

  it('resends a call whose answer was lost under the same key, and Shopify applies it once', async () => {
    const sim = await start();
    const client = clientFor(sim);
    const items = await client.productsBySku(['CAP-001', 'BAG-TOTE']);
    sim.simulator.addFault({ kind: 'commit-then-drop', match: 'POST /admin/api/:version/graphql.json', times: 1 });
    const results = await client.setStock(levelsFor(items, () => 40));
    expect(results.every((result) => result.ok)).toBe(true);
    const calls = setCalls(sim);
    expect(calls.map((call) => call.variables.key)).toEqual(['key-1', 'key-1']);
    expect(sim.state.idempotency.size).toBe(1);
    expect(availableAt(sim, 'BAG-TOTE')).toBe(40);
  });
});
