import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runMain } from '../cli/run-cli.js';
import { PLATFORMS, useFlowWorld, type FlowWorld } from './world/world.js';

/**
 * Secrets never appear in output, logs, history or the store (issue 2, item 10), here for the
 * command that talks to every system: `orders -v` prints every call, the transfer log keeps every
 * payload, and a failed order prints its error. WooCommerce signs with OAuth 1.0a over plain HTTP,
 * so its consumer key travels in every query string.
 */
describe.each(PLATFORMS)('secrets in an orders run with %s', (platform) => {
  const startWorld = useFlowWorld();
  let systems: FlowWorld;

  beforeEach(async () => {
    systems = await startWorld({ platform, seededOrders: 8 });
  });

  it('are in nothing the run printed, exported or stored', async () => {
    const { dir, configPath: configFile } = systems;
    const secrets = [
      ...Object.entries({ ...systems.shop.config, ...systems.rackbeat.config, ...systems.economic.config })
        .filter(([key]) => /key|secret|token/i.test(key))
        .map(([, value]) => String(value)),
    ];
    expect(secrets.length).toBeGreaterThanOrEqual(4);

    const outputs: string[] = [];
    for (const args of [['-v', 'orders'], ['-v', 'orders', '--dry-run'], ['--json', 'history'], ['--json', 'status'], ['config', 'check']]) {
      const result = await runMain(['-c', configFile, ...args], { cwd: dir });
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      outputs.push(result.stdout, result.stderr);
    }
    expect(outputs.join('\n')).toMatch(/(GET|POST) \S+ → 20\d/); // -v did print the calls
    const stored = readdirSync(dir)
      .filter((file) => file.startsWith('iex-sync.db'))
      .map((file) => readFileSync(join(dir, file)).toString('latin1'));
    expect(stored.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      for (const text of [...outputs, ...stored]) expect(text.includes(secret), `secret ${secret.slice(0, 4)}… leaked`).toBe(false);
    }
  });
});
