import type { SystemIdentity } from '../store/identity.js';
import type { Connections } from './from-config.js';

/**
 * Who the configured systems are, asked of each (`/self` and the shop's own answer), for the
 * store's identity binding (design, "Identity"). Bad credentials fail here, before anything else.
 */
export async function identitiesOf(connections: Pick<Connections, 'webshop' | 'rackbeat' | 'economic'>): Promise<SystemIdentity[]> {
  const [shop, rackbeatAccount, agreement] = await Promise.all([
    connections.webshop.identity(),
    connections.rackbeat.self(),
    connections.economic.self(),
  ]);
  return [
    { role: 'webshop', system: shop.platform, instanceId: shop.id, label: shop.name },
    { role: 'rackbeat', system: 'rackbeat', instanceId: rackbeatAccount.accountId, label: rackbeatAccount.name },
    { role: 'economic', system: 'economic', instanceId: String(agreement.agreementNumber), label: agreement.companyName ?? `agreement ${agreement.agreementNumber}` },
  ];
}
