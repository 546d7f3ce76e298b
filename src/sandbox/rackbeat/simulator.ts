import { startSimulator } from '../harness/server.js';
import type { RunningSimulator, SimRequest, SimResponse } from '../harness/types.js';
import { DEFAULT_RACKBEAT_RATE_LIMIT, rackbeatRateLimit, type RackbeatRateLimitSettings } from './rate-limit.js';
import { RackbeatRenderer } from './render.js';
import { NOT_FOUND } from './route-kit.js';
import { rackbeatRoutes } from './routes.js';
import { seedRackbeat } from './seed.js';
import { RackbeatSimState, type RackbeatSimSettings } from './state.js';

/** The simulator's fixed, obviously fake API key. */
export const RACKBEAT_SIM_API_KEY = 'sim-rackbeat-token';

export interface RackbeatSimulatorOptions {
  port?: number;
  latencyMs?: number;
  /** Seed of the harness's random source (probabilistic faults). */
  seed?: number;
  /** Settings for the unconfirmed behaviours (see RackbeatSimSettings). */
  settings?: Partial<RackbeatSimSettings>;
  /** `false` disables the limit (benchmarks raise it instead where they can). */
  rateLimit?: RackbeatRateLimitSettings | false;
  /** Start from the catalogue (default) or from an empty account. */
  seedData?: boolean;
  /** Wall clock in ms, injectable for tests. */
  clock?: () => number;
}

export interface RackbeatSimulator {
  simulator: RunningSimulator;
  /** In-process access to the account for tests: records, settings and controls. */
  state: RackbeatSimState;
  /** The `rackbeat` config section that points iex-sync at this simulator. */
  config: { url: string; apiKey: string; timezone: string };
}

/** Starts a Rackbeat simulator on loopback, seeded from the shared catalogue. */
export async function startRackbeatSimulator(options: RackbeatSimulatorOptions = {}): Promise<RackbeatSimulator> {
  const state = new RackbeatSimState(options.settings, options.clock);
  if (options.seedData !== false) seedRackbeat(state);
  let baseUrl = '';
  const render = new RackbeatRenderer(state, () => baseUrl);
  const rateLimit = options.rateLimit === false ? undefined : rackbeatRateLimit(options.rateLimit ?? DEFAULT_RACKBEAT_RATE_LIMIT);
  const simulator = await startSimulator(
    {
      system: 'rackbeat',
      routes: rackbeatRoutes({ state, render }),
      authenticate,
      ...(rateLimit ? { rateLimit } : {}),
      notFound: () => NOT_FOUND,
      clock: () => state.now(),
    },
    {
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
    },
  );
  baseUrl = simulator.url;
  return { simulator, state, config: { url: simulator.url, apiKey: RACKBEAT_SIM_API_KEY, timezone: state.settings.timeZone } };
}

/**
 * Bearer key (Rackbeat API docs, "Authentication"); Laravel Passport's default refusal
 * `{"message": "Unauthenticated."}` (inferred from Rackbeat's Laravel stack, not documented).
 */
function authenticate(request: SimRequest): SimResponse | undefined {
  if (request.headers.authorization === `Bearer ${RACKBEAT_SIM_API_KEY}`) return undefined;
  return { status: 401, body: { message: 'Unauthenticated.' } };
}
