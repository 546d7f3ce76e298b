/**
 * The stock flow at volume (issue 18): 10,000 SKUs in Rackbeat and the shop, simulators at 50 ms
 * latency, Rackbeat's limit raised to 4,800 a minute. After a first run that sets every level, it
 * measures a run with nothing changed (Rackbeat's reads only: zero shop writes, zero log rows) and
 * a run with 1 % of the SKUs changed (Rackbeat's reads plus ceil(changed / batch size) shop writes,
 * no shop look-ups), and the wall time of each, on WooCommerce (batches of 100) and Shopify (250
 * quantities a call). In process, through the generic run service as the CLI runs it; every API
 * call counted by system. Exits 1 when a target is missed.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallRecord } from '../../src/connectors/http/types.js';
import type { WebshopPlatform } from '../../src/connectors/systems.js';
import type { Minor } from '../../src/domain/money.js';
import { stockFlow } from '../../src/flows/stock/index.js';
import { runSyncFlow } from '../../src/services/run-flow.js';
import { openStore } from '../../src/store/database.js';
import { countTransfers } from '../../src/store/transfers.js';
import { stockConfig, type StockConfig } from '../flows/helpers/stock-world.js';
import { startFlowWorld, type FlowWorld } from '../flows/world/world.js';
import { writesOf } from '../flows/world/writes.js';

const LATENCY_MS = 50;
const RACKBEAT_PER_MINUTE = 4_800;
const SKUS = Number(process.env.BENCH_STOCK_SKUS ?? 10_000);
const CHANGED_SHARE = 0.01;
const PLATFORMS = (process.env.BENCH_STOCK_PLATFORMS ?? 'woocommerce,shopify').split(',') as WebshopPlatform[];
/** Rows a Rackbeat list call hands out (src/connectors/rackbeat/stock.ts). */
const RACKBEAT_PAGE = 1_000;
const BATCH: Record<WebshopPlatform, number> = { woocommerce: 100, shopify: 250 };

let missed = 0;
function report(name: string, value: number, unit: string, target: string, pass: boolean, digits = 0): void {
  if (!pass) missed += 1;
  process.stdout.write(`${name}: ${value.toFixed(digits)} ${unit} (target ${target}, ${pass ? 'PASS' : 'MISS'})\n`);
}

interface StockRun {
  exitCode: number;
  wallMs: number;
  /** Requests by system, each counted once however often it was retried. */
  calls: Record<string, number>;
  /** Tries again after a 429, a THROTTLED or a 5xx (the simulators' limits, a busy machine). */
  retries: number;
  shopWrites: number;
  logRows: number;
}

async function measure(world: FlowWorld, config: StockConfig): Promise<StockRun> {
  const calls: Record<string, number> = {};
  let retries = 0;
  const writesBefore = writesOf(world.shop.simulator).length;
  const rowsBefore = logRows(world);
  const started = performance.now();
  const onCall = (call: CallRecord): void => {
    if (call.attempt > 1) retries += 1;
    else calls[call.system] = (calls[call.system] ?? 0) + 1;
  };
  const result = await runSyncFlow({ flow: stockFlow, config, command: 'stock', onCall });
  return {
    exitCode: result.exitCode,
    wallMs: performance.now() - started,
    calls,
    retries,
    shopWrites: writesOf(world.shop.simulator).length - writesBefore,
    logRows: logRows(world) - rowsBefore,
  };
}

function logRows(world: FlowWorld): number {
  if (!existsSync(world.storePath)) return 0;
  const store = openStore(world.storePath, { readonly: true });
  try {
    return countTransfers(store, {});
  } finally {
    store.close();
  }
}

/** 10,000 products carrying the same SKUs in both systems, 25 units each. */
function addCatalogue(world: FlowWorld): string[] {
  const skus = Array.from({ length: SKUS }, (_, index) => `BENCH-${String(index).padStart(5, '0')}`);
  const price = 10_000 as Minor;
  for (const sku of skus) {
    world.rackbeat.state.createProduct({ number: sku, groupNumber: 1, name: sku, salesPrice: price, costPrice: 0 as Minor, stockQuantity: 25, barcode: null, description: '', isBarred: false });
    if (world.shop.platform === 'woocommerce') world.shop.state.addProduct({ name: sku, sku, price, stockQuantity: 20 });
    else world.shop.state.addProduct({ title: sku, variants: [{ sku, price, available: 20 }] });
  }
  return skus;
}

async function bench(platform: WebshopPlatform): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'iex-sync-stock-bench-'));
  const world = await startFlowWorld(dir, { platform, seededOrders: 0, latencyMs: LATENCY_MS, rackbeatPerMinute: RACKBEAT_PER_MINUTE });
  try {
    const skus = addCatalogue(world);
    const config = await stockConfig(world);
    const products = world.rackbeat.state.products.size;
    const rackbeatReads = Math.ceil(products / RACKBEAT_PAGE) + 1; // the list pages, and /self
    const label = `stock ${platform}`;

    const first = await measure(world, config);
    report(`${label} first run, ${SKUS} SKUs: wall time`, first.wallMs / 1000, 's', 'reported', first.exitCode === 0, 1);
    // Reported: WooCommerce writes variations a batch per parent product, so the catalogue's T-shirts add one.
    report(`${label} first run: shop writes`, first.shopWrites, 'calls', 'reported', true);

    const quiet = await measure(world, config);
    report(`${label} no-change run: Rackbeat calls`, quiet.calls.rackbeat ?? 0, 'calls', `${rackbeatReads} (pages of ${RACKBEAT_PAGE} + /self)`, (quiet.calls.rackbeat ?? 0) === rackbeatReads);
    report(`${label} no-change run: shop writes`, quiet.shopWrites, 'calls', '0', quiet.shopWrites === 0);
    report(`${label} no-change run: log rows`, quiet.logRows, 'rows', '0', quiet.logRows === 0);
    report(`${label} no-change run: wall time`, quiet.wallMs / 1000, 's', '< 10 s', quiet.wallMs < 10_000, 2);

    const changed = skus.filter((_, index) => index % Math.round(1 / CHANGED_SHARE) === 7);
    for (const sku of changed) world.rackbeat.state.updateProduct(sku, { stockQuantity: 11 });
    const some = await measure(world, config);
    const writes = Math.ceil(changed.length / BATCH[platform]);
    const shopCalls = some.calls[platform] ?? 0;
    report(`${label} ${changed.length} changed (1 %): shop writes`, some.shopWrites, 'calls', `ceil(${changed.length} / ${BATCH[platform]}) = ${writes}`, some.shopWrites === writes);
    report(`${label} ${changed.length} changed: Rackbeat calls`, some.calls.rackbeat ?? 0, 'calls', `${rackbeatReads}`, (some.calls.rackbeat ?? 0) === rackbeatReads);
    // The shop's identity, and on Shopify its primary location: no look-up of the changed SKUs.
    report(`${label} ${changed.length} changed: shop calls`, shopCalls, 'calls', `≤ writes + 2 = ${writes + 2}`, shopCalls <= writes + 2);
    report(`${label} ${changed.length} changed: log rows`, some.logRows, 'rows', `${changed.length}`, some.logRows === changed.length);
    report(`${label} ${changed.length} changed: calls tried again (throttled, busy)`, some.retries, 'calls', 'reported', true);
    report(`${label} ${changed.length} changed: wall time`, some.wallMs / 1000, 's', '< 10 s', some.wallMs < 10_000, 2);
  } finally {
    await world.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const platform of PLATFORMS) await bench(platform);
process.exitCode = missed === 0 ? 0 : 1;
