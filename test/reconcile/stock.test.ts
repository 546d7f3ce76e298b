import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WebshopPlatform } from '../../src/connectors/systems.js';
import { runMain } from '../cli/run-cli.js';
import { countInRackbeat, runStock, sellInShop, shopLevel, stockConfig } from '../flows/helpers/stock-world.js';
import { PLATFORMS, useFlowWorld, type FlowWorld } from '../flows/world/world.js';
import { writeCounts } from '../flows/world/writes.js';
import type { ReportJson } from './report-json.js';

/**
 * Issue 22 for the stock flow: `reconcile --flow stock` against the simulators over HTTP, for both
 * webshops: the level each shop item shows now against the level the stock flow would set (same
 * quantity, buffer and location). A level a stock run set agrees; one edited in the shop by hand
 * is mismatched, with both numbers.
 */
describe.each(PLATFORMS)('reconcile stock with %s', (platform: WebshopPlatform) => {
  const startWorld = useFlowWorld();

  /** A world whose shop a stock run (with these keys) brought in step; the config file the CLI reads. */
  const afterRun = async (stock: Record<string, unknown> = {}) => {
    const world = await startWorld({ platform, seededOrders: 0 });
    world.rackbeat.state.locations.place('CAP-001', 2, 7);
    countInRackbeat(world, 'MUG#BLK', 3);
    const run = await runStock(await stockConfig(world, stock));
    expect(run.exitCode).toBe(0);
    return { world, configPath: join(world.dir, 'stock.config.yaml') };
  };
  const reconcile = (world: FlowWorld, configPath: string, format = 'json') => runMain(['-c', configPath, 'reconcile', '--flow', 'stock', '--format', format], { cwd: world.dir });
  const json = async (world: FlowWorld, configPath: string) => {
    const result = await reconcile(world, configPath);
    return { code: result.code, report: JSON.parse(result.stdout) as ReportJson };
  };

  it('reports nothing and exits 0 after a stock run, reading Rackbeat a page of 1000 at a time and writing nothing', async () => {
    const { world, configPath } = await afterRun();
    const writes = writeCounts(world);

    const { code, report } = await json(world, configPath);

    expect(report.findings).toEqual([]);
    expect(report.flows).toEqual(['stock']);
    expect(code).toBe(0);
    // Who each system is, one page of Rackbeat products, then the shop's batched look-up of the page's
    // SKUs (WooCommerce: its tax setting and the variations' parents; Shopify: the location and the SKUs).
    expect(report.calls).toBeLessThanOrEqual(6);
    expect(writeCounts(world)).toEqual(writes);
  });

  it('finds a level edited by hand in the shop, with both numbers, and nothing for a level Rackbeat moved since (the next stock run sets it either way)', async () => {
    const { world, configPath } = await afterRun();
    sellInShop(world, 'CAP-001', 5);
    const rackbeatCaps = shopLevel(world, 'CAP-001');

    const { code, report } = await json(world, configPath);

    expect(report.findings).toEqual([
      {
        flow: 'stock',
        kind: 'mismatched',
        record: 'SKU CAP-001',
        systems: { webshop: expect.stringMatching(/^level 195 \(shop id .+\)$/), rackbeat: 'in stock 200, available 200' },
        problem: 'the shop shows 195, the stock flow would set 200 (Rackbeat available 200)',
        log: null,
        hint: 'iex-sync stock --sku CAP-001 sets it; a sale in the shop since the last stock run shows here until Rackbeat has its order and the next stock run writes the new level',
      },
    ]);
    expect(rackbeatCaps).toBe(195);
    expect(code).toBe(1);

    // Counted in Rackbeat since the run: the shop shows the old level, so that too is a difference until the next run.
    countInRackbeat(world, 'MUG#BLK', 9);
    const counted = await json(world, configPath);
    expect(counted.report.findings.map((finding) => finding.problem).sort()).toEqual([
      'the shop shows 195, the stock flow would set 200 (Rackbeat available 200)',
      'the shop shows 3, the stock flow would set 9 (Rackbeat available 9)',
    ]);

    const csv = await reconcile(world, configPath, 'csv');
    const [header, ...rows] = csv.stdout.trimEnd().split('\n');
    expect(header).toBe('kind,flow,record,webshop,rackbeat,economic,problem,log,hint');
    expect(rows.map((row) => row.split(',').slice(0, 3).join(','))).toEqual(['mismatched,stock,SKU CAP-001', 'mismatched,stock,SKU MUG#BLK']);
    expect(csv.code).toBe(1);
  });

  it('holds back the buffer and reads the location as the flow does', async () => {
    const { world, configPath } = await afterRun({ locationNumber: 2, buffer: 2 });
    expect(shopLevel(world, 'CAP-001')).toBe(5);
    expect((await json(world, configPath)).report.findings).toEqual([]);

    sellInShop(world, 'CAP-001', 1);
    const { report } = await json(world, configPath);
    expect(report.findings.map((finding) => [finding.record, finding.problem, finding.systems.rackbeat])).toEqual([
      ['SKU CAP-001', 'the shop shows 4, the stock flow would set 5 (Rackbeat available 7 at location 2 less the buffer of 2)', 'in stock 7, available 7 at location 2'],
    ]);
  });
});
