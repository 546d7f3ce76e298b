import type { SyncConfig } from '../config/schema.js';
import type { SectionName } from '../config/sections/index.js';
import type { Role, Systems } from '../connectors/connections.js';
import type { Mailer } from '../connectors/mail/mailer.js';
import type { Leg, SourceRecord } from '../engine/leg.js';
import type { FlowResult } from '../engine/run-flow.js';
import type { EngineSettings } from '../engine/settings.js';
import type { CheckResult } from './checks.js';

/** A flow's own config section, as loaded (e.g. `orders`). */
export type FlowSettings<S extends SectionName> = NonNullable<SyncConfig[S]>;

/** What a flow's legs are built from: the connectors of its roles, who each system is, its settings. */
export interface FlowContext<R extends Role, S extends SectionName> {
  connections: Pick<Systems, R>;
  /** Each system's instance id (its identity), by role: links and checkpoints are keyed by it. */
  instances: Record<R, string>;
  settings: FlowSettings<S>;
  /** The business time zone (config `timezone`). */
  timezone: string;
  /** Mail through the `smtp` section, when the config has one (invoice mails). */
  mailer?: Mailer | undefined;
}

/**
 * A flow is a definition: the systems it needs, its config section and its
 * legs. The generic run service (src/services/run-flow.ts) builds the connections, binds the
 * store's identity, opens the store and runs the legs under the transfer protocol; a flow never
 * builds connectors, opens the store or reads links.
 */
export interface FlowDefinition<R extends Role = Role, S extends SectionName = SectionName> {
  /** `orders`: names the flow in the log, checkpoints and runs. */
  readonly name: string;
  /** The config section of the flow's own settings. */
  readonly section: S;
  /** The systems its legs use: only their config sections and credentials are needed. */
  readonly roles: readonly R[];
  /** One line for `--help` and errors: what the flow moves where. */
  readonly summary: string;
  engineSettings(settings: FlowSettings<S>, timezone: string): Pick<EngineSettings, 'startFrom' | 'lookbackMs'>;
  legs(context: FlowContext<R, S>): ReadonlyArray<Leg<SourceRecord>>;
  /** Refuses, before anything runs, settings naming what the systems do not have (a Rackbeat location): exit 2. */
  checkSettings?(context: FlowContext<R, S>): Promise<void>;
  /** Refuses, before anything runs, a selection (`--order`) naming records the source does not have. */
  checkSelection?(context: FlowContext<R, S>, ids: readonly string[]): Promise<void>;
  /** A note for people after a dry run (what the next leg would also have taken). */
  dryRunNote?(result: FlowResult, settings: FlowSettings<S>): string | undefined;
  /** `iex-sync doctor`: that what its config names exists in the systems (layouts, products, …), read only. */
  checks?(context: Omit<FlowContext<R, S>, 'instances'>): Promise<CheckResult[]>;
}
