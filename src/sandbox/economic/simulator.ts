import { startSimulator } from '../harness/server.js';
import type { RunningSimulator, SimRequest, SimResponse, SimulatorServerOptions } from '../harness/types.js';
import type { CollectionSettings } from './collection.js';
import { ERROR_CODES, errorResponse } from './errors.js';
import { IdempotencyCache, type IdempotencySettings } from './idempotency.js';
import { DEFAULT_RATE_LIMIT, economicRateLimit, type EconomicRateLimitSettings } from './rate-limit.js';
import { economicRoutes } from './routes.js';
import { EconomicSimState } from './state.js';

/** Fixed, obviously fake credentials of the simulated agreement. */
export const SIM_APP_SECRET_TOKEN = 'sim-economic-app-secret';
export const SIM_AGREEMENT_GRANT_TOKEN = 'sim-economic-agreement-grant';

/** Settings of the start function; the unconfirmed behaviours are here with their defaults. */
export interface EconomicSimulatorOptions extends SimulatorServerOptions {
  rateLimit?: Partial<EconomicRateLimitSettings>;
  /** UNCONFIRMED: pagesize above 1000 is refused (default) or clamped. */
  oversizedPage?: CollectionSettings['oversizedPage'];
  /**
   * Whether the published `$[`/`$]` escapes are honoured (default false: they are not, as observed
   * on a trial agreement).
   */
  bracketEscapes?: boolean;
  /** UNCONFIRMED: a reused Idempotency-Key with another body replays (default) or is refused. */
  idempotencyKeyReuse?: IdempotencySettings['keyReuse'];
  /** The clock for lastUpdated and the idempotency window (ms since epoch). */
  now?: () => number;
}

export type EconomicConfigSection = {
  url: string;
  appSecretToken: string;
  agreementGrantToken: string;
};

export interface StartedEconomicSimulator {
  simulator: RunningSimulator;
  state: EconomicSimState;
  config: EconomicConfigSection;
}

/**
 * Both tokens are needed, neither works alone; missing or wrong → 401 (e-conomic REST docs,
 * "TL;DR", "HTTP Status Codes").
 */
function authenticate(request: SimRequest): SimResponse | undefined {
  const app = request.headers['x-appsecrettoken'];
  const grant = request.headers['x-agreementgranttoken'];
  if (app === SIM_APP_SECRET_TOKEN && grant === SIM_AGREEMENT_GRANT_TOKEN) return undefined;
  return errorResponse(
    401,
    ERROR_CODES.unauthorized,
    'Unauthorized: the X-AppSecretToken or X-AgreementGrantToken header is missing or not valid.',
    'Send both tokens. The demo agreement answers GET requests with the value demo for both.',
  );
}

export async function startEconomicSimulator(options: EconomicSimulatorOptions = {}): Promise<StartedEconomicSimulator> {
  const now = options.now ?? Date.now;
  const state = new EconomicSimState(() => new Date(now()));
  const idempotency = new IdempotencyCache({ keyReuse: options.idempotencyKeyReuse ?? 'replay', ttlMs: 3_600_000, now });
  const collections: CollectionSettings = {
    oversizedPage: options.oversizedPage ?? 'reject',
    bracketEscapes: options.bracketEscapes ?? false,
  };
  const simulator = await startSimulator(
    {
      system: 'economic',
      routes: economicRoutes({ state, idempotency, collections }),
      authenticate,
      rateLimit: economicRateLimit({ ...DEFAULT_RATE_LIMIT, ...options.rateLimit, ...(options.now ? { now } : {}) }),
      notFound: () => errorResponse(404, ERROR_CODES.notFound, 'Resource not found.', 'Check the URL.'),
      clock: now,
    },
    options,
  );
  return {
    simulator,
    state,
    config: { url: simulator.url, appSecretToken: SIM_APP_SECRET_TOKEN, agreementGrantToken: SIM_AGREEMENT_GRANT_TOKEN },
  };
}
