import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { WebshopPlatform } from '../../src/connectors/systems.js';
import type { Minor } from '../../src/domain/money.js';
import type { CatalogueCustomer } from '../../src/sandbox/catalogue.js';
import type { TransferRow } from '../../src/store/history.js';
import { runMain } from '../cli/run-cli.js';
import { PLATFORMS, useFlowWorld, type FlowWorld } from './world/world.js';
import { writeCounts } from './world/writes.js';
import { eligibleOrders, expectNotTransferred, expectTransferredOnce, rackbeatOrdersOf } from './helpers/order-checks.js';

/**
 * Issue 12, tried as users and faults would: a lost store adopts instead of doubling, a failure
 * stays in every run's exit code until it is fixed or dismissed (and -q reports only what is new),
 * a transient failure is retried on the next run, an answer e-conomic cached for a refused key is
 * never replayed to a retry, a setting that breaks every record stops the leg early, and an order
 * changed after its transfer is flagged for a person.
 */
const BUYER: CatalogueCustomer = {
  email: 'sam.trust@example.dk',
  name: 'Sam Trust',
  address: 'Algade 5',
  city: 'Aalborg',
  postcode: '9000',
  country: 'DK',
  existsInBackOffice: false,
};

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function useSystems(platform: WebshopPlatform, seededOrders = 10) {
  const startWorld = useFlowWorld();
  const world = {} as { systems: FlowWorld };
  beforeEach(async () => {
    world.systems = await startWorld({ platform, seededOrders });
  });
  const cli = (args: string[]): Promise<CliRun> => runMain(['-c', world.systems.configPath, ...args], { cwd: world.systems.dir });
  const history = async (args: string[]): Promise<TransferRow[]> => JSON.parse((await cli(['--json', 'history', ...args])).stdout) as TransferRow[];
  return { world, cli, history };
}

