import { beforeEach, describe, expect, it } from 'vitest';
import type { WebshopPlatform } from '../../src/connectors/systems.js';
import type { Minor } from '../../src/domain/money.js';
import { CATALOGUE_PRODUCTS } from '../../src/sandbox/catalogue.js';
import { PLATFORMS, useFlowWorld, type FlowWorld } from './world/world.js';
import { writeCounts } from './world/writes.js';
import { addShopProduct, productCounts, productsConfig, runProducts, setShopName, setShopPrice } from './world/products.js';

/**
 * Issue 17, "Done when", first bullet: the products flow over HTTP against the simulators with a
 * real SQLite store, for both webshops. What happened is read from the simulators' own state.
 */
const m = (value: number): Minor => value as Minor;

describe.each(PLATFORMS)('the products flow with %s', (platform: WebshopPlatform) => {
  const startWorld = useFlowWorld();
  let world: FlowWorld;

  beforeEach(async () => {
    world = await startWorld({ platform, seededOrders: 0 });
  });

  const rackbeatProduct = (sku: string) => world.rackbeat.state.products.get(sku);
  const economicProduct = (sku: string) => world.economic.state.products.get(sku);

  it('brings new products to Rackbeat and e-conomic net of VAT, adopts the catalogue they already have, and a rerun writes nothing', async () => {
    addShopProduct(world, { name: 'Beanie', variants: [{ sku: 'BEANIE-01', netPrice: m(12_000), barcode: '5701234999990' }] });
    const config = await productsConfig(world);

    const first = await runProducts(config);
    expect(first.exitCode).toBe(0);
    expect(rackbeatProduct('BEANIE-01')).toMatchObject({ name: 'Beanie', salesPrice: 12_000, groupNumber: 1, barcode: '5701234999990' });
    expect(economicProduct('BEANIE-01')).toMatchObject({ name: 'Beanie', salesPrice: 120, productGroup: { productGroupNumber: 1 }, barCode: '5701234999990' });
    // The catalogue was in every system before: adopted by its number, never made twice.
    const counts = productCounts(world);
    for (const { sku } of CATALOGUE_PRODUCTS) expect([sku, counts.rackbeat.get(sku), counts.economic.get(sku)]).toEqual([sku, 1, 1]);
    expect(first.legs[0]?.adopted['Rackbeat product']).toBe(CATALOGUE_PRODUCTS.length);

    const before = writeCounts(world);
    const second = await runProducts(config);
    expect(second.exitCode).toBe(0);
    expect(writeCounts(world)).toEqual(before);
  });

  it('makes each variant a product of its own, named after its product and options', async () => {
    addShopProduct(world, {
      name: 'Jacket',
      variants: [
        { sku: 'JACKET-BLK-S', netPrice: m(80_000), options: ['Black', 'S'] },
        { sku: 'JACKET-BLK-M', netPrice: m(82_000), options: ['Black', 'M'] },
      ],
    });
    const run = await runProducts(await productsConfig(world));
    expect(run.exitCode).toBe(0);
    expect(rackbeatProduct('JACKET-BLK-S')?.name).toMatch(/^Jacket – Black(, | \/ )S$/);
    expect(rackbeatProduct('JACKET-BLK-M')).toMatchObject({ salesPrice: 82_000 });
    expect(economicProduct('JACKET-BLK-M')).toMatchObject({ salesPrice: 820 });
  });

  it('updates a changed price only while salesPrice is in products.update, and never a field that is not', async () => {
    addShopProduct(world, { name: 'Scarf', variants: [{ sku: 'SCARF-01', netPrice: m(20_000) }] });
    const keepNameOnly = await productsConfig(world, { update: ['name'] });
    expect((await runProducts(keepNameOnly)).exitCode).toBe(0);

    setShopPrice(world, 'SCARF-01', m(25_000));
    const before = writeCounts(world);
    expect((await runProducts(keepNameOnly)).exitCode).toBe(0);
    expect(writeCounts(world)).toEqual(before);
    expect(rackbeatProduct('SCARF-01')?.salesPrice).toBe(20_000);
    expect(economicProduct('SCARF-01')?.salesPrice).toBe(200);

    // A person sets the e-conomic cost price by hand: an update of the price keeps it.
    (economicProduct('SCARF-01') as Record<string, unknown>).costPrice = 77;
    setShopPrice(world, 'SCARF-01', m(26_000));
    setShopName(world, 'SCARF-01', 'Wool scarf');
    expect((await runProducts(await productsConfig(world, { update: ['name', 'salesPrice'] }))).exitCode).toBe(0);
    expect(rackbeatProduct('SCARF-01')).toMatchObject({ salesPrice: 26_000, name: 'Wool scarf' });
    expect(economicProduct('SCARF-01')).toMatchObject({ salesPrice: 260, name: 'Wool scarf', costPrice: 77 });
  });

  it('adopts a product made by hand in Rackbeat and leaves its fields to that person until one listed changes', async () => {
    addShopProduct(world, { name: 'Belt', variants: [{ sku: 'BELT-01', netPrice: m(30_000) }] });
    world.rackbeat.state.createProduct({
      number: 'BELT-01', name: 'Belt (made by hand)', groupNumber: 2, salesPrice: m(31_000), costPrice: m(9_000),
      stockQuantity: 4, barcode: null, description: '', isBarred: false,
    });
    const run = await runProducts(await productsConfig(world));
    expect(run.exitCode).toBe(0);
    expect(productCounts(world).rackbeat.get('BELT-01')).toBe(1);
    expect(rackbeatProduct('BELT-01')).toMatchObject({ name: 'Belt (made by hand)', groupNumber: 2, stockQuantity: 4 });
    // Leg 2 takes it on from Rackbeat, as a person made it there.
    expect(economicProduct('BELT-01')).toMatchObject({ name: 'Belt (made by hand)', salesPrice: 310 });
  });

  it('skips a draft until products.includeDrafts, and with products.create false only adopts what exists', async () => {
    addShopProduct(world, { name: 'Draft', status: 'draft', variants: [{ sku: 'DRAFT-01', netPrice: m(10_000) }] });
    const skipping = await runProducts(await productsConfig(world));
    expect(skipping.exitCode).toBe(0);
    expect(skipping.legs[0]?.records.find((record) => record.sourceId === 'DRAFT-01')?.message).toBe('the product is draft in the shop (products.includeDrafts is false)');
    expect(rackbeatProduct('DRAFT-01')).toBeUndefined();

    const adoptOnly = await runProducts(await productsConfig(world, { includeDrafts: true, create: false }));
    expect(adoptOnly.exitCode).toBe(1);
    const draft = adoptOnly.legs[0]?.records.find((record) => record.sourceId === 'DRAFT-01');
    expect(draft?.message).toMatch(/^Rackbeat has no product DRAFT-01, and products\.create is false/);
    expect(draft?.hint).toBe('create product DRAFT-01 in Rackbeat, or set products.create: true');
    expect(rackbeatProduct('DRAFT-01')).toBeUndefined();
    expect(economicProduct('CAP-001')).toBeDefined();

    setShopName(world, 'DRAFT-01', 'Draft, now included');
    expect((await runProducts(await productsConfig(world, { includeDrafts: true }))).exitCode).toBe(0);
    expect(rackbeatProduct('DRAFT-01')?.name).toBe('Draft, now included');
  });

  it('fails each bad product alone, with a hint, while the others go through', async () => {
    addShopProduct(world, { name: 'Fine', variants: [{ sku: 'FINE-01', netPrice: m(10_000) }] });
    addShopProduct(world, { name: 'Too long', variants: [{ sku: 'A-SKU-THAT-IS-FAR-TOO-LONG-1', netPrice: m(10_000) }] });
    addShopProduct(world, { name: 'Tabbed', variants: [{ sku: 'TAB\tBED', netPrice: m(10_000) }] });
    addShopProduct(world, { name: 'No SKU', variants: [{ sku: platform === 'shopify' ? null : '', netPrice: m(10_000) }] });
    const run = await runProducts(await productsConfig(world));
    expect(run.exitCode).toBe(1);
    expect(rackbeatProduct('FINE-01')).toBeDefined();
    expect(economicProduct('FINE-01')).toBeDefined();
    const failed = run.legs[0]?.records.filter((record) => record.outcome === 'failed') ?? [];
    expect(failed.map((record) => record.sourceId).sort()).toEqual(['A-SKU-THAT-IS-FAR-TOO-LONG-1', 'TAB\tBED']);
    expect(failed.every((record) => record.hint !== undefined)).toBe(true);
    expect(failed.find((record) => record.sourceId.startsWith('A-SKU'))?.message).toMatch(/28 characters, more than the 25/);
    expect(rackbeatProduct('A-SKU-THAT-IS-FAR-TOO-LONG-1')).toBeUndefined();
    const skipped = run.legs[0]?.records.filter((record) => record.outcome === 'skipped') ?? [];
    expect(skipped.map((record) => record.message)).toEqual(['No SKU has no SKU: give it one in the shop to transfer it']);
  });

  it('fails a SKU on two shop products, naming both, and a negative price, while the others go through', async () => {
    addShopProduct(world, { name: 'Fine', variants: [{ sku: 'FINE-02', netPrice: m(10_000) }] });
    // Shopify lets two products carry one SKU; WooCommerce refuses that, but lets a price be negative.
    if (platform === 'shopify') {
      addShopProduct(world, { name: 'Lamp', variants: [{ sku: 'LAMP-01', netPrice: m(40_000) }] });
      addShopProduct(world, { name: 'Lamp (old)', variants: [{ sku: 'LAMP-01', netPrice: m(35_000) }] });
    } else {
      addShopProduct(world, { name: 'Lamp', variants: [{ sku: 'LAMP-01', netPrice: m(-500) }] });
    }
    const run = await runProducts(await productsConfig(world));
    expect(run.exitCode).toBe(1);
    expect(rackbeatProduct('FINE-02')).toBeDefined();
    expect(rackbeatProduct('LAMP-01')).toBeUndefined();
    const lamp = run.legs[0]?.records.find((record) => record.sourceId === 'LAMP-01');
    expect(lamp?.outcome).toBe('failed');
    expect(lamp?.message).toMatch(platform === 'shopify' ? /SKU LAMP-01 is on 2 webshop products: Lamp \(shop id .+\) and Lamp \(old\) \(shop id .+\)/ : /has a negative price \(-6\.25\)/);
    expect(lamp?.hint).toBeDefined();
  });

  it('fails the products a unit number that does not exist is refused for, naming the key and the units there are', async () => {
    addShopProduct(world, { name: 'Rope', variants: [{ sku: 'ROPE-01', netPrice: m(5_000) }] });
    const wrongRackbeatUnit = await runProducts(await productsConfig(world, { rackbeat: { groupNumber: 1, unitNumber: 9 } }));
    expect(wrongRackbeatUnit.exitCode).toBe(1);
    const rope = wrongRackbeatUnit.legs[0]?.records.find((record) => record.sourceId === 'ROPE-01');
    expect(rope?.message).toMatch(/^Rackbeat refused the unit that products\.rackbeat\.unitNumber names/);
    expect(rope?.hint).toMatch(/set products\.rackbeat\.unitNumber to/);

    addShopProduct(world, { name: 'Cord', variants: [{ sku: 'CORD-01', netPrice: m(5_000) }] });
    const wrongEconomicUnit = await runProducts(await productsConfig(world, { economic: { productGroupNumber: 1, unitNumber: 99 } }));
    const inEconomic = wrongEconomicUnit.legs[1]?.records.find((record) => record.sourceId === 'CORD-01');
    expect(inEconomic?.message).toMatch(/^e-conomic refused the unit that products\.economic\.unitNumber names/);
    expect(inEconomic?.hint).toMatch(/^set products\.economic\.unitNumber to one of \d/);
    expect(world.rackbeat.state.products.has('CORD-01')).toBe(true);
    expect(world.economic.state.products.has('CORD-01')).toBe(false);
  });

  it('stops at the first product to create when a group number does not exist, naming the key and the groups there are', async () => {
    for (const [index, sku] of ['G-1', 'G-2', 'G-3', 'G-4', 'G-5'].entries()) addShopProduct(world, { name: `G ${index}`, variants: [{ sku, netPrice: m(1_000) }] });
    const rackbeatGroupWrong = await runProducts(await productsConfig(world, { rackbeat: { groupNumber: 77 } }));
    expect(rackbeatGroupWrong.exitCode).toBe(3);
    expect(rackbeatGroupWrong.message).toBe('Rackbeat has no product group 77, which products.rackbeat.groupNumber names: no product was created');
    expect(rackbeatGroupWrong.hint).toMatch(/^set products\.rackbeat\.groupNumber to one of 1, 2/);
    // Leg 2 runs alongside leg 1 (issue 15) and is halted with it; it made nothing of the new SKUs.
    expect(rackbeatGroupWrong.legs[0]?.stopped?.exitCode).toBe(3);
    expect([...world.economic.state.products.keys()].filter((sku) => sku.startsWith('G-'))).toEqual([]);
    expect(world.rackbeat.state.products.has('G-1')).toBe(false);

    const economicGroupWrong = await runProducts(await productsConfig(world, { economic: { productGroupNumber: 9 } }));
    expect(economicGroupWrong.exitCode).toBe(3);
    expect(economicGroupWrong.message).toMatch(/^e-conomic has no product group 9, which products\.economic\.productGroupNumber names/);
    expect(economicGroupWrong.hint).toMatch(/one of 1, 2, 3/);
    expect(world.rackbeat.state.products.has('G-1')).toBe(true);
    expect(world.economic.state.products.has('G-1')).toBe(false);
  });
});
