import { ConfigError } from '../config/errors.js';
import type { ConfigWith, SyncConfig } from '../config/schema.js';
import type { SectionName } from '../config/sections/index.js';
import type { Connections, Role } from '../connectors/connections.js';
import { connectionsFromConfig } from '../connectors/from-config.js';
import { isSyncHttpError } from '../connectors/http/errors.js';
import type { CallRecord } from '../connectors/http/types.js';
import { identitiesOf } from '../connectors/identities.js';
import { notifyChannelsFromConfig } from '../connectors/notify/from-config.js';
import type { ProgressEvent } from '../engine/run-leg.js';
import { combineExitCodes, ExitCode, SyncError, UsageError } from '../domain/errors.js';
import type { FlowDefinition } from '../flows/flow.js';
import { FLOWS } from '../flows/registry.js';
import { openStore, type Store } from '../store/database.js';
import type { SystemIdentity } from '../store/identity.js';
import { acquireRunLock } from '../store/lock.js';
import { makeFailuresDue, type RetriedRecord, type RetryFilter } from '../store/retry.js';
import { notifyAfterRun, type FlowFailureKind, type FlowNoticeInput, type NotifyResult } from './notify.js';
import { runSyncFlow, type FlowRun, type IdentifySystems, type SharedRun } from './run-flow.js';

export interface RunAllOptions {
  /** The whole config (every section the file has). */
  config: SyncConfig;
  /** `--only orders,stock`: just these flows (each must be configured). */
  only?: readonly string[] | undefined;
  dryRun?: boolean | undefined;
  /** The command line without secrets, for the runs table and the lock (`run -q`). */
  command: string;
  /** Asks the run to stop after the records in flight; flows not yet started do not start. */
  stop?: AbortSignal | undefined;
  /** The store's clock (tests move it: notification dedup, the daily report). */
  clock?: (() => Date) | undefined;
  /** Called as each flow starts: where its progress goes, and what to do when it is over. */
  onFlowStart?: ((flow: string) => Promise<FlowProgress>) | undefined;
  onCall?: ((call: CallRecord) => void) | undefined;
  /** `iex-sync retry`: these failures become due now (under the lock), and only their flows run. */
  retry?: RetryFilter | undefined;
  /** The flows, in order; the registry's unless a test gives its own. */
  flows?: readonly AnyFlow[] | undefined;
}

export interface FlowProgress {
  onProgress?: ((event: ProgressEvent) => void) | undefined;
  stop(): void;
}

/** What became of one flow in a run. */
export type FlowOutcome =
  | { flow: string; state: 'paused'; section: string }
  | { flow: string; state: 'ran'; run: FlowRun; durationMs: number }
  | { flow: string; state: 'failed'; error: SyncError }
  | { flow: string; state: 'not-started' };

export interface RunAllResult {
  flows: FlowOutcome[];
  /** The flows' codes combined (75, 2, 3, 1). */
  exitCode: number;
  /** Undefined when nothing is configured to notify, and on a dry run. */
  notify?: NotifyResult | undefined;
  /** `retry`: the records made due, as (flow, record). */
  retried?: RetriedRecord[] | undefined;
}

type AnyFlow = FlowDefinition<Role, SectionName>;

/**
 * `iex-sync run`: every enabled flow in the registry's order (products → orders → stock) under
 * one run lock, in one store, each system asked who it is once; a paused flow (`enabled: false`)
 * is skipped. A flow that cannot start (credentials refused, a system down) does not keep the
 * others from running. Then the notices: what is news since the last run, and the daily report.
 */
export async function runAll(options: RunAllOptions): Promise<RunAllResult> {
  const { config } = options;
  const plan = planFlows(config, options.only, options.flows);
  const store = openStore(config.store, options.clock ? { clock: options.clock } : {});
  try {
    const lock = acquireRunLock(store, { command: options.command });
    try {
      const retried = options.retry ? retryFirst(store, options.retry) : undefined;
      const planned = retried ? plan.filter((entry) => retried.some((each) => each.flow === entry.flow.name)) : plan;
      const active = planned.filter((entry) => !entry.paused).map((entry) => entry.flow);
      const roles = [...new Set(active.flatMap((flow) => flow.roles))];
      const connections = active.length === 0 ? undefined : await connectionsFromConfig(config as ConfigWith<Role>, roles, options.onCall);
      const shared = { store, lock, identify: identifyOnce() };
      const flows: FlowOutcome[] = [];
      for (const { flow, paused } of planned) {
        if (paused) flows.push({ flow: flow.name, state: 'paused', section: flow.section });
        // Stopped (a signal, --max-runtime) or the lock taken over: the flows not started wait for the next run.
        else if (options.stop?.aborted || lock.lost() || !connections) flows.push({ flow: flow.name, state: 'not-started' });
        else flows.push(await runOne(flow, { ...options, connections, shared }));
      }
      const channels = config.notify ? notifyChannelsFromConfig(config.notify, config.smtp) : [];
      // Nobody to tell (no notify section, or one without a channel), or a dry run: nothing is noted as told either.
      const notify =
        options.dryRun || !config.notify || channels.length === 0
          ? undefined
          : await notifyAfterRun({
              store,
              settings: config.notify,
              timezone: config.timezone,
              channels,
              flows: flows.flatMap(noticeInput),
              about: config.webshop ? new URL(config.webshop.url).host : undefined,
            });
      return { flows, exitCode: combineExitCodes(...flows.map(exitCodeOfOutcome)), notify, retried };
    } finally {
      lock.release();
    }
  } finally {
    store.close();
  }
}

