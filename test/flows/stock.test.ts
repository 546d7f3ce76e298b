import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { iterateTransfers } from '../../src/store/history.js';
import { countTransfers } from '../../src/store/transfers.js';
import { countInRackbeat, runStock, sellInShop, shopLevel, shopTracks, stockConfig } from './helpers/stock-world.js';
import { PLATFORMS, useFlowWorld } from './world/world.js';
import { writesOf } from './world/writes.js';

/**
 * `iex-sync stock` on both webshops, over HTTP to the simulators with a real store: Rackbeat's
 * levels arrive; a rerun writes and logs nothing; Rackbeat's level wins after a sale in the shop;
 * buffer and location; one refused SKU fails alone; an item without stock tracking is skipped
 * with the reason, once.
 */
describe.each(PLATFORMS)('stock flow on %s', (platform) => {
  const startWorld = useFlowWorld();
  const world = () => startWorld({ platform, seededOrders: 0 });
  const logRows = (storePath: string): number => {
    const store = openStore(storePath, { readonly: true });
    try {
      return countTransfers(store, {});
    } finally {
      store.close();
    }
  };

  it("sets Rackbeat's available levels in the shop, and a rerun writes nothing and logs nothing", async () => {
    const w = await world();
    const config = await stockConfig(w);
    countInRackbeat(w, 'CAP-001', 17);
    countInRackbeat(w, 'MUG#BLK', 3);
    // A booked order reserves 4 caps: 13 are available to sell.
    w.rackbeat.state.createOrderByPerson({ customerNumber: 1001, lines: [{ sku: 'CAP-001', quantity: 4 }] }, { book: true });

    const first = await runStock(config);
    expect(first.exitCode).toBe(0);
    expect(shopLevel(w, 'CAP-001')).toBe(13);
    expect(shopLevel(w, 'MUG#BLK')).toBe(3);
    expect(shopLevel(w, 'GIFT/BOX 01')).toBe(55);

    const writes = writesOf(w.shop.simulator).length;
    const rows = logRows(w.storePath);
    const second = await runStock(config);
    expect(second.exitCode).toBe(0);
    expect(writesOf(w.shop.simulator)).toHaveLength(writes);
    expect(logRows(w.storePath)).toBe(rows);
    // Rackbeat's service products (shipping, fees) are not in the shop: no error, and nothing said twice.
    expect(second.legs[0]!.counts).toMatchObject({ ok: 0, failed: 0, skipped: 0 });
  });

  it("ends with Rackbeat's level after a sale in the shop and then a change in Rackbeat", async () => {
    const w = await world();
    const config = await stockConfig(w);
    await runStock(config);
    const writes = writesOf(w.shop.simulator).length;

    sellInShop(w, 'CAP-001', 5);
    await runStock(config);
    // Rackbeat has not moved: nothing is written, the shop keeps its own count until it does.
    expect(writesOf(w.shop.simulator)).toHaveLength(writes);
    expect(shopLevel(w, 'CAP-001')).toBe(195);

    countInRackbeat(w, 'CAP-001', 150);
    const after = await runStock(config);
    expect(after.exitCode).toBe(0);
    expect(shopLevel(w, 'CAP-001')).toBe(150);
    expect(after.legs[0]!.counts.ok).toBe(1);
  });

  it('holds back the buffer and reads one location, never below 0', async () => {
    const w = await world();
    w.rackbeat.state.locations.place('CAP-001', 2, 7);
    w.rackbeat.state.locations.place('SOCKS-3PK', 2, 1);
    const result = await runStock(await stockConfig(w, { locationNumber: 2, buffer: 2 }));
    expect(result.exitCode).toBe(0);
    expect(shopLevel(w, 'CAP-001')).toBe(5);
    expect(shopLevel(w, 'SOCKS-3PK')).toBe(0);
    expect(shopLevel(w, 'MUG#BLK')).toBe(0);
  });

  it('refuses a location Rackbeat does not have, naming the key (exit 2)', async () => {
    const w = await world();
    const error = await runStock(await stockConfig(w, { locationNumber: 9 })).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ exitCode: 2, message: expect.stringContaining('stock.locationNumber: Rackbeat has no location 9') });
    expect(writesOf(w.shop.simulator)).toHaveLength(0);
  });

  it('fails the one SKU the shop refuses and writes the rest of its batch', async () => {
    const w = await world();
    const config = await stockConfig(w);
    await runStock(config);
    countInRackbeat(w, 'CAP-001', 120);
    if (w.shop.platform === 'woocommerce') {
      // The mug was deleted in the shop after its level was last written.
      const mug = w.shop.state.findBySku('MUG#BLK')!;
      w.shop.state.deleteProduct(mug.id);
      countInRackbeat(w, 'MUG#BLK', 40);
    } else {
      // More than Shopify takes for one level (1,000,000,000).
      countInRackbeat(w, 'MUG#BLK', 2_000_000_000);
    }
    const result = await runStock(config);
    expect(result.exitCode).toBe(1);
    expect(result.legs[0]!.counts).toMatchObject({ ok: 1, failed: 1 });
    expect(shopLevel(w, 'CAP-001')).toBe(120);
    const failed = result.legs[0]!.records.find((record) => record.outcome === 'failed');
    expect(failed).toMatchObject({ sourceId: 'MUG#BLK', message: expect.stringContaining('the webshop refused the stock level') });
  });

  it('skips an item that does not track stock with the reason, once, and switches it on when told to', async () => {
    const w = await world();
    const first = await runStock(await stockConfig(w));
    const store = openStore(w.storePath, { readonly: true });
    const skips = [...iterateTransfers(store, { flow: 'stock', statuses: ['skipped'], source: 'POSTER.A2' })];
    store.close();
    expect(skips).toHaveLength(1);
    expect(skips[0]!.message).toContain('does not track stock');
    expect(first.legs[0]!.records.find((record) => record.sourceId === 'POSTER.A2')?.outcome).toBe('skipped');
    expect(shopTracks(w, 'POSTER.A2')).toBe(false);

    const rows = logRows(w.storePath);
    await runStock(await stockConfig(w));
    expect(logRows(w.storePath)).toBe(rows);

    countInRackbeat(w, 'POSTER.A2', 12);
    const tracking = await runStock(await stockConfig(w, { enableTracking: true }));
    expect(tracking.exitCode).toBe(0);
    expect(shopTracks(w, 'POSTER.A2')).toBe(true);
    expect(shopLevel(w, 'POSTER.A2')).toBe(12);
  });

  it('dry-run shows the levels it would set and writes nothing', async () => {
    const w = await world();
    countInRackbeat(w, 'CAP-001', 9);
    const result = await runStock(await stockConfig(w), { dryRun: true });
    expect(result.note).toContain('CAP-001: level 9');
    expect(writesOf(w.shop.simulator)).toHaveLength(0);
    expect(shopLevel(w, 'CAP-001')).toBe(200);
  });

  it('--sku writes that SKU whether or not it changed', async () => {
    const w = await world();
    const config = await stockConfig(w);
    await runStock(config);
    sellInShop(w, 'BAG-TOTE', 10);
    const result = await runStock(config, { only: ['BAG-TOTE'] });
    expect(result.exitCode).toBe(0);
    expect(shopLevel(w, 'BAG-TOTE')).toBe(90);
  });
});

