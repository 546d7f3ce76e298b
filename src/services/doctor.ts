import { existsSync } from 'node:fs';
import { ConfigError } from '../config/errors.js';
import { loadWholeConfig } from '../config/load.js';
import type { ConfigWith, SyncConfig } from '../config/schema.js';
import type { SectionName } from '../config/sections/index.js';
import type { Connections, Role } from '../connectors/connections.js';
import { connectionsFromConfig } from '../connectors/from-config.js';
import { identitiesOf } from '../connectors/identities.js';
import { combineExitCodes, ExitCode } from '../domain/errors.js';
import { checking, failed, passed, warned, type CheckResult } from '../flows/checks.js';
import { FLOWS } from '../flows/registry.js';
import { openStore } from '../store/database.js';
import { boundIdentity, describeIdentity, type SystemIdentity } from '../store/identity.js';

export interface DoctorOptions {
  /** `-c`; else $IEX_SYNC_CONFIG; else found from `cwd`. */
  path?: string | undefined;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface DoctorReport {
  checks: CheckResult[];
  /** 0 only when every check holds (warnings allowed); else the failures' codes combined (2 setup, 3 a system). */
  exitCode: number;
}

const ROLES: readonly Role[] = ['webshop', 'rackbeat', 'economic'];
/** Beyond this, times compared across systems (cut-over, cursors, backoff) are off by more than a run's lookback can absorb at its smallest. */
const SKEW_LIMIT_MS = 2 * 60_000;
const ROLE_LABELS: Record<Role, string> = { webshop: 'webshop', rackbeat: 'Rackbeat', economic: 'e-conomic' };

/**
 * `iex-sync doctor`: the config valid; each system reachable with its credentials, and which shop,
 * Rackbeat account and e-conomic agreement they are; each system's clock against ours; the store's
 * identity binding; then each configured flow's own checks (what its config names exists, Rackbeat's
 * own e-conomic app). Reads only: it writes to no system and not to the store.
 */
export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const checks: CheckResult[] = [];
  let config: SyncConfig;
  try {
    const loaded = await loadWholeConfig(options);
    config = loaded.config;
    checks.push(passed('config', `${loaded.file ?? 'the config'} is valid`));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    checks.push(...error.problems.map((problem) => failed('config', problem, 'edit the config as the line says, then run iex-sync doctor again')));
    return report(checks);
  }
  const roles = ROLES.filter((role) => config[role] !== undefined);
  const connections = await connectionsFromConfig(config as ConfigWith<Role>, roles);
  const identities = new Map<Role, SystemIdentity>();
  for (const role of roles) {
    const [identity] = await checking(ROLE_LABELS[role], async () => {
      const found = (await identitiesOf(connections, [role]))[role];
      identities.set(role, found);
      return passed(ROLE_LABELS[role], `reachable, credentials accepted: ${describeIdentity(found)}`);
    });
    checks.push(identity as CheckResult);
  }
  for (const role of identities.keys()) checks.push(clockCheck(role, connections));
  checks.push(storeCheck(config.store, [...identities.values()]));
  for (const flow of FLOWS) {
    const settings = config[flow.section];
    if (settings === undefined || !flow.checks) continue;
    const unconfigured = flow.roles.filter((role) => config[role] === undefined);
    if (unconfigured.length > 0) {
      checks.push(failed(`the ${flow.name} flow`, `needs the ${unconfigured.join(', ')} section${unconfigured.length === 1 ? '' : 's'}, and the config has none`, `add ${unconfigured.map((role) => `${role}:`).join(', ')} to the config (see sync.config.example.yaml)`));
      continue;
    }
    const missing = flow.roles.filter((role) => !identities.has(role));
    if (missing.length > 0) {
      checks.push(warned(`the ${flow.name} flow`, `not checked: ${missing.map((role) => ROLE_LABELS[role]).join(', ')} did not answer`, 'fix the lines above, then run iex-sync doctor again'));
      continue;
    }
    checks.push(...(await flow.checks({ connections, settings: settings as NonNullable<SyncConfig[SectionName]>, timezone: config.timezone })));
  }
  checks.push(...notifyChecks(config));
  return report(checks);
}

