import type { ConfigWith } from '../../config/schema.js';
import { connectionsFromConfig } from '../../connectors/from-config.js';
import { createRedactor, redactValue } from '../../connectors/http/redact.js';
import type { CallRecord } from '../../connectors/http/types.js';
import type { Leg, SourceRecord } from '../../engine/leg.js';
import { runFlow, type FlowResult } from '../../engine/run-flow.js';
import type { ProgressEvent } from '../../engine/run-leg.js';
import { DEFAULT_ENGINE_SETTINGS, type EngineSettings } from '../../engine/settings.js';
import { openStore, type Store } from '../../store/database.js';
import { findLink } from '../../store/links.js';
import { LEG_RACKBEAT_ECONOMIC, rackbeatToEconomicLeg } from './rackbeat-to-economic.js';
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
  /** Asks the run to stop after the records in flight (a signal, a time limit). */
  stop?: AbortSignal | undefined;
  onProgress?: (event: ProgressEvent) => void;
  onCall?: (call: CallRecord) => void;
}

export interface OrdersRun extends FlowResult {
  /** Orders leg 1 planned in a dry run that would reach e-conomic in the same real run. */
  plannedForEconomic: number;
}

/** Opens the store first: one that cannot be opened or written (a bad path, a read-only folder) fails at once (exit 2), before any system is called. */
export async function runOrders(options: RunOrdersOptions): Promise<OrdersRun> {
  const store = openStore(options.config.store);
  try {
    return await runOrdersOn(store, options);
  } finally {
    store.close();
  }
}

/**
 * `iex-sync orders`: leg 1 (webshop → Rackbeat) then leg 2 (Rackbeat → e-conomic), under the
 * transfer protocol. Checks every system's identity (/self) before anything else, so a store never
 * mixes systems and bad credentials stop the run at once (exit 3).
 */
async function runOrdersOn(store: Store, options: RunOrdersOptions): Promise<OrdersRun> {
  const { config } = options;
  const settings: OrdersLegSettings = { ...config.orders, timezone: config.timezone };
  const connections = await connectionsFromConfig(config, options.onCall);
  const [shop, rackbeatAccount, agreement] = await Promise.all([
    connections.webshop.identity(),
    connections.rackbeat.self(),
    connections.economic.self(),
  ]);
  if (options.orderNumber !== undefined && !(await connections.webshop.orderByNumber(options.orderNumber))) {
    throw new OrderNotFoundError(options.orderNumber, shop.name);
  }
  const legs = [
    webshopToRackbeatLeg(connections.webshop, shop.id, connections.rackbeat, settings),
    rackbeatToEconomicLeg(connections.rackbeat, rackbeatAccount.accountId, connections.economic, settings),
  ] as unknown as ReadonlyArray<Leg<SourceRecord>>;

  const redactText = createRedactor(connections.secrets);
  const result = await runFlow({
    store,
    flow: 'orders',
    command: options.command,
    legs,
    settings: engineSettings(config),
    redact: (payload) => redactValue(payload, redactText),
    dryRun: options.dryRun ?? false,
    since: options.since,
    select: options.orderNumber === undefined ? undefined : selectOneOrder(store, shop.id, options.orderNumber),
    identity: [
      { role: 'webshop', system: shop.platform, instanceId: shop.id, label: shop.name },
      { role: 'rackbeat', system: 'rackbeat', instanceId: rackbeatAccount.accountId, label: rackbeatAccount.name },
      { role: 'economic', system: 'economic', instanceId: String(agreement.agreementNumber), label: agreement.companyName ?? `agreement ${agreement.agreementNumber}` },
    ],
    stop: options.stop,
    onProgress: options.onProgress,
  });
  const leg1 = result.legs.find((leg) => leg.leg === LEG_WEBSHOP_RACKBEAT);
  const plannedForEconomic = options.dryRun && config.orders.rackbeat.book ? (leg1?.counts.dryRun ?? 0) : 0;
  return { ...result, plannedForEconomic };
}

function engineSettings(config: OrdersConfig): EngineSettings {
  return {
    ...DEFAULT_ENGINE_SETTINGS,
    startFrom: startFromInstant(config.orders.startFrom, config.timezone),
    lookbackMs: config.orders.lookbackMinutes * 60_000,
  };
}

/**
 * `--order 1042`: leg 1 takes just that webshop order; leg 2 takes the Rackbeat order it became
 * (read from its link after leg 1 ran), so both legs adopt what exists and create only what is missing.
 */
function selectOneOrder(store: ReturnType<typeof openStore>, shopInstance: string, orderNumber: string) {
  const number = orderNumber.replace(/^#/, '');
  return (leg: Leg<SourceRecord>): string[] => {
    if (leg.name !== LEG_RACKBEAT_ECONOMIC) return [number];
    const link = findLink(store, { leg: LEG_WEBSHOP_RACKBEAT, step: 'rackbeat-order', sourceInstance: shopInstance, sourceId: number });
    return link?.status === 'ok' && link.targetId ? [link.targetId] : [];
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
