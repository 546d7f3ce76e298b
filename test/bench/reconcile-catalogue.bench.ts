/**
 * `reconcile --flow products,stock` over a whole catalogue (issue 22): 10,000 WooCommerce products,
 * brought into Rackbeat and e-conomic by one `products` run and their levels into the shop by one
 * `stock` run (in this process, no latency); then the built CLI runs the comparison as its own
 * process against simulators answering in 50 ms. Reported, each with its target:
 * - what it found in a catalogue the runs left in step: nothing;
 * - its calls against one list call per page of each catalogue (shop 100 a page, Rackbeat 250,
 *   e-conomic 1,000), Rackbeat's stock pages of 1,000 with the shop's look-up of each page by SKU
 *   (100 a request), and a /self each;
 * - its wall time and peak RSS (VmHWM, Linux);
 * - what it holds while reading (the heap after a full GC at every page, read in this process):
 *   a few hundred bytes a product in each system's summary.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { loadConfig } from '../../src/config/load.js';
import type { ConfigWith } from '../../src/config/schema.js';
import { roundHalfUp } from '../../src/domain/money.js';
import { productsFlow } from '../../src/flows/products/index.js';
import { productsReconciler } from '../../src/flows/products/reconcile.js';
import { stockFlow } from '../../src/flows/stock/index.js';
import { runSyncFlow } from '../../src/services/run-flow.js';
import { writeProductsConfig } from '../flows/world/products.js';
import { startFlowWorld } from '../flows/world/world.js';
import { heapHeldWhileReconciling } from './heap-held.js';
import { runMeasured } from './measured-process.js';
import { finish, note, report } from './report.js';

/** `BENCH_CATALOGUE=1000` for a quick look. */
const PRODUCTS = Number(process.env.BENCH_CATALOGUE ?? 10_000);
const LATENCY_MS = 50;

interface ReconcileReport {
  calls: number;
  findings: unknown[];
}

const folder = mkdtempSync(join(tmpdir(), 'iex-sync-bench-catalogue-'));
const world = await startFlowWorld(folder, { seededOrders: 0 });
try {
  if (world.shop.platform !== 'woocommerce') throw new Error('the catalogue bench runs on WooCommerce');
  const { state } = world.shop;
  // Dated a minute back: a WooCommerce read covers changes up to its start less a settle margin.
  const at = state.shopNow() - 60_000;
  for (let index = 1; index <= PRODUCTS; index += 1) {
    state.addProduct({ name: `Bench product ${index}`, sku: `BENCH-${String(index).padStart(5, '0')}`, price: roundHalfUp(10_000 + index), at });
  }
  const configPath = writeProductsConfig(world);
  writeFileSync(configPath, stringify({ ...(parse(readFileSync(configPath, 'utf8')) as object), stock: {} }));
  const sections = ['webshop', 'rackbeat', 'economic', 'products', 'stock'] as const;
  const { config } = await loadConfig({ path: configPath, cwd: folder, env: {}, sections: [...sections] });
  const started = performance.now();
  const products = await runSyncFlow({ flow: productsFlow, config: config as ConfigWith<(typeof sections)[number]>, command: 'products' });
  const stock = await runSyncFlow({ flow: stockFlow, config: config as ConfigWith<(typeof sections)[number]>, command: 'stock' });
  note(`setup: ${PRODUCTS} shop products transferred (exit ${products.exitCode}) and their levels set (exit ${stock.exitCode}) in ${((performance.now() - started) / 1000).toFixed(0)} s`);

  // What the products comparison holds while it reads.
  const held = await heapHeldWhileReconciling(productsReconciler, config, { since: new Date(0), until: new Date() });
  // Three summaries a product (shop, Rackbeat, e-conomic) and the pages in hand.
  const budget = PRODUCTS * 1536 + 4 * 1_048_576;
  report(`reconcile products heap held while reading ${PRODUCTS} products`, held / 1_048_576, 'MB', `≤ ${(budget / 1_048_576).toFixed(1)} MB (1.5 KB a product in three systems, 4 MB of pages in hand)`, held <= budget, 1);
  note(`reconcile products held ${(held / PRODUCTS).toFixed(0)} bytes a product`);

  for (const simulator of world.simulators) simulator.setLatency(LATENCY_MS);
  const run = await runMeasured(['-c', configPath, 'reconcile', '--flow', 'products,stock', '--format', 'json']);
  if (!run.stdout) throw new Error(`reconcile printed no report (exit ${run.exitCode}): ${run.stderr.slice(0, 2000)}`);
  const found = JSON.parse(run.stdout) as ReconcileReport;
  report('reconcile findings in a catalogue in step', found.findings.length, 'findings', '0, exit 0', found.findings.length === 0 && run.exitCode === 0);
  const pages = (count: number, size: number) => Math.max(1, Math.ceil(count / size)) + 1;
  const rackbeatProducts = world.rackbeat.state.products.size;
  // /self × 3 and the shop's settings; products: each catalogue's pages (the shop's products and
  // variations); stock: Rackbeat's pages of 1,000 and the shop's look-up of each by SKU.
  const bound = 6 + pages(PRODUCTS, 100) + 2 + pages(rackbeatProducts, 250) + pages(rackbeatProducts, 1000) + pages(rackbeatProducts, 1000) + pages(rackbeatProducts, 100) * 2;
  report(`reconcile products and stock calls for ${PRODUCTS} products`, found.calls, 'calls', `≤ ${bound} (a list call per page, a look-up per 100 SKUs)`, found.calls <= bound);
  report(`reconcile products and stock wall time at ${LATENCY_MS} ms latency`, run.wallMs / 1000, 's', '≤ 60 s', run.wallMs <= 60_000, 1);
  const peak = run.peakRssMb ?? Number.NaN;
  report(`reconcile products and stock peak RSS over ${PRODUCTS} products`, peak, 'MB', '< 250 MB (as products)', peak < 250);
} finally {
  await world.close();
  rmSync(folder, { recursive: true, force: true });
}
finish();
