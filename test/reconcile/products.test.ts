import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { WebshopPlatform } from '../../src/connectors/systems.js';
import type { Minor } from '../../src/domain/money.js';
import { runMain } from '../cli/run-cli.js';
import { addShopProduct, productsConfig, runProducts, setShopName, writeProductsConfig } from '../flows/world/products.js';
import { PLATFORMS, useFlowWorld, type FlowWorld } from '../flows/world/world.js';
import { writeCounts } from '../flows/world/writes.js';
import { kindsOf, type FindingJson, type ReportJson } from './report-json.js';

/**
 * Issue 22 for the products flow: `reconcile --flow products` against the simulators over HTTP
 * with a real SQLite store, for both webshops. Each disagreement is planted in a simulator's state
 * as a person would leave it, and reconcile must find each one and nothing else; a catalogue a
 * products run left in step reports nothing and exits 0. It writes nothing.
 */
const m = (value: number): Minor => value as Minor;

describe.each(PLATFORMS)('reconcile products with %s', (platform: WebshopPlatform) => {
  const startWorld = useFlowWorld();

  /** A world whose shop has a new product and whose catalogue a products run (with these keys) brought in step. */
  const transferred = async (products: Record<string, unknown> = {}) => {
    const world = await startWorld({ platform, seededOrders: 0 });
    addShopProduct(world, { name: 'Beanie', variants: [{ sku: 'BEANIE-01', netPrice: m(12_000) }] });
    addShopProduct(world, { name: 'Scarf', variants: [{ sku: 'SCARF-01', netPrice: m(20_000) }] });
    addShopProduct(world, { name: 'Gloves', variants: [{ sku: 'GLOVES-01', netPrice: m(15_000) }] });
    addShopProduct(world, { name: 'Belt', variants: [{ sku: 'BELT-01', netPrice: m(30_000) }] });
    const run = await runProducts(await productsConfig(world, products));
    expect(run.exitCode).toBe(0);
    return { world, configPath: writeProductsConfig(world, products) };
  };
  /**
   * Shopify names a variant `T-shirt – Red / M`, and the seeded Rackbeat and e-conomic catalogue
   * `T-shirt – Red, M`; a run adopts a product as it is. Set by hand as the shop names them, the
   * catalogue agrees.
   */
  const shopifyVariantNames = (world: FlowWorld): Map<string, string> => {
    const names = new Map<string, string>();
    if (world.shop.platform !== 'shopify') return names;
    const { state } = world.shop;
    for (const variant of state.variants.values()) {
      const product = state.products.get(variant.productId);
      if (variant.sku && product && variant.options.length > 0) names.set(variant.sku, `${product.title} – ${variant.options.join(' / ')}`);
    }
    return names;
  };
  const nameByHand = (world: FlowWorld, sku: string, name: string) => {
    world.rackbeat.state.updateProduct(sku, { name });
    (world.economic.state.products.get(sku) as Record<string, unknown>).name = name;
  };
  const inStep = async (products: Record<string, unknown> = {}) => {
    const { world, configPath } = await transferred(products);
    for (const [sku, name] of shopifyVariantNames(world)) nameByHand(world, sku, name);
    return { world, configPath };
  };
  const reconcile = async (world: FlowWorld, configPath: string, args: string[] = ['--flow', 'products', '--format', 'json']) => {
    const result = await runMain(['-c', configPath, 'reconcile', ...args], { cwd: world.dir });
    return { code: result.code, stdout: result.stdout, stderr: result.stderr };
  };
  const json = async (world: FlowWorld, configPath: string) => {
    const { code, stdout } = await reconcile(world, configPath);
    return { code, report: JSON.parse(stdout) as ReportJson };
  };

  it('reports names a run adopted as they were, and nothing for a catalogue in step, exiting 0 and writing nothing anywhere', async () => {
    const { world, configPath } = await transferred();
    const adopted = shopifyVariantNames(world);
    const before = await json(world, configPath);
    expect(kindsOf(before.report)).toEqual([...adopted.keys()].map((sku) => `mismatched SKU ${sku}`).sort());
    for (const [sku, name] of adopted) {
      const finding = before.report.findings.find((candidate) => candidate.record === `SKU ${sku}`);
      expect(finding?.problem).toBe(`name ${JSON.stringify(name.replace(' / ', ', '))} in Rackbeat, ${JSON.stringify(name)} in the shop`);
      nameByHand(world, sku, name);
    }
    const writes = writeCounts(world);
    const store = statSync(world.storePath).mtimeMs;

    const { code, report } = await json(world, configPath);

    expect(report.findings).toEqual([]);
    expect(report.flows).toEqual(['products']);
    expect(code).toBe(0);
    // /self of each system, then one page of each catalogue (Rackbeat 250 a page, e-conomic 1000, the shop its most).
    expect(report.calls).toBeLessThanOrEqual(platform === 'woocommerce' ? 10 : 8);
    expect(writeCounts(world)).toEqual(writes);
    expect(statSync(world.storePath).mtimeMs).toBe(store);
  });

  it('finds each planted disagreement (deleted, edited, renamed, doubled, a logged target gone, never made, failed) and nothing else', async () => {
    const { world, configPath } = await inStep();
    // A product deleted in Rackbeat: the log says it was made.
    world.rackbeat.state.products.delete('BEANIE-01');
    // A price edited in e-conomic by hand.
    (world.economic.state.products.get('SCARF-01') as Record<string, unknown>).salesPrice = 210.5;
    // A name changed in the shop after the run, with name in products.update (the default).
    setShopName(world, 'GLOVES-01', 'Leather gloves');
    // A log row whose target was deleted: the e-conomic product, by hand.
    world.economic.state.products.delete('BELT-01');
    // A SKU put on a second shop item.
    addShopProduct(world, { name: 'Beanie, old', variants: [{ sku: 'SCARF-01', netPrice: m(9_000) }] });
    // A product added since the run: missing, nothing in the log.
    addShopProduct(world, { name: 'Socks', variants: [{ sku: 'SOCKS-NEW', netPrice: m(5_000) }] });
    // One made in Rackbeat by hand since: leg 2 sends it to e-conomic too.
    world.rackbeat.state.createProduct({ number: 'RB-ONLY', name: 'Pallet', description: '', barcode: null, groupNumber: 1, salesPrice: m(100_00), costPrice: m(50_00), stockQuantity: 0, isBarred: false });
    const writes = writeCounts(world);

    const { code, report } = await json(world, configPath);

    expect(kindsOf(report)).toEqual(['stale SKU BEANIE-01', 'doubled SKU SCARF-01', 'mismatched SKU GLOVES-01', 'stale SKU BELT-01', 'missing SKU SOCKS-NEW', 'missing SKU RB-ONLY'].sort());
    const finding = (record: string) => report.findings.find((candidate) => candidate.record === record) as FindingJson;
    expect(finding('SKU BEANIE-01')).toMatchObject({ problem: 'the log says Rackbeat product BEANIE-01 was made or found for it, and Rackbeat no longer has it', log: 'ok' });
    expect(finding('SKU BEANIE-01').systems.economic).toBe('product BEANIE-01 "Beanie" 120.00');
    expect(finding('SKU GLOVES-01').problem).toBe('name "Gloves" in Rackbeat, "Leather gloves" in the shop');
    expect(finding('SKU BELT-01').problem).toBe('the log says e-conomic product BELT-01 was made or found for Rackbeat product BELT-01, and e-conomic no longer has it');
    expect(finding('SKU SCARF-01').problem).toMatch(/^2 webshop items carry SKU SCARF-01: Scarf \(shop id .+\) and Beanie, old \(shop id .+\)$/);
    expect(finding('SKU SOCKS-NEW')).toMatchObject({ problem: 'no Rackbeat product', log: null, hint: 'iex-sync products --sku SOCKS-NEW' });
    expect(finding('SKU RB-ONLY')).toMatchObject({ problem: 'no e-conomic product', systems: { rackbeat: 'product RB-ONLY "Pallet" 100.00' }, hint: 'iex-sync products --sku RB-ONLY' });
    expect(code).toBe(1);
    expect(writeCounts(world)).toEqual(writes);

    const table = await reconcile(world, configPath, ['--flow', 'products']);
    expect(table.stdout.split('\n').filter((line) => /^[A-Z]+:/.test(line))).toEqual([
      'MISSING: not where it should be (2)',
      'DOUBLED: more than one where there should be one (document, shop item) (1)',
      'MISMATCHED: the systems hold different figures (1)',
      'STALE: the log says done, what it made is gone (2)',
    ]);
  });

  it('finds a price edited in e-conomic to the øre, and a product that failed with the log\'s reason', async () => {
    const { world, configPath } = await inStep();
    (world.economic.state.products.get('SCARF-01') as Record<string, unknown>).salesPrice = 200.01;
    addShopProduct(world, { name: 'Long', variants: [{ sku: 'A-SKU-LONGER-THAN-25-CHARS', netPrice: m(1_000) }] });
    expect((await runProducts(await productsConfig(world))).exitCode).toBe(1);

    const { code, report } = await json(world, configPath);

    expect(kindsOf(report)).toEqual(['mismatched SKU SCARF-01', 'missing SKU A-SKU-LONGER-THAN-25-CHARS']);
    const [mismatched, missing] = [...report.findings].sort((a, b) => a.kind.localeCompare(b.kind)) as [FindingJson, FindingJson];
    expect(mismatched.problem).toBe('sales price 200.01 in e-conomic, 200.00 in Rackbeat');
    expect(missing.log).toMatch(/^failed: SKU A-SKU-LONGER-THAN-25-CHARS has 26 characters/);
    expect(missing.hint).toBe('see iex-sync history --source A-SKU-LONGER-THAN-25-CHARS, fix the cause, then iex-sync products --sku A-SKU-LONGER-THAN-25-CHARS');
    expect(code).toBe(1);
  });

  it('compares only the fields products.update keeps: a name changed in the shop is nothing when name is not listed', async () => {
    const { world, configPath } = await inStep({ update: ['salesPrice'] });
    setShopName(world, 'GLOVES-01', 'Leather gloves');

    const { code, report } = await json(world, configPath);

    expect(report.findings).toEqual([]);
    expect(code).toBe(0);
  });

  it('refuses a config with no flow to compare (a paused one left out) without --flow, exit 2', async () => {
    const world = await startWorld({ platform, seededOrders: 0 });
    world.writeConfig({ enabled: false });

    const { code, stderr } = await reconcile(world, world.configPath, []);

    expect(code).toBe(2);
    expect(stderr).toContain('no flow to compare is configured: add a section for at least one of orders, products, stock');
  });

  it('compares every flow the config has a section for without --flow, and carries the rows in csv and the table', async () => {
    const { world, configPath } = await inStep();
    setShopName(world, 'GLOVES-01', 'Leather gloves');

    const all = await reconcile(world, configPath, ['--since', '3d', '--format', 'json']);
    const report = JSON.parse(all.stdout) as ReportJson;
    expect(report.flows).toEqual(['orders', 'products']);
    expect(report.findings.filter((finding) => finding.flow === 'products').map((finding) => `${finding.kind} ${finding.record}`)).toEqual(['mismatched SKU GLOVES-01']);

    const csv = await reconcile(world, configPath, ['--flow', 'products', '--format', 'csv']);
    expect(csv.code).toBe(1);
    const [header, row] = csv.stdout.trimEnd().split('\n');
    expect(header).toBe('kind,flow,record,webshop,rackbeat,economic,problem,log,hint');
    expect(row).toMatch(/^mismatched,products,SKU GLOVES-01,"""Leather gloves"" 187\.50 incl\. VAT \(shop id [^)]+\)","product GLOVES-01 ""Gloves"" 150\.00","product GLOVES-01 ""Gloves"" 150\.00","name ""Gloves"" in Rackbeat, ""Leather gloves"" in the shop",,"correct it by hand where it is wrong: /);
    const table = await reconcile(world, configPath, ['--flow', 'products']);
    expect(table.stdout).toContain('MISMATCHED: the systems hold different figures (1)\n  SKU GLOVES-01  [products]\n');
    expect(table.stderr).toMatch(/reconcile products \(.*\): 1 mismatched; \d+ calls/);
  });
});
