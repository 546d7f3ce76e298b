import { secretValues } from '../config/mask.js';
import type { ConfigWith } from '../config/schema.js';
import type { SectionName } from '../config/sections/index.js';
import type { Connections, Role, Systems } from '../connectors/connections.js';
import { connectionsFromConfig } from '../connectors/from-config.js';
import { createRedactor, redactValue } from '../connectors/http/redact.js';
import type { CallRecord } from '../connectors/http/types.js';
import { identitiesOf } from '../connectors/identities.js';
import { runFlow, type FlowResult } from '../engine/run-flow.js';
import type { ProgressEvent } from '../engine/run-leg.js';
import { DEFAULT_ENGINE_SETTINGS } from '../engine/settings.js';
import type { FlowContext, FlowDefinition } from '../flows/flow.js';
import { openStore, type Store } from '../store/database.js';
import type { SystemIdentity } from '../store/identity.js';
import type { RunLock } from '../store/lock.js';
import { recordFailedStart } from '../store/runs.js';

export interface RunFlowOptions<R extends Role, S extends SectionName> {
  flow: FlowDefinition<R, S>;
  config: ConfigWith<R | S>;
  /** Built from the config when not given; a test may pass its own. */
  connections?: Connections<R> | undefined;
  /** The command line without secrets, for the runs table and the lock. */
  command: string;
  dryRun?: boolean | undefined;
  /** Backfill: read from this time once (never before startFrom; checkpoints never move back). */
  since?: Date | undefined;
  /** Run just these records of the first leg, and what they became in the later ones (`--order`). */
  only?: readonly string[] | undefined;
  /** Asks the run to stop after the records in flight (a signal, a time limit). */
  stop?: AbortSignal | undefined;
  onProgress?: ((event: ProgressEvent) => void) | undefined;
  onCall?: ((call: CallRecord) => void) | undefined;
  /** `iex-sync run`: several flows in one process share the open store, the run lock and who each system is (asked once). */
  shared?: SharedRun | undefined;
}

/** Who the systems of these roles are (their `/self`); `run` asks each system once for all its flows. */
export type IdentifySystems = <R extends Role>(connections: Pick<Systems, R>, roles: readonly R[]) => Promise<Record<R, SystemIdentity>>;

/** What the flows of one `iex-sync run` share: the caller opened the store, took the lock and closes both. */
export interface SharedRun {
  store: Store;
  lock: RunLock;
  identify: IdentifySystems;
}

export interface FlowRun extends FlowResult {
  /** What the flow says after a dry run, if anything. */
  note?: string | undefined;
}

/**
 * Puts a run of any flow together: the connections of the roles it uses, who each system is
 * (so bad credentials stop it at once, exit 3, and a store never mixes systems), the store, the
 * redactor, the engine's settings; then runs its legs under the transfer protocol.
 */
export async function runSyncFlow<R extends Role, S extends SectionName>(options: RunFlowOptions<R, S>): Promise<FlowRun> {
  if (options.shared) return runOn(options.shared.store, options);
  // The store first: one that cannot be opened or written (a bad path, a read-only folder) fails at once (exit 2), before any system is called.
  const store = openStore(options.config.store);
  try {
    return await runOn(store, options);
  } finally {
    store.close();
  }
}

async function runOn<R extends Role, S extends SectionName>(store: Store, options: RunFlowOptions<R, S>): Promise<FlowRun> {
  const { flow, config } = options;
  const settings = config[flow.section] as FlowContext<R, S>['settings'];
  let prepared: { connections: Connections<R>; identities: Record<R, SystemIdentity> };
  try {
    const connections = options.connections ?? (await connectionsFromConfig(config, flow.roles, options.onCall));
    prepared = { connections, identities: await (options.shared?.identify ?? identitiesOf)(connections, flow.roles) };
  } catch (error) {
    // Refused before the run began (401, unreachable, a wrong URL): recorded, so status shows the last attempt and why.
    recordFailedStart(store, { flow: flow.name, command: options.command, dryRun: options.dryRun ?? false }, error);
    throw error;
  }
  const { connections, identities } = prepared;
  const instances = Object.fromEntries(flow.roles.map((role) => [role, identities[role].instanceId])) as Record<R, string>;
  // Built only when configured; nodemailer is loaded only then.
  const mailer = config.smtp ? (await import('../connectors/mail/mailer.js')).createMailer(config.smtp) : undefined;
  const context: FlowContext<R, S> = { connections, instances, settings, timezone: config.timezone, mailer };
  await flow.checkSettings?.(context);
  if (options.only) await flow.checkSelection?.(context, options.only);
  const legs = flow.legs(context);
  const redactText = createRedactor([...connections.secrets, ...secretValues(config.smtp)]);
  const result = await runFlow({
    store,
    flow: flow.name,
    command: options.command,
    legs,
    settings: { ...DEFAULT_ENGINE_SETTINGS, ...flow.engineSettings(settings, config.timezone) },
    redact: (payload) => redactValue(payload, redactText),
    dryRun: options.dryRun ?? false,
    since: options.since,
    only: options.only,
    stop: options.stop,
    identity: flow.roles.map((role) => identities[role]),
    onProgress: options.onProgress,
    lock: options.shared ? { held: options.shared.lock } : undefined,
  }).finally(() => mailer?.close());
  return { ...result, note: options.dryRun ? flow.dryRunNote?.(result, settings) : undefined };
}