describe('stock flow on shopify, at a location of its own', () => {
  const startWorld = useFlowWorld();

  it('sets the level at stock.shopifyLocationId; SKUs not stocked there fail, and the leg stops after three alike', async () => {
    const w = await startWorld({ platform: 'shopify', seededOrders: 0 });
    if (w.shop.platform !== 'shopify') throw new Error('a Shopify world');
    const { state } = w.shop;
    const [, second] = state.inventory.locations;
    const cap = [...state.variants.values()].find((variant) => variant.sku === 'CAP-001')!;
    state.inventory.set(cap.inventoryItem.id, second!.id, 2, Date.now());
    countInRackbeat(w, 'CAP-001', 31);

    const result = await runStock(await stockConfig(w, { shopifyLocationId: `gid://shopify/Location/${second!.id}` }));
    expect(state.inventory.available(cap.inventoryItem.id, second!.id)).toBe(31);
    // The primary location keeps its own count.
    expect(shopLevel(w, 'CAP-001')).toBe(200);
    expect(result.exitCode).toBe(1);
    const failed = result.legs[0]!.records.filter((record) => record.outcome === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((record) => record.message?.includes('ITEM_NOT_STOCKED_AT_LOCATION'))).toBe(true);
    // Refused alike, before any went through: the leg stops after a few (those in flight finish) instead of failing all 10.
    expect(failed.length).toBeLessThan(10);
    expect(result.message).toContain('failed the same way');
  });
});
