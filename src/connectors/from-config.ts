import { secretValues } from '../config/mask.js';
import type { ConfigWith } from '../config/schema.js';
import type { EconomicClient } from './economic/client.js';
import type { CallRecord } from './http/types.js';
import type { RackbeatClient } from './rackbeat/client.js';
import type { Webshop } from './webshop.js';

/**
 * Builds the connectors a flow needs from the config. Each platform's code is imported only when
 * the config names it, so a WooCommerce shop never loads the GraphQL client.
 */
export interface Connections {
  webshop: Webshop;
  rackbeat: RackbeatClient;
  economic: EconomicClient;
  /** Every secret of the config, for redacting payloads before they reach the transfer log. */
  secrets: string[];
}

type ConnectionConfig = ConfigWith<'webshop' | 'rackbeat' | 'economic'>;

export async function connectionsFromConfig(config: ConnectionConfig, onCall?: (call: CallRecord) => void): Promise<Connections> {
  const { createRackbeatClient } = await import('./rackbeat/client.js');
  const { createEconomicClient } = await import('./economic/client.js');
  const { rackbeat, economic } = config;
  return {
    webshop: await webshopFromConfig(config.webshop, onCall),
    rackbeat: createRackbeatClient({ url: rackbeat.url, apiKey: rackbeat.apiKey, timezone: rackbeat.timezone, ...(onCall ? { onCall } : {}) }),
    economic: createEconomicClient({
      url: economic.url,
      appSecretToken: economic.appSecretToken,
      agreementGrantToken: economic.agreementGrantToken,
      ...(onCall ? { onCall } : {}),
    }),
    secrets: secretValues({ webshop: config.webshop, rackbeat, economic }),
  };
}

async function webshopFromConfig(shop: ConnectionConfig['webshop'], onCall?: (call: CallRecord) => void): Promise<Webshop> {
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
