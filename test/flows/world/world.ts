import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { stringify } from 'yaml';
import type { WebshopPlatform } from '../../../src/connectors/systems.js';
import type { CatalogueCustomer } from '../../../src/sandbox/catalogue.js';
import { startEconomicSimulator, type StartedEconomicSimulator } from '../../../src/sandbox/economic/simulator.js';
import type { RunningSimulator } from '../../../src/sandbox/harness/types.js';
import { startRackbeatSimulator, type RackbeatSimulator } from '../../../src/sandbox/rackbeat/simulator.js';
import { useTmpDir } from '../../helpers/tmp-dir.js';
import { startShop, type ShopifyDriver, type WooCommerceDriver } from './shop-drivers.js';

/**
 * The one world every flow, crash, CLI test and the orders bench run in: the Rackbeat and e-conomic
 * simulators plus one webshop of either platform (driven through the platform-neutral ShopDriver),
 * on loopback in the test process, and a folder holding the config that points at them and the
 * store. In-process runs and child processes alike read that config; the simulators, living here,
 * keep what a killed child wrote.
 */
export const PLATFORMS: readonly WebshopPlatform[] = ['woocommerce', 'shopify'];

export interface FlowWorld {
  platform: WebshopPlatform;
  shop: WooCommerceDriver | ShopifyDriver;
  rackbeat: RackbeatSimulator;
  economic: StartedEconomicSimulator;
  simulators: RunningSimulator[];
  /** The world's folder: `sync.config.yaml` and the store `iex-sync.db` (and its -wal, -shm). */
  dir: string;
  configPath: string;
  storePath: string;
  /** `orders.startFrom` of the config: orders created before it must never be transferred. */
  startFrom: Date;
  /**
   * Writes `sync.config.yaml` (store `./iex-sync.db` beside it) into `dir`, the world's folder unless
   * told, with these `orders` keys over the world's own; returns its path.
   */
  writeConfig(orders?: Record<string, unknown>, dir?: string): string;
  /**
   * Places `count` new paid orders in the shop, each with a customer the back office has never
   * seen, except the last of three or more, which reuses the first one's customer (two orders of
   * one new customer in a run must create one customer). Returns their numbers.
   */
  placeOrders(count: number): string[];
  /**
   * Moves e-conomic's clock past its Idempotency-Key window (1 h), as when a crashed run is rerun
   * the next morning: a resent key no longer dedupes, so only the engine's look-up prevents a double.
   */
  outliveIdempotencyWindow(): void;
  close(): Promise<void>;
}

export interface FlowWorldOptions {
  /** Default WooCommerce. */
  platform?: WebshopPlatform;
  /** Seeded shop orders (default 15: mixed states, returning customers, coupons, fees, exports). */
  seededOrders?: number;
  /** Seconds between seeded shop orders (default 600; a big seed needs less to stay after the cut-over). */
  seededOrderSpacingSeconds?: number;
  /** Added to every simulator's answers (default none). */
  latencyMs?: number;
  /** Rackbeat's per-minute limit (default 600,000, far above RB-LARAVEL's 480, so tests do not wait; its client adopts X-RateLimit-Limit). */
  rackbeatPerMinute?: number;
  /** Rackbeat's burst (default: a minute of its rate, as a fresh Laravel window). */
  rackbeatBurst?: number;
  /** Extra `orders` config keys, in every config the world writes. */
  orders?: Record<string, unknown>;
  /** Also one paid order created before the cut-over and edited just now, so the shop lists it: it must stay put. */
  orderBeforeCutOver?: boolean;
}

const ONE_DAY_MS = 86_400_000;
/** The e-conomic simulator keeps an Idempotency-Key's answer this long (src/sandbox/economic/simulator.ts). */
const IDEMPOTENCY_WINDOW_MS = 3_600_000;
/** Catalogue SKUs the placed orders use, odd ones included (leading zero, `#`, `/` and a space). */
const PLACED_SKUS = ['CAP-001', '0042', 'MUG#BLK', 'GIFT/BOX 01', 'TEE-RED-M'];

export async function startFlowWorld(dir: string, options: FlowWorldOptions = {}): Promise<FlowWorld> {
  const platform = options.platform ?? 'woocommerce';
  const latencyMs = options.latencyMs ?? 0;
  const simulators: RunningSimulator[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(simulators.splice(0).map((simulator) => simulator.close()));
  };
  try {
    const rackbeat = await startRackbeatSimulator({ latencyMs, rateLimit: { perMinute: options.rackbeatPerMinute ?? 600_000, ...(options.rackbeatBurst ? { burst: options.rackbeatBurst } : {}) } });
    simulators.push(rackbeat.simulator);
    let economicClockOffsetMs = 0;
    const economic = await startEconomicSimulator({ latencyMs, now: () => Date.now() + economicClockOffsetMs });
    simulators.push(economic.simulator);
    const shop = await startShop(platform, {
      orders: options.seededOrders ?? 15,
      orderSpacingSeconds: options.seededOrderSpacingSeconds ?? 600,
      latencyMs,
    });
    simulators.push(shop.simulator);

    const startFrom = new Date(Date.now() - 2 * ONE_DAY_MS);
    if (options.orderBeforeCutOver) {
      shop.place({ customer: newCustomer(0), items: [{ sku: 'CAP-001', quantity: 1 }], paid: true, at: startFrom.getTime() - ONE_DAY_MS });
    }

    const writeConfig = (orders: Record<string, unknown> = {}, folder = dir): string => {
      const file = join(folder, 'sync.config.yaml');
      const config = {
        store: './iex-sync.db',
        webshop: shop.config,
        rackbeat: rackbeat.config,
        economic: economic.config,
        orders: { startFrom: startFrom.toISOString(), layoutNumber: 19, paymentTermsNumber: 1, rackbeat: { paymentTermsNumber: 1 }, ...options.orders, ...orders },
      };
      writeFileSync(file, stringify(config));
      return file;
    };

    let placed = 0;
    const placeOrders = (count: number): string[] => {
      const firstCustomer = placed + 1;
      return Array.from({ length: count }, (_, index) => {
        placed += 1;
        const customer = newCustomer(index === count - 1 && count > 2 ? firstCustomer : placed);
        const sku = PLACED_SKUS[placed % PLACED_SKUS.length] as string;
        return shop.place({ customer, items: [{ sku, quantity: 1 + (placed % 3) }], paid: true });
      });
    };

    return {
      platform,
      shop,
      rackbeat,
      economic,
      simulators: [...simulators],
      dir,
      configPath: writeConfig(),
      storePath: join(dir, 'iex-sync.db'),
      startFrom,
      writeConfig,
      placeOrders,
      outliveIdempotencyWindow: () => {
        economicClockOffsetMs += IDEMPOTENCY_WINDOW_MS + 60_000;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Starts worlds, each in a fresh temporary folder, for the current test and closes them after it. */
export function useFlowWorld(): (options?: FlowWorldOptions) => Promise<FlowWorld> {
  const tmp = useTmpDir('iex-sync-flow-');
  const started: FlowWorld[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((world) => world.close()));
  });
  return async (options) => {
    const world = await startFlowWorld(tmp(), options);
    started.push(world);
    return world;
  };
}

/** A Danish buyer nobody has seen before; the e-mail has a `+` as real ones often do. */
function newCustomer(sequence: number): CatalogueCustomer {
  return {
    email: `buyer+${sequence}@example.test`,
    name: `Buyer ${sequence}`,
    address: `Testvej ${sequence}`,
    city: 'Vejle',
    postcode: '7100',
    country: 'DK',
    existsInBackOffice: false,
  };
}
