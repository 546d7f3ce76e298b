/**
 * The products flow at volume (issue 17): 10,000 new WooCommerce products, Rackbeat and e-conomic
 * simulators at 50 ms latency, Rackbeat's limit raised to 4,800 a minute (ten times RB-LARAVEL's
 * 480) and e-conomic's at its observed 10,000 a minute. The built CLI (`npm run bench` builds it)
 * runs `-v --json products` as its own process, as cron would: its peak RSS (VmHWM, Linux) is the
 * tool's alone, and `-v` lists every API call it made. Reports, for the first sync, calls per
 * product on each system against the minimum (one create each, plus the list passes and the
 * page-batched look-ups), the share of the bound the simulators' limits set, peak RSS; then a rerun
 * with nothing new, which must cost one list pass per leg and write nothing. Exit 1 on a missed target.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { roundHalfUp } from '../../src/domain/money.js';
import { writeProductsConfig } from '../flows/world/products.js';
import { startFlowWorld } from '../flows/world/world.js';
import { runCliProcess, tallyCalls } from './cli-process.js';
import { finish, note, report } from './report.js';

const LATENCY_MS = 50;
const RACKBEAT_PER_MINUTE = 4_800;
/** One second of it: the rate, not the burst, holds the run (as the orders bench's raised limits). */
const RACKBEAT_BURST = 80;
const ECONOMIC_PER_MINUTE = 10_000;
/** e-conomic's token bucket as observed (and simulated): 10,000 per 60 s, all of it at once. */
const ECONOMIC_BURST = 10_000;
/** `BENCH_PRODUCTS=1000` for a quick look. */
const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 10_000);

interface ProductsRun {
  exitCode: number | null;
  wallMs: number;
  peakRssMb: number | undefined;
  calls: Record<string, number>;
  /** GET list calls per system (the legs' change lists and the look-ups). */
  lists: Record<string, number>;
  writes: Record<string, number>;
  throttled: number;
  created: Record<string, number>;
  /** Calls that are not a list read (no query): `GET /self`, a POST, a GET of one product. */
  perProductCalls: string[];
}

async function runProductsProcess(configPath: string): Promise<ProductsRun> {
  const { exitCode, wallMs, peakRssMb, stdout, stderr } = await runCliProcess(configPath, 'products');
  const { lines, calls, writes, throttled } = tallyCalls(stderr);
  const lists: Record<string, number> = {};
  const perProductCalls: string[] = [];
  for (const { system, method, path } of lines) {
    if (method === 'GET' && path.includes('?')) lists[system] = (lists[system] ?? 0) + 1;
    else perProductCalls.push(`${method} ${path}`);
  }
  const summary = JSON.parse(stdout || '{"legs":[]}') as { legs: Array<{ leg: string; counts: { ok: number }; adopted: Record<string, number> }> };
  const created = Object.fromEntries(summary.legs.map((leg) => [leg.leg, leg.counts.ok - Object.values(leg.adopted).reduce((sum, count) => sum + count, 0)]));
  return { exitCode, wallMs, peakRssMb, calls, lists, writes, throttled, created, perProductCalls };
}

