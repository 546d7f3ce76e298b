import type { SystemIdentity } from '../store/identity.js';
import type { Role, Systems } from './connections.js';

/**
 * Who the systems of these roles are, asked of each (`/self` and the shop's own answer), for the
 * store's identity binding (README, "Guarantees": a store belongs to one set of systems). Bad credentials fail here, before anything else.
 */
export async function identitiesOf<R extends Role>(connections: Pick<Systems, R>, roles: readonly R[]): Promise<Record<R, SystemIdentity>> {
  const found = await Promise.all(roles.map((role) => identityOf(connections as Partial<Systems>, role)));
  return Object.fromEntries(found.map((identity) => [identity.role, identity])) as Record<R, SystemIdentity>;
}

async function identityOf(connections: Partial<Systems>, role: Role): Promise<SystemIdentity> {
  const { webshop, rackbeat, economic } = connections;
  if (role === 'webshop' && webshop) {
    const shop = await webshop.identity();
    return { role, system: shop.platform, instanceId: shop.id, label: shop.name };
  }
  if (role === 'rackbeat' && rackbeat) {
    const account = await rackbeat.self();
    return { role, system: 'rackbeat', instanceId: account.accountId, label: account.name };
  }
  if (role === 'economic' && economic) {
    const agreement = await economic.self();
    return { role, system: 'economic', instanceId: String(agreement.agreementNumber), label: agreement.companyName ?? `agreement ${agreement.agreementNumber}` };
  }
  throw new Error(`no ${role} connection to ask who it is`);
}
