import { inTransaction, nowIso, type Store } from './database.js';
import { IdentityMismatchError } from './errors.js';

export { IdentityMismatchError } from './errors.js';

export type IdentityRole = 'webshop' | 'rackbeat' | 'economic';

/** One system a store syncs (README, "Guarantees": a store belongs to one set of systems). */
export interface SystemIdentity {
  role: IdentityRole;
  /** woocommerce | shopify | rackbeat | economic */
  system: string;
  /** The shop's URL, the Rackbeat account id, the e-conomic agreement number. */
  instanceId: string;
  /** A name people recognise, for messages. */
  label: string;
}

/**
 * Binds the store to these systems on first use; afterwards refuses (IdentityMismatchError, exit 2)
 * when any of them differs, naming both, so sandbox data never meets real systems. A role not bound
 * yet (e.g. the first run of a flow that adds e-conomic) is bound now.
 */
export function bindIdentity(store: Store, systems: readonly SystemIdentity[]): void {
  inTransaction(store, () => {
    const bound = boundIdentity(store);
    for (const wanted of systems) {
      const existing = bound.find((row) => row.role === wanted.role);
      if (!existing) {
        store.db
          .prepare('INSERT INTO identity (role, system, instance_id, label, bound_at) VALUES (?, ?, ?, ?, ?)')
          .run(wanted.role, wanted.system, wanted.instanceId, wanted.label, nowIso(store));
      } else if (existing.system !== wanted.system || existing.instanceId !== wanted.instanceId) {
        throw new IdentityMismatchError(
          `the store ${store.path} belongs to ${describeIdentity(existing)}, but the config points at ${describeIdentity(wanted)}: ` +
            'use another store file for other systems (set "store" in the config); for the same ones reached another way (a new address or account key), run iex-sync store rebind',
          store.path,
        );
      }
    }
  });
}

export function boundIdentity(store: Store): SystemIdentity[] {
  const rows = store.db.prepare('SELECT role, system, instance_id, label FROM identity ORDER BY role').all() as Array<{
    role: IdentityRole;
    system: string;
    instance_id: string;
    label: string;
  }>;
  return rows.map((row) => ({ role: row.role, system: row.system, instanceId: row.instance_id, label: row.label }));
}

/** `woocommerce "My Shop" (https://shop.example)`, for messages. */
export function describeIdentity(identity: SystemIdentity): string {
  return `${identity.system} "${identity.label}" (${identity.instanceId})`;
}

/** One role whose binding changes: the systems the store had, and the ones the config points at now. */
export interface Rebinding {
  role: IdentityRole;
  from: SystemIdentity;
  to: SystemIdentity;
  /** Links and checkpoints keyed by the old instance, that move to the new one. */
  links: number;
  checkpoints: number;
}

/** What `store rebind` would change: every bound role whose system differs from `systems`. */
export function planRebind(store: Store, systems: readonly SystemIdentity[]): Rebinding[] {
  const count = (sql: string, instance: string) => (store.db.prepare(sql).get(instance) as { n: number }).n;
  return boundIdentity(store).flatMap((from) => {
    const to = systems.find((wanted) => wanted.role === from.role);
    if (!to || (to.system === from.system && to.instanceId === from.instanceId)) return [];
    return [{
      role: from.role,
      from,
      to,
      links: count('SELECT count(*) AS n FROM links WHERE source_instance = ?', from.instanceId),
      checkpoints: count('SELECT count(*) AS n FROM checkpoints WHERE source_instance = ?', from.instanceId),
    }];
  });
}

/**
 * Binds the store to the same systems at their new address (`store rebind`): each changed role's
 * identity is replaced, and its links and checkpoints move along, so nothing is read or looked up
 * again. Meant for one shop, account or agreement reached another way, never for other systems.
 */
export function rebind(store: Store, changes: readonly Rebinding[]): void {
  inTransaction(store, () => {
    for (const change of changes) {
      store.db
        .prepare('UPDATE identity SET system = ?, instance_id = ?, label = ?, bound_at = ? WHERE role = ?')
        .run(change.to.system, change.to.instanceId, change.to.label, nowIso(store), change.role);
      store.db.prepare('UPDATE links SET source_instance = ? WHERE source_instance = ?').run(change.to.instanceId, change.from.instanceId);
      store.db.prepare('UPDATE checkpoints SET source_instance = ? WHERE source_instance = ?').run(change.to.instanceId, change.from.instanceId);
    }
  });
}