function report(checks: CheckResult[]): DoctorReport {
  const codes = checks.filter((check) => check.status === 'failed').map((check) => check.exitCode ?? ExitCode.usage);
  return { checks, exitCode: combineExitCodes(...codes) };
}

function clockCheck(role: Role, connections: Connections<Role>): CheckResult {
  const skew = role === 'webshop' ? connections.webshop.clockSkewMs() : role === 'rackbeat' ? connections.rackbeat.http.clockSkewMs() : connections.economic.clockSkewMs();
  const name = `clock against ${ROLE_LABELS[role]}`;
  if (skew === undefined) return warned(name, 'its answers carry no Date header to compare with', 'nothing to do unless runs miss records; then compare the clocks by hand');
  const seconds = Math.round(Math.abs(skew) / 1000);
  const side = skew < 0 ? 'behind' : 'ahead of';
  if (Math.abs(skew) <= SKEW_LIMIT_MS) return passed(name, `${ROLE_LABELS[role]} is ${seconds} s ${side} this machine`);
  return failed(
    name,
    `${ROLE_LABELS[role]}'s clock is ${seconds} s ${side} this machine's`,
    "set this machine's clock by NTP (timedatectl set-ntp true, or chrony); if only this system disagrees and this machine agrees with the others, the system's clock is off: tell its operator",
  );
}

/** The store belongs to one set of systems (README, "Guarantees"): the config must point at those. */
function storeCheck(path: string, found: readonly SystemIdentity[]): CheckResult {
  if (!existsSync(path)) return passed('store', `none yet at ${path}: the first run creates it and binds it to these systems`);
  let bound: SystemIdentity[];
  try {
    const store = openStore(path, { readonly: true });
    try {
      bound = boundIdentity(store);
    } finally {
      store.close();
    }
  } catch (error) {
    const hint = (error as { hint?: unknown } | null)?.hint;
    return failed('store', error instanceof Error ? error.message : String(error), typeof hint === 'string' ? hint : 'point "store" in the config at a store file this user can read');
  }
  const mismatched = found.flatMap((system) => {
    const existing = bound.find((row) => row.role === system.role);
    return existing && (existing.system !== system.system || existing.instanceId !== system.instanceId) ? [{ existing, system }] : [];
  });
  if (mismatched.length > 0) {
    const text = mismatched.map(({ existing, system }) => `it belongs to ${describeIdentity(existing)}, the config points at ${describeIdentity(system)}`).join('; ');
    return failed('store', `${path}: ${text}`, 'use another store file for other systems (set "store" in the config); for the same ones reached another way (a new address or key), run iex-sync store rebind');
  }
  const unbound = found.filter((system) => !bound.some((row) => row.role === system.role));
  const boundText = bound.length > 0 ? `bound to ${bound.map(describeIdentity).join(', ')}` : 'not bound yet';
  return passed('store', `${path}: ${boundText}${unbound.length > 0 && bound.length > 0 ? `; the next run also binds ${unbound.map(describeIdentity).join(', ')}` : ''}`);
}

/** Where notices go, named without secrets (a webhook's host, never its path); nothing is sent. */
function notifyChecks(config: SyncConfig): CheckResult[] {
  const { notify } = config;
  if (!notify) return [warned('notify', 'no notify section: failures reach nobody unless cron mails what a run prints', 'add a notify section (webhook or e-mail; see sync.config.example.yaml)')];
  if (notify.email && !config.smtp) return [failed('notify.email', 'e-mail notices need the smtp section, and there is none', 'add smtp: (host, port, user, password) to the config')];
  const channels = [
    notify.webhook ? `a ${notify.webhook.format} webhook at ${new URL(notify.webhook.url).host}` : '',
    notify.email && config.smtp ? `e-mail to ${[notify.email.to].flat().join(', ')} via ${config.smtp.host}:${config.smtp.port}` : '',
  ].filter(Boolean);
  if (channels.length === 0) return [warned('notify', 'the notify section names no webhook and no email: nobody is told of failures', 'add notify.webhook or notify.email (see sync.config.example.yaml)')];
  return [passed('notify', `${channels.join(' and ')}${notify.daily ? `; daily report after ${notify.daily} ${config.timezone}` : ''}`)];
}
