import { afterEach } from 'vitest';
import { createWooCommerceClient, type WooCommerceClientOptions } from '../../../src/connectors/woocommerce/client.js';
import { CATALOGUE_CUSTOMERS } from '../../../src/sandbox/catalogue.js';
import { placeOrder } from '../../../src/sandbox/woocommerce/seed.js';
import { startWooCommerceSimulator, type WooCommerceSimulator, type WooCommerceSimulatorOptions } from '../../../src/sandbox/woocommerce/simulator.js';

/** WooCommerce simulators started by a test file (closed after each test) and clients for them, unthrottled. */
export function useWooShops(defaults: WooCommerceSimulatorOptions = { orders: 0 }) {
  const running: WooCommerceSimulator[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((woo) => woo.simulator.close()));
  });
  const shop = async (options: WooCommerceSimulatorOptions = {}): Promise<WooCommerceSimulator> => {
    const woo = await startWooCommerceSimulator({ ...defaults, ...options });
    running.push(woo);
    return woo;
  };
  const clientFor = (woo: WooCommerceSimulator, extra: Partial<WooCommerceClientOptions> = {}) =>
    createWooCommerceClient({
      url: woo.config.url,
      consumerKey: woo.config.consumerKey,
      consumerSecret: woo.config.consumerSecret,
      rateLimit: { capacity: 1_000, refillPerSecond: 1_000 },
      ...extra,
    });
  return {
    shop,
    clientFor,
    /** A shop with one order of two lines (2 caps, 1 mug) placed an hour ago, read back as the order flow sees it, with a client that does not retry. */
    async orderIn(status: 'processing' | 'completed' | 'cancelled' = 'processing') {
      const woo = await shop();
      const placed = placeOrder(woo.state, {
        customer: CATALOGUE_CUSTOMERS[0]!,
        items: [
          { sku: 'CAP-001', quantity: 2 },
          { sku: 'MUG#BLK', quantity: 1 },
        ],
        status,
        createdAt: woo.state.shopNow() - 3_600_000,
      });
      const client = clientFor(woo, { retry: { maxRetries: 0 } });
      const order = (await client.orderByNumber(placed.number))!;
      return { woo, client, order, id: placed.id };
    },
  };
}