async function runOne(
  flow: AnyFlow,
  options: RunAllOptions & { connections: Connections<Role>; shared: SharedRun },
): Promise<FlowOutcome> {
  const started = Date.now();
  const progress = await options.onFlowStart?.(flow.name);
  try {
    const run = await runSyncFlow({
      flow,
      config: options.config as ConfigWith<Role | SectionName>,
      connections: options.connections,
      command: options.command,
      dryRun: options.dryRun,
      stop: options.stop,
      onProgress: progress?.onProgress,
      shared: options.shared,
    });
    return { flow: flow.name, state: 'ran', run, durationMs: Date.now() - started };
  } catch (error) {
    // Refused before it began (and recorded so): the other flows still run.
    if (error instanceof SyncError && error.exitCode !== ExitCode.lockHeld) return { flow: flow.name, state: 'failed', error };
    throw error;
  } finally {
    progress?.stop();
  }
}

/** Makes the failures the filter names due now; a filter that names none is a usage error (exit 2), before any system is called. */
function retryFirst(store: Store, filter: RetryFilter): RetriedRecord[] {
  const retried = makeFailuresDue(store, filter);
  if (retried.length === 0) {
    const what = filter.sources ? `record ${filter.sources.join(', ')}` : 'record';
    throw new UsageError(`nothing to retry: no failed or given-up ${what}${filter.flow ? ` in the ${filter.flow} flow` : ''}`, 'iex-sync status lists what is open; iex-sync history --status failed shows each failure');
  }
  return retried;
}

/** Asks each system who it is once for every flow of the run; a refusal fails each flow that needs that system. */
function identifyOnce(): IdentifySystems {
  const asked = new Map<Role, Promise<SystemIdentity>>();
  return async (connections, roles) => {
    const found = await Promise.all(
      roles.map(async (role) => {
        let identity = asked.get(role);
        if (!identity) {
          identity = identitiesOf(connections, [role]).then((identities) => identities[role]);
          asked.set(role, identity);
        }
        return [role, await identity] as const;
      }),
    );
    return Object.fromEntries(found) as Record<(typeof roles)[number], SystemIdentity>;
  };
}

/**
 * The flows to run, in order, and which are paused; throws, before anything runs, for a config
 * that cannot work: an unknown or unconfigured flow named by --only, no flow configured, a section
 * a flow's systems need missing, e-mail notices without an smtp section.
 */
export function planFlows(config: SyncConfig, only: readonly string[] | undefined, flows: readonly AnyFlow[] = FLOWS): Array<{ flow: AnyFlow; paused: boolean }> {
  const names = flows.map((flow) => flow.name);
  const unknown = (only ?? []).filter((name) => !names.includes(name));
  if (unknown.length > 0) throw new UsageError(`--only: no flow is called ${unknown.join(', ')}`, `the flows are ${names.join(', ')}`);
  const problems: string[] = [];
  const chosen = flows.filter((flow) => only === undefined || only.includes(flow.name));
  const configured = chosen.filter((flow) => {
    if (config[flow.section] !== undefined) return true;
    if (only !== undefined) problems.push(`--only ${flow.name}: the ${flow.section} section is required: add ${flow.section}: to the config (see sync.config.example.yaml)`);
    return false;
  });
  if (configured.length === 0 && problems.length === 0) {
    problems.push(`no flow is configured: add a section for at least one of ${names.join(', ')} to the config (see sync.config.example.yaml)`);
  }
  const plan = configured.map((flow) => ({ flow, paused: (config[flow.section] as { enabled?: boolean }).enabled === false }));
  const roles = new Set(plan.filter((entry) => !entry.paused).flatMap((entry) => entry.flow.roles));
  for (const role of roles) {
    if (config[role] === undefined) problems.push(`the ${role} section is required here: add ${role}: to the config (see sync.config.example.yaml)`);
  }
  if (config.notify?.email && !config.smtp) problems.push('notify.email sends through the smtp section: add smtp: (host, port, user, password) to the config');
  if (problems.length > 0) throw new ConfigError(problems);
  return plan;
}

function exitCodeOfOutcome(outcome: FlowOutcome): number {
  if (outcome.state === 'ran') return outcome.run.exitCode;
  if (outcome.state === 'failed') return outcome.error.exitCode;
  return ExitCode.ok;
}

/** What the notices need to know of a flow's outcome. A paused or unstarted flow tells nothing. */
function noticeInput(outcome: FlowOutcome): FlowNoticeInput[] {
  if (outcome.state === 'failed') return [{ flow: outcome.flow, failure: { kind: failureKind(outcome.error), message: outcome.error.message, hint: outcome.error.hint } }];
  if (outcome.state !== 'ran') return [];
  const { run } = outcome;
  // Stopped part-way by a system that went down: its records' problems are known all the same.
  const down = run.exitCode === ExitCode.systemRefused && run.message !== undefined;
  return [{ flow: outcome.flow, open: run.open, failure: down ? { kind: 'down', message: run.message ?? '', hint: run.hint } : undefined }];
}

function failureKind(error: SyncError): FlowFailureKind {
  if (isSyncHttpError(error) && (error.kind === 'auth' || error.kind === 'forbidden')) return 'credentials';
  return error.exitCode === ExitCode.systemRefused ? 'down' : 'config';
}
