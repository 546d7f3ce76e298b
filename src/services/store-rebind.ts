import type { ConfigWith } from '../config/schema.js';
import { connectionsFromConfig } from '../connectors/from-config.js';
import { identitiesOf } from '../connectors/identities.js';
import { openStore } from '../store/database.js';
import { describeIdentity, planRebind, rebind, type Rebinding } from '../store/identity.js';
import { acquireRunLock } from '../store/lock.js';

export interface RebindOptions {
  config: ConfigWith<'webshop' | 'rackbeat' | 'economic'>;
  /** Only say what would change. */
  dryRun: boolean;
}

/**
 * `iex-sync store rebind`: the store is bound to systems at one address (README, "Guarantees": a store belongs to one set of systems); when
 * the same shop, account or agreement is reached another way, this binds it to what the config
 * points at now and moves its links and checkpoints along, under the run lock.
 */
export async function rebindStore(options: RebindOptions): Promise<Rebinding[]> {
  const roles = ['webshop', 'rackbeat', 'economic'] as const;
  const systems = Object.values(await identitiesOf(await connectionsFromConfig(options.config, roles), roles));
  const store = openStore(options.config.store);
  try {
    const changes = planRebind(store, systems);
    if (options.dryRun || changes.length === 0) return changes;
    const lock = acquireRunLock(store, { command: 'store rebind' });
    try {
      rebind(store, changes);
    } finally {
      lock.release();
    }
    return changes;
  } finally {
    store.close();
  }
}

/** `webshop: woocommerce "Shop" (http://127.0.0.1:8080) → woocommerce "Shop" (http://localhost:8080) (12 links and 1 checkpoint move along)`. */
export function describeChange(change: Rebinding): string {
  const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  return `${change.role}: ${describeIdentity(change.from)} → ${describeIdentity(change.to)} (${count(change.links, 'link')} and ${count(change.checkpoints, 'checkpoint')} move along)`;
}
