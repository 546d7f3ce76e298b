import { afterEach } from 'vitest';
import { createWooCommerceClient, type WooCommerceClientOptions } from '../../../src/connectors/woocommerce/client.js';
import { startWooCommerceSimulator, type WooCommerceSimulator, type WooCommerceSimulatorOptions } from '../../../src/sandbox/woocommerce/simulator.js';

/** WooCommerce simulators started by a test file (closed after each test) and clients for them, unthrottled. */
export function useWooShops(defaults: WooCommerceSimulatorOptions = { orders: 0 }) {
  const running: WooCommerceSimulator[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((woo) => woo.simulator.close()));
  });
  return {
    async shop(options: WooCommerceSimulatorOptions = {}): Promise<WooCommerceSimulator> {
      const woo = await startWooCommerceSimulator({ ...defaults, ...options });
      running.push(woo);
      return woo;
    },
    clientFor(woo: WooCommerceSimulator, extra: Partial<WooCommerceClientOptions> = {}) {
      return createWooCommerceClient({
        url: woo.config.url,
        consumerKey: woo.config.consumerKey,
        consumerSecret: woo.config.consumerSecret,
        rateLimit: { capacity: 1_000, refillPerSecond: 1_000 },
        ...extra,
      });
    },
  };
}
