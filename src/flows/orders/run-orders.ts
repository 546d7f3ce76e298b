import type { ConfigWith } from '../../config/schema.js';
import { connectionsFromConfig } from '../../connectors/from-config.js';
import { identitiesOf } from '../../connectors/identities.js';
import { createRedactor, redactValue } from '../../connectors/http/redact.js';
import type { CallRecord } from '../../connectors/http/types.js';
import type { Leg, SourceRecord } from '../../engine/leg.js';
import { runFlow, type FlowResult } from '../../engine/run-flow.js';
import type { ProgressEvent } from '../../engine/run-leg.js';
import { DEFAULT_ENGINE_SETTINGS, type EngineSettings } from '../../engine/settings.js';
import { openStore } from '../../store/database.js';
import type { SystemIdentity } from '../../store/identity.js';
import { rackbeatToEconomicLeg } from './rackbeat-to-economic.js';
import { startFromInstant, type OrdersLegSettings } from './settings.js';
import { LEG_WEBSHOP_RACKBEAT, webshopToRackbeatLeg } from './webshop-to-rackbeat.js';

export type OrdersConfig = ConfigWith<'webshop' | 'rackbeat' | 'economic' | 'orders'>;

export interface RunOrdersOptions {
  config: OrdersConfig;
  /** The command line without secrets, for the runs table and the lock. */
  command: string;
  dryRun?: boolean;
  /** Backfill: read from this time once (never before startFrom; checkpoints never move back). */
  since?: Date | undefined;
  /** Run just this webshop order through both legs (adopting what exists). */
  orderNumber?: string | undefined;
  onProgress?: (event: ProgressEvent) => void;
  onCall?: (call: CallRecord) => void;
}

export interface OrdersRun extends FlowResult {
  /** Orders leg 1 planned in a dry run that would reach e-conomic in the same real run. */
  plannedForEconomic: number;
}

/**
 * `iex-sync orders`: leg 1 (webshop → Rackbeat) then leg 2 (Rackbeat → e-conomic), under the
 * transfer protocol. Checks every system's identity (/self) before anything else, so a store never
 * mixes systems and bad credentials stop the run at once (exit 3).
 */
export async function runOrders(options: RunOrdersOptions): Promise<OrdersRun> {
  const { config } = options;
  const settings: OrdersLegSettings = { ...config.orders, timezone: config.timezone };
  const connections = await connectionsFromConfig(config, options.onCall);
  const identity = await identitiesOf(connections);
  const [shop, rackbeatAccount] = identity as [SystemIdentity, SystemIdentity, SystemIdentity];
  if (options.orderNumber !== undefined && !(await connections.webshop.orderByNumber(options.orderNumber))) {
    throw new OrderNotFoundError(options.orderNumber, shop.label);
  }
  const legs = [
    webshopToRackbeatLeg(connections.webshop, shop.instanceId, connections.rackbeat, settings),
    rackbeatToEconomicLeg(connections.rackbeat, rackbeatAccount.instanceId, connections.economic, settings),
  ] as unknown as ReadonlyArray<Leg<SourceRecord>>;

  const redactText = createRedactor(connections.secrets);
  const store = openStore(config.store);
  try {
    const result = await runFlow({
      store,
      flow: 'orders',
      command: options.command,
      legs,
      settings: engineSettings(config),
      redact: (payload) => redactValue(payload, redactText),
      dryRun: options.dryRun ?? false,
      since: options.since,
      only: options.orderNumber === undefined ? undefined : [options.orderNumber.replace(/^#/, '')],
      identity,
      onProgress: options.onProgress,
    });
    const leg1 = result.legs.find((leg) => leg.leg === LEG_WEBSHOP_RACKBEAT);
    const plannedForEconomic = options.dryRun && config.orders.rackbeat.book ? (leg1?.counts.dryRun ?? 0) : 0;
    return { ...result, plannedForEconomic };
  } finally {
    store.close();
  }
}

function engineSettings(config: OrdersConfig): EngineSettings {
  return {
    ...DEFAULT_ENGINE_SETTINGS,
    startFrom: startFromInstant(config.orders.startFrom, config.timezone),
    lookbackMs: config.orders.lookbackMinutes * 60_000,
  };
}

/** `--order N` names an order the webshop does not have: a usage error (exit 2), nothing is run. */
export class OrderNotFoundError extends Error {
  override readonly name = 'OrderNotFoundError';
  readonly exitCode = 2;
  readonly hint = 'give the order number as the shop shows it (e.g. 1042 or #1042)';

  constructor(orderNumber: string, shopName: string) {
    super(`the webshop ${shopName} has no order ${orderNumber}`);
  }
}
