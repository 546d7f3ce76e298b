import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Minor } from '../../src/domain/money.js';
import { PRODUCT_LEGS, PRODUCT_STEPS } from '../../src/flows/products/steps.js';
import { openStore } from '../../src/store/database.js';
import { listLinks } from '../../src/store/links.js';
import { crashAndRecover, rerunUntilDone, type CrashSubject } from '../helpers/crash-kit.js';
import { addShopProduct, productCounts, setShopPrice, writeProductsConfig } from './world/products.js';
import { useFlowWorld, type FlowWorld } from './world/world.js';
import { writesOf } from './world/writes.js';

/**
 * The products flow's crash suite (issue 17): `iex-sync products` runs as a child process (the
 * built CLI) against the simulators living in the test process and kills itself (SIGKILL) at a
 * fault point of either leg; after every kill no SKU is made twice, and after reruns until done
 * every shop SKU is exactly one product in Rackbeat and one in e-conomic, each created by one
 * successful POST at most (a product found after a crash is adopted, never posted again), and the
 * links name them. Four new products come before every kill, so each kill has fresh work.
 */
const BIN = fileURLToPath(new URL('../../bin/iex-sync.js', import.meta.url));
const TIMEOUT_MS = 150_000;

function productsSubject(world: FlowWorld, skus: () => string[]): CrashSubject {
  const successfulPosts = (system: 'rackbeat' | 'economic', sku: string) => {
    const simulator = system === 'rackbeat' ? world.rackbeat.simulator : world.economic.simulator;
    return writesOf(simulator).filter((entry) => entry.method === 'POST' && entry.path === '/products' && entry.status < 300 && (entry.body as Record<string, unknown>)[system === 'rackbeat' ? 'number' : 'productNumber'] === sku).length;
  };
  const noDoubles = (context: string) => {
    for (const sku of skus()) {
      for (const system of ['rackbeat', 'economic'] as const) expect(successfulPosts(system, sku), `${sku} posted to ${system} ${context}`).toBeLessThanOrEqual(1);
    }
  };
  return {
    args: [BIN, '-c', world.configPath, 'products'],
    expectNoDoubles: noDoubles,
    expectExactlyOnce: () => {
      noDoubles('in all');
      const counts = productCounts(world);
      for (const sku of skus()) expect([sku, counts.rackbeat.get(sku), counts.economic.get(sku)]).toEqual([sku, 1, 1]);
      const store = openStore(world.storePath);
      try {
        const bySku = (step: string, leg: string) => new Map(listLinks(store, { leg, step }).map((link) => [link.sourceId, link]));
        const rackbeatLinks = bySku(PRODUCT_STEPS.rackbeatProduct, PRODUCT_LEGS.webshopRackbeat);
        const economicLinks = bySku(PRODUCT_STEPS.economicProduct, PRODUCT_LEGS.rackbeatEconomic);
        for (const sku of skus()) {
          expect([sku, rackbeatLinks.get(sku)?.status, rackbeatLinks.get(sku)?.targetId]).toEqual([sku, 'ok', sku]);
          expect([sku, economicLinks.get(sku)?.status, economicLinks.get(sku)?.targetId]).toEqual([sku, 'ok', sku]);
        }
      } finally {
        store.close();
      }
    },
    maxReruns: 6,
  };
}

describe('products crash suite: kill -9 at every fault point of both legs, then rerun', () => {
  const startWorld = useFlowWorld();

  async function productsWorld(platform: 'woocommerce' | 'shopify' = 'woocommerce') {
    const world = await startWorld({ platform, seededOrders: 0, latencyMs: 1 });
    writeProductsConfig(world);
    const skus: string[] = [];
    const addProducts = () => {
      for (let index = 0; index < 4; index += 1) {
        const sku = `CRASH-${String(skus.length + 1).padStart(3, '0')}`;
        skus.push(sku);
        addShopProduct(world, { name: `Crash product ${skus.length}`, variants: [{ sku, netPrice: (10_000 + skus.length * 100) as Minor }] });
      }
    };
    return { world, skus, addProducts, subject: productsSubject(world, () => skus) };
  }

  it('leg 1: the Rackbeat product and the checkpoint', async () => {
    const { addProducts, subject } = await productsWorld();
    await crashAndRecover(
      subject,
      ['after-intent:rackbeat-product@1', 'after-create:rackbeat-product@3', 'before-commit:rackbeat-product@1', 'after-commit:rackbeat-product@3', 'after-checkpoint:webshop-rackbeat-products@1'],
      { before: addProducts },
    );
  }, TIMEOUT_MS);

  it('leg 2: the e-conomic product and the checkpoint', async () => {
    const { world, addProducts, subject } = await productsWorld();
    await crashAndRecover(
      subject,
      ['after-intent:economic-product@3', 'after-create:economic-product@1', 'before-commit:economic-product@3', 'after-commit:economic-product@1', 'after-checkpoint:rackbeat-economic-products@1'],
      { before: addProducts, after: () => world.outliveIdempotencyWindow() },
    );
  }, TIMEOUT_MS);

  it('updates on both legs: a changed price reaches both targets once, whatever the kill', async () => {
    const { world, skus, addProducts, subject } = await productsWorld();
    addProducts();
    await rerunUntilDone(subject);
    let price = 20_000;
    await crashAndRecover(subject, ['after-update:rackbeat-product@1', 'after-update:economic-product@3'], {
      before: () => {
        price += 1_000;
        for (const sku of skus) setShopPrice(world, sku, price as Minor);
      },
    });
    for (const sku of skus) {
      expect(world.rackbeat.state.products.get(sku)?.salesPrice).toBe(price);
      expect(world.economic.state.products.get(sku)?.salesPrice).toBe(price / 100);
    }
  }, TIMEOUT_MS);

  it.each(['woocommerce', 'shopify'] as const)('store deleted between runs (%s): the next runs adopt what exists and post nothing twice', async (platform) => {
    const { world, addProducts, subject } = await productsWorld(platform);
    await crashAndRecover(subject, ['after-create:rackbeat-product@3', 'after-create:economic-product@1'], {
      before: addProducts,
      after: () => {
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${world.storePath}${suffix}`, { force: true });
        world.outliveIdempotencyWindow();
      },
    });
  }, TIMEOUT_MS);
});