async function runBench(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'iex-sync-bench-products-'));
  const world = await startFlowWorld(folder, { seededOrders: 0, latencyMs: LATENCY_MS, rackbeatPerMinute: RACKBEAT_PER_MINUTE, rackbeatBurst: RACKBEAT_BURST });
  try {
    if (world.shop.platform !== 'woocommerce') throw new Error('the products bench runs on WooCommerce');
    const { state } = world.shop;
    // Dated a minute back: a WooCommerce read covers changes up to its start less a settle margin.
    const at = state.shopNow() - 60_000;
    for (let index = 1; index <= PRODUCTS; index += 1) {
      state.addProduct({ name: `Bench product ${index}`, sku: `BENCH-${String(index).padStart(5, '0')}`, price: roundHalfUp(10_000 + index), at });
    }
    const configPath = writeProductsConfig(world);

    const first = await runProductsProcess(configPath);
    const madeRackbeat = first.writes['rackbeat'] ?? 0;
    const madeEconomic = first.writes['economic'] ?? 0;
    note(
      `products: ${PRODUCTS} new shop products in ${(first.wallMs / 1000).toFixed(1)} s, exit ${first.exitCode}, ` +
        `created ${JSON.stringify(first.created)}, calls ${JSON.stringify(first.calls)}, list calls ${JSON.stringify(first.lists)}`,
    );
    report('products first sync exit code', first.exitCode ?? -1, '', '0', first.exitCode === 0);
    report('products created in Rackbeat', madeRackbeat, 'products', `${PRODUCTS}`, madeRackbeat === PRODUCTS);
    report('products created in e-conomic', madeEconomic, 'products', `${PRODUCTS}`, madeEconomic === PRODUCTS);
    // The minimum: one create each in Rackbeat and e-conomic, and the shop's list pass (100 a page).
    const perProduct = (system: string) => (first.calls[system] ?? 0) / PRODUCTS;
    const minimum: Record<string, number> = { woocommerce: 0.01, rackbeat: 1, economic: 1 };
    const allowed: Record<string, number> = { woocommerce: 0.05, rackbeat: 1.05, economic: 1.05 };
    for (const system of ['woocommerce', 'rackbeat', 'economic']) {
      const value = perProduct(system);
      report(`products ${system} calls per product (minimum ${minimum[system]})`, value, 'calls', `≤ ${allowed[system]}`, value <= (allowed[system] as number), 3);
    }
    // The legs run side by side (leg 2 takes each product as soon as leg 1 made it): the least time the
    // limits allow is the slowest system's calls over its limit.
    // Each system's burst is free, the rest comes at its rate.
    const boundMinutes = Math.max(
      Math.max(0, (first.calls['rackbeat'] ?? 0) - RACKBEAT_BURST) / RACKBEAT_PER_MINUTE,
      Math.max(0, (first.calls['economic'] ?? 0) - ECONOMIC_BURST) / ECONOMIC_PER_MINUTE,
    );
    const share = (100 * boundMinutes) / (first.wallMs / 60_000);
    report("products share of the bound set by the simulators' limits", share, '%', '≥ 80 %', share >= 80, 1);
    note(`products per minute: ${(PRODUCTS / (first.wallMs / 60_000)).toFixed(0)}`);
    report('products throttled calls (429)', first.throttled, 'calls', '0', first.throttled === 0);
    const peak = first.peakRssMb ?? Number.NaN;
    report(`products peak RSS at ${PRODUCTS} products`, peak, 'MB', '< 250 MB', peak < 250);

    const idle = await runProductsProcess(configPath);
    const writes = Object.values(idle.writes).reduce((sum, count) => sum + count, 0);
    note(`products rerun with nothing new: exit ${idle.exitCode} in ${idle.wallMs.toFixed(0)} ms, calls ${JSON.stringify(idle.calls)}, list calls ${JSON.stringify(idle.lists)}`);
    report('products rerun with nothing new, writes to any system', writes, 'writes', '0', writes === 0);
    // One list pass per leg: only the legs' change lists (which re-read the lookback window) and
    // the identity checks every run makes; no call per product.
    const identity = /^(GET \/self|GET \/wp-json\/$|GET \/wp-json\/wc\/v3\/settings\/)/;
    const beyond = idle.perProductCalls.filter((call) => !identity.test(call));
    report('products rerun with nothing new, calls beyond one list pass per leg', beyond.length, 'calls', '0', beyond.length === 0);
    report('products rerun with nothing new, exit code', idle.exitCode ?? -1, '', '0', idle.exitCode === 0);
  } finally {
    await world.close();
    rmSync(folder, { recursive: true, force: true });
  }
  finish();
}

await runBench();
