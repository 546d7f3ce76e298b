import { afterEach } from 'vitest';
import { createRackbeatClient, type RackbeatClient, type RackbeatClientOptions } from '../../src/connectors/rackbeat/client.js';
import { startRackbeatSimulator, type RackbeatSimulator } from '../../src/sandbox/rackbeat/simulator.js';

/**
 * Starts Rackbeat simulators for the current test, each with our client pointed at it (its rate limit
 * far above what a test asks, so nothing waits), and closes them after the test.
 */
export function useRackbeatSimulator(): (options?: Partial<RackbeatClientOptions>) => Promise<{ sim: RackbeatSimulator; client: RackbeatClient }> {
  const running: RackbeatSimulator[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((sim) => sim.simulator.close()));
  });
  return async (options = {}) => {
    const sim = await startRackbeatSimulator();
    running.push(sim);
    return { sim, client: createRackbeatClient({ ...sim.config, rateLimit: { capacity: 1000, refillPerSecond: 10_000 }, ...options }) };
  };
}
