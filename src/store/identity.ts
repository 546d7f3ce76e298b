import { inTransaction, nowIso, type Store } from './database.js';
import { IdentityMismatchError } from './errors.js';

export { IdentityMismatchError } from './errors.js';

export type IdentityRole = 'webshop' | 'rackbeat' | 'economic';

/** One system a store syncs (design, "Identity"). */
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
          `the store ${store.path} belongs to ${describe(existing)}, but the config points at ${describe(wanted)}: ` +
            'use another store file for these systems (set "store" in the config)',
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

function describe(identity: SystemIdentity): string {
  return `${identity.system} "${identity.label}" (${identity.instanceId})`;
}
