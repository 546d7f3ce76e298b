import { readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadWholeConfig } from '../../src/config/load.js';
import type { SyncConfig } from '../../src/config/schema.js';
import type { Minor } from '../../src/domain/money.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../src/sandbox/webhook/receiver.js';
import { runAll, type RunAllResult } from '../../src/services/run-all.js';
import type { FlowWorld } from '../flows/world/world.js';
import type { CatalogueCustomer } from '../../src/sandbox/catalogue.js';

/** Starts webhook receivers for the current test and closes them after it. */
export function useWebhookReceiver(): () => Promise<WebhookReceiver> {
  const started: WebhookReceiver[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((receiver) => receiver.close()));
  });
  return async () => {
    const receiver = await startWebhookReceiver();
    started.push(receiver);
    return receiver;
  };
}

/** The world's config written again with these top-level keys (notify, smtp, …) and `orders` keys over its own; returns its path. */
export function writeWorldConfig(world: FlowWorld, extra: Record<string, unknown> = {}, orders: Record<string, unknown> = {}): string {
  const file = world.writeConfig(orders);
  const config = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  writeFileSync(file, stringify({ ...config, ...extra }));
  return file;
}

/** The whole config of a file, as `iex-sync run` loads it. */
export async function loadWhole(file: string): Promise<SyncConfig> {
  return (await loadWholeConfig({ path: file, cwd: dirname(file), env: {} })).config;
}

/** A clock the test moves: the store's (backoff, notices, the daily report). */
export function movableClock(start = Date.now()): { now: () => Date; advance(ms: number): void; set(at: Date): void } {
  let at = start;
  return {
    now: () => new Date(at),
    advance: (ms) => {
      at += ms;
    },
    set: (date) => {
      at = date.getTime();
    },
  };
}

/** One `iex-sync run` in this process, without the printing. */
export async function runOnce(file: string, options: { clock?: () => Date; only?: string[]; dryRun?: boolean } = {}): Promise<RunAllResult> {
  return runAll({ config: await loadWhole(file), command: 'run', clock: options.clock, only: options.only, dryRun: options.dryRun });
}

/** A buyer the back office has never seen. */
export const BUYER: CatalogueCustomer = {
  email: 'ops.buyer@example.dk',
  name: 'Ops Buyer',
  address: 'Havnegade 1',
  city: 'Odense',
  postcode: '5000',
  country: 'DK',
  existsInBackOffice: false,
};

/**
 * A paid order of a SKU Rackbeat has and e-conomic lacks: leg 1 books it in Rackbeat, leg 2 fails
 * it (a record error, parked with backoff) until the product is made in e-conomic. Returns its number.
 */
export function placeOrderEconomicLacks(world: FlowWorld, sku = 'ONLY-IN-RACKBEAT'): string {
  world.shop.addProduct(sku, 'New in the warehouse', 4_000 as Minor);
  world.rackbeat.state.createProduct({
    number: sku, name: 'New in the warehouse', description: '', barcode: null, groupNumber: 2,
    salesPrice: 4_000 as Minor, costPrice: 1_000 as Minor, stockQuantity: 10, isBarred: false,
  });
  return world.shop.place({ customer: BUYER, items: [{ sku, quantity: 2 }], paid: true });
}

/** A person creates the product in e-conomic (over its API), as the failure's hint says. */
export async function createInEconomic(world: FlowWorld, sku = 'ONLY-IN-RACKBEAT'): Promise<void> {
  const { createEconomicClient } = await import('../../src/connectors/economic/client.js');
  const economic = createEconomicClient(world.economic.config);
  await economic.products.create({ productNumber: sku, name: 'New in the warehouse', productGroupNumber: 2, salesPrice: 4_000 as Minor });
}
