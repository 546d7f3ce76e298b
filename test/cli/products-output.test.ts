import { beforeEach, describe, expect, it } from 'vitest';
import type { Minor } from '../../src/domain/money.js';
import type { TransferDetail, TransferRow } from '../../src/store/history.js';
import { addShopProduct, productCounts, setShopPrice, writeProductsConfig } from '../flows/world/products.js';
import { useFlowWorld, type FlowWorld } from '../flows/world/world.js';
import { writeCounts } from '../flows/world/writes.js';
import { runMain } from './run-cli.js';

/**
 * `iex-sync products` from the command line (issue 17): `--dry-run`, `--sku`, the summary line,
 * `--json`, and `history` rows of products with their payloads; and `iex-sync demo` runs it too.
 */
const m = (value: number): Minor => value as Minor;

describe('iex-sync products', () => {
  const startWorld = useFlowWorld();
  let world: FlowWorld;
  let configPath: string;

  beforeEach(async () => {
    world = await startWorld({ seededOrders: 0 });
    addShopProduct(world, { name: 'Kettle', variants: [{ sku: 'KETTLE-01', netPrice: m(30_000) }] });
    addShopProduct(world, { name: 'Teapot', variants: [{ sku: 'TEAPOT-01', netPrice: m(20_000) }] });
    configPath = writeProductsConfig(world);
  });

  const cli = (args: string[]) => runMain(['-c', configPath, ...args], { cwd: world.dir });
  const history = async (args: string[]): Promise<TransferRow[]> => {
    const result = await cli(['--json', 'history', ...args]);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as TransferRow[];
  };

  it('--dry-run writes nothing anywhere and logs the exact body each product would get', async () => {
    const before = writeCounts(world);
    const result = await cli(['products', '--dry-run']);
    expect(result.code, result.stderr).toBe(0);
    expect(writeCounts(world)).toEqual(before);
    expect(world.rackbeat.state.products.has('KETTLE-01')).toBe(false);
    const rows = await history(['--source', 'KETTLE-01']);
    const planned = rows.find((row) => row.status === 'dry-run' && row.leg === 'webshop-rackbeat-products');
    expect(planned).toMatchObject({ flow: 'products', kind: 'product', stage: 'created', targetSystem: 'rackbeat' });
    const shown = await cli(['--json', 'history', 'show', String(planned?.id)]);
    const detail = JSON.parse(shown.stdout) as Omit<TransferDetail, 'targetPayload'> & { targetPayload: unknown };
    expect(detail.targetPayload).toEqual({ request: { number: 'KETTLE-01', name: 'Kettle', group: 1, sales_price: 300 } });
  });

  it('--sku takes one product through both legs; the summary line and --json say what happened', async () => {
    const one = await cli(['products', '--sku', 'KETTLE-01']);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stderr).toMatch(/^products: webshop→rackbeat-products 1 ok; rackbeat→e-conomic-products 1 ok in /m);
    expect(productCounts(world).rackbeat.get('KETTLE-01')).toBe(1);
    expect(productCounts(world).economic.get('KETTLE-01')).toBe(1);
    expect(world.rackbeat.state.products.has('TEAPOT-01')).toBe(false);

    const all = await cli(['--json', 'products']);
    expect(all.code, all.stderr).toBe(0);
    const summary = JSON.parse(all.stdout) as { flow: string; legs: Array<{ leg: string; counts: { ok: number; unchanged: number } }> };
    expect(summary.flow).toBe('products');
    expect(summary.legs.map((leg) => leg.leg)).toEqual(['webshop-rackbeat-products', 'rackbeat-economic-products']);
    expect(world.economic.state.products.get('TEAPOT-01')).toMatchObject({ salesPrice: 200 });

    // A price change: history shows the update with the body that was sent, only the kept fields.
    setShopPrice(world, 'TEAPOT-01', m(21_000));
    expect((await cli(['products'])).code).toBe(0);
    const updated = (await history(['--source', 'TEAPOT-01'])).find((row) => row.stage === 'updated' && row.targetSystem === 'rackbeat');
    const detail = JSON.parse((await cli(['--json', 'history', 'show', String(updated?.id)])).stdout) as { targetPayload: unknown };
    expect(detail.targetPayload).toMatchObject({ request: { name: 'Teapot', sales_price: 210 } });
  });

  it('--sku of a SKU the shop does not have is a usage error (exit 2) that runs nothing', async () => {
    const result = await cli(['products', '--sku', 'NO-SUCH-SKU']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/the webshop has no product with SKU NO-SUCH-SKU/);
  });

  it('a products section without its group numbers is refused, naming the key (exit 2)', async () => {
    configPath = writeProductsConfig(world, { rackbeat: {} });
    const result = await cli(['products']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/products\.rackbeat\.groupNumber/);
  });
});

describe('demo', () => {
  it('runs the products flow before the order flow', async () => {
    const result = await runMain(['demo', '--seed', '3'], { cwd: process.cwd(), env: { IEX_SYNC_SANDBOX_RACKBEAT_PER_MINUTE: '600000' } });
    expect(result.code, result.stderr).toBe(0);
    const products = result.stderr.search(/^products: webshop→rackbeat-products \d+ ok; rackbeat→e-conomic-products \d+ ok in /m);
    const orders = result.stderr.search(/^orders: webshop→rackbeat/m);
    expect(products).toBeGreaterThanOrEqual(0);
    expect(orders).toBeGreaterThan(products);
  });
});
