import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startSimulator } from '../../src/sandbox/harness/server.js';
import { SIMULATORS, type SimulatorEntry } from '../../src/sandbox/registry.js';
import { SANDBOX_INVOICE, SANDBOX_STORE, SandboxConfigExistsError, startSandbox, writeSandboxConfig } from '../../src/sandbox/sandbox.js';
import { useTmpDir } from '../helpers/tmp-dir.js';
import { ordersSimulator } from './orders-simulator.js';

/** Test entries standing in for the real simulators, so this test does not depend on them. */
function entry(system: SimulatorEntry['system']): SimulatorEntry {
  return {
    system,
    start: async (options) => {
      const simulator = await startSimulator({ ...ordersSimulator().definition, system }, { port: options.port ?? 0, latencyMs: options.latencyMs });
      return { simulator, config: { url: simulator.url, apiKey: `key-${system}-${options.seed}` } };
    },
  };
}

/** Two consecutive free ports, found by asking the system for one. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

describe('startSandbox', () => {
  const tmp = useTmpDir();
  let saved: SimulatorEntry[] = [];
  beforeEach(() => {
    saved = SIMULATORS.splice(0, SIMULATORS.length, entry('rackbeat'), entry('economic'), entry('woocommerce'), entry('shopify'));
  });
  afterEach(() => {
    SIMULATORS.splice(0, SIMULATORS.length, ...saved);
  });

  it('starts the back office and the chosen webshop on consecutive ports and builds their config', async () => {
    const firstPort = await freePort();
    const sandbox = await startSandbox({ seed: 9, firstPort, webshop: 'shopify' });
    try {
      expect(sandbox.simulators.map((simulator) => [simulator.system, simulator.port])).toEqual([
        ['rackbeat', firstPort],
        ['economic', firstPort + 1],
        ['shopify', firstPort + 2],
      ]);
      expect(sandbox.config).toEqual({
        store: SANDBOX_STORE,
        rackbeat: { url: `http://127.0.0.1:${firstPort}`, apiKey: 'key-rackbeat-9' },
        economic: { url: `http://127.0.0.1:${firstPort + 1}`, apiKey: 'key-economic-9' },
        webshop: { platform: 'shopify', url: `http://127.0.0.1:${firstPort + 2}`, apiKey: 'key-shopify-9' },
        // The order flow's settings for the seed data, with a cut-over before the seeded orders.
        orders: {
          startFrom: new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10),
          layoutNumber: 19,
          paymentTermsNumber: 1,
          rackbeat: { paymentTermsNumber: 1 },
          invoice: SANDBOX_INVOICE,
          fulfilment: { enabled: true },
        },
        // The products flow's groups, which the simulators have.
        products: { rackbeat: { groupNumber: 1 }, economic: { productGroupNumber: 1 } },
        // The stock flow takes every default.
        stock: {},
        // Notices go to the sandbox's own webhook receiver.
        notify: { webhook: { url: sandbox.webhook.url, format: 'json' }, daily: '00:00' },
        // Its own mail server, on the port after the simulators', keeping what it receives.
        smtp: { host: '127.0.0.1', port: firstPort + 3, user: sandbox.mail.user, password: sandbox.mail.password },
      });
      expect(sandbox.mail.port).toBe(firstPort + 3);
    } finally {
      await sandbox.stop();
    }
    await expect(fetch(`http://127.0.0.1:${firstPort}/items/1`)).rejects.toThrow();
    await expect(fetch(sandbox.webhook.url, { method: 'POST', body: '{}' })).rejects.toThrow();
  });

  it('stops what it started when one simulator cannot start', async () => {
    const blocker = await startSimulator(ordersSimulator().definition);
    try {
      // The second simulator's port is taken.
      await expect(startSandbox({ firstPort: blocker.port - 1 })).rejects.toThrow(`port ${blocker.port} on 127.0.0.1 is already in use`);
      await expect(fetch(`http://127.0.0.1:${blocker.port - 1}/items/1`)).rejects.toThrow();
    } finally {
      await blocker.close();
    }
  });

  it('writes the config as YAML and never overwrites a file it did not write', () => {
    const path = join(tmp(), 'iex-sync.sandbox.yaml');
    writeSandboxConfig(path, { store: SANDBOX_STORE, rackbeat: { url: 'http://127.0.0.1:1' } });
    writeSandboxConfig(path, { store: SANDBOX_STORE, rackbeat: { url: 'http://127.0.0.1:2' } });
    expect(parse(readFileSync(path, 'utf8'))).toEqual({ store: SANDBOX_STORE, rackbeat: { url: 'http://127.0.0.1:2' } });

    const real = join(tmp(), 'sync.config.yaml');
    writeFileSync(real, 'store: ./iex-sync.db\n');
    expect(() => writeSandboxConfig(real, { store: SANDBOX_STORE })).toThrow(SandboxConfigExistsError);
    expect(readFileSync(real, 'utf8')).toBe('store: ./iex-sync.db\n');
  });
});

describe("the sandbox's Rackbeat limit", () => {
  /** The limit the sandbox's Rackbeat simulator announces (X-RateLimit-Limit), as its client reads it. */
  async function announcedLimit(rackbeatPerMinute?: number): Promise<string | null> {
    const sandbox = await startSandbox({ rackbeatPerMinute });
    try {
      const { url, apiKey } = sandbox.config.rackbeat as { url: string; apiKey: string };
      const response = await fetch(`${url}/self`, { headers: { authorization: `Bearer ${apiKey}` } });
      expect(response.status).toBe(200);
      return response.headers.get('x-ratelimit-limit');
    } finally {
      await sandbox.stop();
    }
  }

  it("is Rackbeat's real 480 a minute, unless a test raises it", async () => {
    expect(await announcedLimit()).toBe('480');
    expect(await announcedLimit(600_000)).toBe('600000');
  });
});