describe.each(PLATFORMS)('a new or lost store with %s', (platform) => {
  const { world, cli } = useSystems(platform);

  it('adopts every document by its reference, says so once, creates nothing, and batches the look-ups', async () => {
    expect((await cli(['orders'])).code).toBe(0);
    const eligible = eligibleOrders(world.systems);
    const before = writeCounts(world.systems);
    for (const file of ['iex-sync.db', 'iex-sync.db-wal', 'iex-sync.db-shm']) rmSync(join(world.systems.dir, file), { force: true });

    const dry = await cli(['orders', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(writeCounts(world.systems)).toEqual(before);

    const rerun = await cli(['-v', 'orders']);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(writeCounts(world.systems)).toEqual(before);
    for (const order of eligible) expectTransferredOnce(world.systems, order.number);
    const n = eligible.length;
    expect(rerun.stderr).toContain(`adopted ${n} Rackbeat orders and ${n} e-conomic order drafts that were already there`);
    // One list call a page: Rackbeat's orders read once for leg 1's look-ups, e-conomic's drafts once a page of leg 2.
    const calls = (pattern: RegExp) => rerun.stderr.split('\n').filter((line) => pattern.test(line)).length;
    expect(calls(/^economic GET \/orders\/drafts\?/)).toBe(1);
    expect(calls(/^rackbeat GET \/orders\?/)).toBeLessThanOrEqual(3); // leg 1's look-up read, leg 2's source, and no more

    const again = await cli(['orders']);
    expect(again.code).toBe(0);
    expect(again.stderr).not.toContain('adopted');
  });
});

describe('failures that stay visible (woocommerce)', () => {
  const { world, cli, history } = useSystems('woocommerce');

  it('exits 1 on every run while an order fails, prints it with -q only when new, and says when it recovered', async () => {
    const sku = 'LATE-IN-RACKBEAT';
    world.systems.shop.addProduct(sku, 'Arrives later', 3_000 as Minor);
    const broken = world.systems.shop.place({ customer: BUYER, items: [{ sku, quantity: 1 }], paid: true });

    const first = await cli(['-q', 'orders']);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain(`webshop→rackbeat #${broken}:`);
    expect(first.stderr).toMatch(/; 1 still failing, see iex-sync status\n$/);

    const second = await cli(['-q', 'orders']);
    expect(second).toMatchObject({ code: 1, stderr: '' }); // Nothing new: cron mails nothing, the exit code still says 1.
    expect((await cli(['orders'])).stderr).toMatch(/1 still failing, see iex-sync status\n$/);

    world.systems.rackbeat.state.createProduct({
      number: sku, name: 'Arrives later', description: '', barcode: null, groupNumber: 2,
      salesPrice: 3_000 as Minor, costPrice: 1_000 as Minor, stockQuantity: 5, isBarred: false,
    });
    world.systems.economic.state.products.set(sku, world.systems.economic.state.stamp({
      productNumber: sku, name: 'Arrives later', salesPrice: 30, barred: false, productGroup: { productGroupNumber: 1 }, unit: { unitNumber: 1 },
    }));
    const fixed = await cli(['-q', 'orders', '--order', broken]); // Tried now, whatever its backoff.
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(fixed.stderr).toContain(`recovered: webshop→rackbeat #${broken}`);
    expectTransferredOnce(world.systems, broken);
    expect(await cli(['-q', 'orders'])).toMatchObject({ code: 0, stderr: '' });
  });

  it('dismiss takes a failure a person settled out of the exit code, and the order is not tried again', async () => {
    world.systems.shop.addProduct('NEVER-STOCKED', 'Never stocked', 1_000 as Minor);
    const broken = world.systems.shop.place({ customer: BUYER, items: [{ sku: 'NEVER-STOCKED', quantity: 1 }], paid: true });
    expect((await cli(['orders'])).code).toBe(1);
    expect((await cli(['dismiss', broken])).code).toBe(0);
    expect((await cli(['orders'])).code).toBe(0);
    expect((await cli(['status'])).code).toBe(0);
    expect((await history(['--source', broken, '--status', 'failed'])).length).toBe(1);
  });

  it('retries a booking that failed on a 5xx on the very next run, without counting it against the order', async () => {
    const order = world.systems.shop.place({ customer: BUYER, items: [{ sku: 'CAP-001', quantity: 1 }], paid: true });
    world.systems.rackbeat.simulator.addFault({ kind: 'server-error', match: 'POST /orders/:number/book', status: 503 });
    const down = await cli(['orders']);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('tried again on the next run');
    world.systems.rackbeat.simulator.clearFaults();

    const next = await cli(['orders']);
    expect(next.code, next.stderr).toBe(0);
    expectTransferredOnce(world.systems, order);
  });

  it('never replays a refusal e-conomic cached: the retry after the fix sends a new Idempotency-Key', async () => {
    const sku = 'ONLY-IN-RACKBEAT';
    world.systems.shop.addProduct(sku, 'New in the warehouse', 4_000 as Minor);
    world.systems.rackbeat.state.createProduct({
      number: sku, name: 'New in the warehouse', description: '', barcode: null, groupNumber: 2,
      salesPrice: 4_000 as Minor, costPrice: 1_000 as Minor, stockQuantity: 10, isBarred: false,
    });
    const order = world.systems.shop.place({ customer: BUYER, items: [{ sku, quantity: 2 }], paid: true });
    expect((await cli(['orders'])).code).toBe(1);
    const [rackbeatOrder] = rackbeatOrdersOf(world.systems, order);

    // The log keeps the body exactly as sent (e-conomic's unitNetPrice in kroner, not our øre) and the refusal (issue 14).
    const [failed] = await history(['--source', order, '--status', 'failed']);
    expect(failed).toMatchObject({ leg: 'rackbeat-economic', kind: 'document', origin: order });
    const shown = JSON.parse((await cli(['--json', 'history', 'show', String(failed!.id)])).stdout) as {
      targetPayload: { request: { lines: Array<{ unitNetPrice: number; product: { productNumber: string } }>; references: { other: string } }; response: { status: number } };
    };
    expect(shown.targetPayload.request.lines[0]).toMatchObject({ product: { productNumber: sku }, unitNetPrice: 40 });
    expect(shown.targetPayload.request.references.other).toBe(`rackbeat:${rackbeatOrder!.number} woocommerce:${order}`);
    expect(shown.targetPayload.response.status).toBe(400);

    // The bookkeeper creates the product; the body iex-sync sends is the same as before, within the hour.
    world.systems.economic.state.products.set(sku, world.systems.economic.state.stamp({
      productNumber: sku, name: 'New in the warehouse', salesPrice: 40, barred: false, productGroup: { productGroupNumber: 1 }, unit: { unitNumber: 1 },
    }));
    const retry = await cli(['orders', '--order', order]);
    expect(retry.code, retry.stderr).toBe(0);
    expect(retry.stderr).not.toContain('replayed');
    expectTransferredOnce(world.systems, order);
    expect(rackbeatOrder).toBeDefined();
  });
});

describe('a setting that breaks every record (woocommerce)', () => {
  const { world, cli, history } = useSystems('woocommerce', 30);

  it('stops the leg after the first few identical failures instead of failing every order, and the rest go once fixed', async () => {
    world.systems.writeConfig({ shippingProduct: 'NO-SUCH-SHIPPING' });
    const eligible = eligibleOrders(world.systems);
    const shipped = eligible.length;
    expect(shipped).toBeGreaterThan(8);

    const broken = await cli(['orders']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/stopped after 3 records failed the same way and none went through: orders.shippingProduct names product NO-SUCH-SHIPPING, which is not in Rackbeat/);
    expect(broken.stderr).toContain('hint: create product NO-SUCH-SHIPPING in Rackbeat, or set orders.shippingProduct to a product number that exists there');
    const failedRows = await history(['--status', 'failed']);
    expect(failedRows.length).toBeGreaterThanOrEqual(3);
    expect(failedRows.length).toBeLessThan(shipped); // Not one identical error per order.

    world.systems.writeConfig();
    const fixed = await cli(['orders']);
    for (const order of eligible) {
      if (failedRows.some((row) => row.sourceNumber === order.number)) continue; // Parked: waits for its backoff.
      expectTransferredOnce(world.systems, order.number);
    }
    expect(fixed.code).toBe(1); // The parked ones are still open until their retry.
    // Each retried by hand; a run exits 1 while any other is still open, 0 once the last went through.
    const codes = [];
    for (const row of failedRows) codes.push((await cli(['orders', '--order', row.sourceNumber!])).code);
    expect(codes.at(-1)).toBe(0);
    expect((await cli(['orders'])).code).toBe(0);
    for (const order of eligible) expectTransferredOnce(world.systems, order.number);
  });
});

describe('a layout e-conomic does not have (woocommerce)', () => {
  const { world, cli } = useSystems('woocommerce', 6);

  it('fails leg 2 naming orders.layoutNumber, and the orders go once it is set right', async () => {
    world.systems.writeConfig({ layoutNumber: 999 });
    const broken = await cli(['orders']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/e-conomic refused the layout that orders.layoutNumber names/);
    expect(broken.stderr).toContain("hint: set orders.layoutNumber to one of 19, 21, then the orders are retried");
    world.systems.writeConfig();
    for (const order of eligibleOrders(world.systems)) await cli(['orders', '--order', order.number]);
    expect((await cli(['orders'])).code).toBe(0);
    for (const order of eligibleOrders(world.systems)) expectTransferredOnce(world.systems, order.number);
  });
});

describe.each(PLATFORMS)('an order changed after its transfer with %s', (platform) => {
  const { world, cli, history } = useSystems(platform);

  it('is flagged once as needing attention, naming what changed and where, until a person dismisses it', async () => {
    const order = world.systems.shop.place({ customer: BUYER, items: [{ sku: 'CAP-001', quantity: 1 }], paid: true });
    expect((await cli(['orders'])).code).toBe(0);
    const transferred = expectTransferredOnce(world.systems, order);

    world.systems.shop.addUnit(order);
    const flagged = await cli(['orders']);
    expect(flagged.code).toBe(1);
    const rows = await history(['--source', order, '--status', 'needs-attention']);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.message).toMatch(new RegExp(`^changed in ${platform} after it was transferred \\(lines\\), but it was already transferred \\(Rackbeat order ${transferred.rackbeat.number}, .*e-conomic document \\d+\\)`));
    expect(flagged.stderr).toContain('1 needs attention, see iex-sync status');

    expect(await cli(['-q', 'orders'])).toMatchObject({ code: 1, stderr: '' });
    expect(await history(['--source', order, '--status', 'needs-attention'])).toHaveLength(1);
    expect((await cli(['status'])).stdout).toContain(`#${order} (rackbeat-order) needs-attention: changed in ${platform}`);

    expect((await cli(['dismiss', order])).code).toBe(0);
    expect((await cli(['orders'])).code).toBe(0);
    expectTransferredOnce(world.systems, order); // Nothing was changed or made again.
  });

  it('flags an order cancelled or refunded in the shop after its transfer, and never books what was not booked', async () => {
    const order = world.systems.shop.place({ customer: BUYER, items: [{ sku: 'CAP-001', quantity: 1 }], paid: true });
    expect((await cli(['orders'])).code).toBe(0);
    world.systems.shop.cancel(order);
    const flagged = await cli(['orders']);
    expect(flagged.code).toBe(1);
    const [row] = await history(['--source', order, '--status', 'needs-attention']);
    expect(row?.message).toMatch(/^status \S+ is not in orders.states, but it was already transferred \(Rackbeat order \d+/);
    expectTransferredOnce(world.systems, order);
  });

  it('leaves an order cancelled before its transfer alone, as a skip', async () => {
    const order = world.systems.shop.place({ customer: BUYER, items: [{ sku: 'CAP-001', quantity: 1 }], paid: true });
    world.systems.shop.cancel(order);
    expect((await cli(['orders'])).code).toBe(0);
    expectNotTransferred(world.systems, order);
  });
});

describe('store rebind (woocommerce)', () => {
  const { world, cli } = useSystems('woocommerce', 6);

  it('binds the store to the same shop at a new address on request, moving its links, so nothing is read or sent again', async () => {
    expect((await cli(['orders'])).code).toBe(0);
    const before = writeCounts(world.systems);
    const url = String(world.systems.shop.config.url);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:/);
    world.systems.writeConfig();
    const moved = { ...world.systems.shop.config, url: url.replace('127.0.0.1', 'localhost') };
    const { readFileSync, writeFileSync } = await import('node:fs');
    const { parse, stringify } = await import('yaml');
    const config = parse(readFileSync(world.systems.configPath, 'utf8')) as Record<string, unknown>;
    writeFileSync(world.systems.configPath, stringify({ ...config, webshop: moved }));

    const refused = await cli(['orders']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('iex-sync store rebind');

    const plan = await cli(['store', 'rebind']);
    expect(plan.code).toBe(0);
    expect(plan.stderr).toMatch(/^webshop: woocommerce .*\(http:\/\/127\.0\.0\.1:\d+\) → woocommerce .*\(http:\/\/localhost:\d+\) \(\d+ links and 2 checkpoints move along\)$/m);
    expect(plan.stderr).toContain('run again with --yes');
    expect((await cli(['orders'])).code).toBe(2); // Only said what would change.

    expect((await cli(['store', 'rebind', '--yes'])).code).toBe(0);
    const after = await cli(['orders']);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stderr).not.toContain('adopted');
    expect(writeCounts(world.systems)).toEqual(before);
    expect((await cli(['store', 'rebind'])).stderr).toContain('nothing to rebind');
  });
});

describe('the log keeps dates (woocommerce)', () => {
  const { world, cli, history } = useSystems('woocommerce', 4);

  it('stores the source record\'s times as ISO strings, not {}', async () => {
    const order = world.systems.shop.place({ customer: BUYER, items: [{ sku: 'CAP-001', quantity: 1 }], paid: true });
    expect((await cli(['orders'])).code).toBe(0);
    const [created] = (await history(['--source', order, '--leg', 'webshop-rackbeat'])).filter((row) => row.stage === 'created');
    const shown = JSON.parse((await cli(['--json', 'history', 'show', String(created!.id)])).stdout) as { sourcePayload: { createdAt: unknown; modifiedAt: unknown } };
    expect(shown.sourcePayload.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(shown.sourcePayload.modifiedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    // What a row is about, and the number people know, in every format (issue 14).
    const csv = (await cli(['history', '--format', 'csv', '--source', order])).stdout.trim().split('\n');
    const header = csv[0]!.split(',');
    const kindAt = header.indexOf('kind');
    const originAt = header.indexOf('origin');
    expect(kindAt).toBeGreaterThan(-1);
    const kinds = new Set(csv.slice(1).map((line) => line.split(',')[kindAt]));
    expect(kinds).toEqual(new Set(['order', 'customer', 'document']));
    expect(csv.slice(1).filter((line) => line.includes('rackbeat-economic')).every((line) => line.split(',')[originAt] === order)).toBe(true);
    const ndjson = (await cli(['history', '--format', 'ndjson', '--source', order])).stdout.trim().split('\n').map((line) => JSON.parse(line) as { kind: string });
    expect(new Set(ndjson.map((row) => row.kind))).toEqual(kinds);
    expect((await cli(['history', '--source', `#${order}`])).stdout).toMatch(new RegExp(`document .*#${order} \\(Rackbeat \\d+\\)`));
  });
});

describe('a run refused at the start (woocommerce)', () => {
  const { world, cli } = useSystems('woocommerce', 3);

  it('is recorded, so status shows the last attempt and why it did not start', async () => {
    const { readFileSync, writeFileSync } = await import('node:fs');
    const { parse, stringify } = await import('yaml');
    const config = parse(readFileSync(world.systems.configPath, 'utf8')) as { rackbeat: Record<string, unknown> };
    writeFileSync(world.systems.configPath, stringify({ ...config, rackbeat: { ...config.rackbeat, apiKey: 'not-the-key' } }));
    const refused = await cli(['orders']);
    expect(refused.code).toBe(3);
    const status = await cli(['status']);
    expect(status.stdout).toMatch(/^orders: last run #1 \S+ stopped \(exit 3\): did not start: rackbeat 401/m);
    expect(status.stdout).not.toContain('not-the-key');
  });
});

describe('a wrong WooCommerce key', () => {
  const { world, cli } = useSystems('woocommerce', 3);

  it('gets a hint naming the keys to check, and no OAuth parameters in any message', async () => {
    const { readFileSync, writeFileSync } = await import('node:fs');
    const { parse, stringify } = await import('yaml');
    const config = parse(readFileSync(world.systems.configPath, 'utf8')) as { webshop: Record<string, unknown> };
    writeFileSync(world.systems.configPath, stringify({ ...config, webshop: { ...config.webshop, consumerKey: 'ck_not_the_key' } }));
    for (const args of [['orders'], ['-q', 'orders'], ['--json', 'orders']]) {
      const refused = await cli(args);
      expect(refused.code, args.join(' ')).toBe(3);
      const text = refused.stdout + refused.stderr;
      expect(text).not.toMatch(/oauth_(nonce|signature|consumer_key|timestamp)/);
      expect(text).toContain('webshop.consumerKey and webshop.consumerSecret');
    }
  });
});
