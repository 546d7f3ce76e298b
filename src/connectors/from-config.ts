import { secretValues } from '../config/mask.js';
import type { ConfigWith } from '../config/schema.js';
import type { Connections, Role, Systems } from './connections.js';
import type { CallRecord } from './http/types.js';
import type { Webshop } from './webshop.js';

/**
 * Builds the connectors of just these roles from the config: a stock run needs no e-conomic
 * credentials. Each platform's code is imported only when used, so a WooCommerce shop never loads
 * the GraphQL client.
 */
export async function connectionsFromConfig<R extends Role>(
  config: ConfigWith<R>,
  roles: readonly R[],
  onCall?: (call: CallRecord) => void,
): Promise<Connections<R>> {
  const built: Partial<Systems> = {};
  const sections: Partial<Record<Role, unknown>> = {};
  for (const role of roles) sections[role] = config[role];
  if (roles.includes('webshop' as R)) built.webshop = await webshopFromConfig((config as ConfigWith<'webshop'>).webshop, onCall);
  if (roles.includes('rackbeat' as R)) {
    const { createRackbeatClient } = await import('./rackbeat/client.js');
    const { rackbeat } = config as ConfigWith<'rackbeat'>;
    built.rackbeat = createRackbeatClient({ url: rackbeat.url, apiKey: rackbeat.apiKey, timezone: rackbeat.timezone, ...(onCall ? { onCall } : {}) });
  }
  if (roles.includes('economic' as R)) {
    const { createEconomicClient } = await import('./economic/client.js');
    const { economic } = config as ConfigWith<'economic'>;
    built.economic = createEconomicClient({
      url: economic.url,
      appSecretToken: economic.appSecretToken,
      agreementGrantToken: economic.agreementGrantToken,
      ...(onCall ? { onCall } : {}),
    });
  }
  // Every role asked for was built just above.
  return { ...(built as Pick<Systems, R>), secrets: secretValues(sections) };
}

async function webshopFromConfig(shop: ConfigWith<'webshop'>['webshop'], onCall?: (call: CallRecord) => void): Promise<Webshop> {
  if (shop.platform === 'shopify') {
    const { createShopifyClient } = await import('./shopify/client.js');
    return createShopifyClient({
      url: shop.url,
      accessToken: shop.accessToken,
      clientId: shop.clientId,
      clientSecret: shop.clientSecret,
      apiVersion: shop.apiVersion,
      onCall,
    });
  }
  const { createWooCommerceClient } = await import('./woocommerce/client.js');
  // The config schema requires both for woocommerce; the fallbacks only satisfy the types.
  return createWooCommerceClient({ url: shop.url, consumerKey: shop.consumerKey ?? '', consumerSecret: shop.consumerSecret ?? '', onCall });
}
