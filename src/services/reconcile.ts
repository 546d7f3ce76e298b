import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ConfigWith } from '../config/schema.js';
import type { SectionName } from '../config/sections/index.js';
import type { Role } from '../connectors/connections.js';
import { connectionsFromConfig } from '../connectors/from-config.js';
import type { CallRecord } from '../connectors/http/types.js';
import { identitiesOf } from '../connectors/identities.js';
import type { FlowContext } from '../flows/flow.js';
import type { Finding, LogReader, ReadProgress, ReconcilePeriod, Reconciler, Tally } from '../flows/reconcile.js';
import { openStore, type Store } from '../store/database.js';
import { describeIdentity, IdentityMismatchError, planRebind, type SystemIdentity } from '../store/identity.js';
import { findLink } from '../store/links.js';

export interface ReconcileOptions {
  reconcilers: readonly Reconciler[];
  /** Every system section; the flow sections the reconcilers compare (each reads its own). */
  config: ConfigWith<Role>;
  period: ReconcilePeriod;
  onProgress?: ((progress: ReadProgress) => void) | undefined;
  onCall?: ((call: CallRecord) => void) | undefined;
}

export interface ReconcileResult {
  flows: string[];
  period: ReconcilePeriod;
  findings: Finding[];
  /** What the reconcilers counted (credit notes, drafts and booked), in the order first counted. */
  tallies: Tally[];
  /** HTTP calls made to all systems. */
  calls: number;
  /** Set when there is no local log yet: reasons and stale links could not be told. */
  note?: string | undefined;
}

/**
 * Compares what the systems hold over a period, flow by flow, and reads the local log for the
 * reasons: builds the connections of the roles the flows use, checks who each system is against the
 * store's identity (so a reconcile of other systems never reads this store's links as theirs), opens
 * the store read-only, and gathers what each flow's reconciler finds. Writes nothing anywhere.
 */
export async function reconcile(options: ReconcileOptions): Promise<ReconcileResult> {
  const { config, period } = options;
  const roles = [...new Set(options.reconcilers.flatMap((reconciler) => reconciler.roles))];
  let calls = 0;
  const onCall = (call: CallRecord) => {
    calls += 1;
    options.onCall?.(call);
  };
  const connections = await connectionsFromConfig(config, roles, onCall);
  const identities = await identitiesOf(connections, roles);
  const store = existsSync(resolve(config.store)) ? openStore(config.store, { readonly: true }) : undefined;
  try {
    if (store) assertSameSystems(store, Object.values(identities));
    const log = store ? logReader(store) : () => undefined;
    const findings: Finding[] = [];
    const tallies: Tally[] = [];
    for (const reconciler of options.reconcilers) {
      const context = {
        connections,
        instances: Object.fromEntries(roles.map((role) => [role, identities[role].instanceId])) as Record<Role, string>,
        settings: config[reconciler.section] as FlowContext<Role, SectionName>['settings'],
        timezone: config.timezone,
        period,
        log,
        onProgress: options.onProgress,
        count: (name: string, part: string) => {
          let tally = tallies.find((candidate) => candidate.flow === reconciler.flow && candidate.name === name);
          if (!tally) tallies.push((tally = { flow: reconciler.flow, name, parts: {} }));
          tally.parts[part] = (tally.parts[part] ?? 0) + 1;
        },
      };
      for await (const finding of reconciler.compare(context)) findings.push(finding);
    }
    return {
      flows: options.reconcilers.map((reconciler) => reconciler.flow),
      period,
      findings,
      tallies,
      calls,
      note: store ? undefined : `no local log at ${resolve(config.store)}: what iex-sync did (reasons, deleted targets) is not compared`,
    };
  } finally {
    store?.close();
  }
}

/** A store bound to other systems is refused, naming both (exit 2): its log says nothing about these. */
function assertSameSystems(store: Store, identities: readonly SystemIdentity[]): void {
  const [other] = planRebind(store, identities);
  if (!other) return;
  throw new IdentityMismatchError(
    `the store ${store.path} belongs to ${describeIdentity(other.from)}, but the config points at ${describeIdentity(other.to)}`,
    store.path,
    { hint: 'point "store" in the config at the store of these systems; for the same ones reached another way (a new address or account key), run iex-sync store rebind' },
  );
}

function logReader(store: Store): LogReader {
  return (key) => {
    const link = findLink(store, key);
    return link && { status: link.status, targetId: link.targetId, targetNumber: link.targetNumber, lastError: link.lastError };
  };
}

