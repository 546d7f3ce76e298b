import { SYSTEM_LABELS } from '../../connectors/systems.js';
import type { ShopOrder, Webshop } from '../../connectors/webshop.js';
import { failed, passed, type CheckResult } from '../checks.js';

const RECENT_MS = 30 * 86_400_000;
const NAME = 'orders.fulfilment';

/**
 * `orders.fulfilment` on: the shop lets us read what fulfilment needs (Shopify: an order's
 * fulfillment orders and their locations, which need the fulfillment-order scopes; WooCommerce:
 * an order and its notes), read for one recent order. Writes nothing; whether writing is allowed
 * shows on the first fulfilment.
 */
export async function fulfilmentCheck(webshop: Webshop, now: Date): Promise<CheckResult> {
  const shop = SYSTEM_LABELS[webshop.platform];
  let order: ShopOrder | undefined;
  for await (const page of webshop.changedOrders(new Date(now.getTime() - RECENT_MS), { pageSize: 1 })) {
    order = page[0];
    break;
  }
  if (!order) return passed(NAME, `on; ${shop} has no order of the last 30 days to read its fulfilment state with`);
  try {
    const plan = await webshop.fulfilmentPlan(order, { reference: 'iex-sync doctor', shipped: [] });
    return passed(NAME, `on; ${shop} answers order ${order.number}'s fulfilment state${plan.refused ? ` (${plan.refused})` : ''}`);
  } catch (error) {
    return failed(
      NAME,
      `${shop} did not let us read order ${order.number}'s fulfilment state: ${error instanceof Error ? error.message : String(error)}`,
      webshop.platform === 'shopify'
        ? 'give the app the read_merchant_managed_fulfillment_orders and write_merchant_managed_fulfillment_orders scopes (third-party locations: the _third_party_ ones), or set orders.fulfilment.enabled: false'
        : 'give the REST API key read/write access, or set orders.fulfilment.enabled: false',
      3,
    );
  }
}
