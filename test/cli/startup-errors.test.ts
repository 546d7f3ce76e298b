import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { openStore } from '../../src/store/database.js';
import { useTmpDir } from '../helpers/tmp-dir.js';
import { runBuilt, runMain } from './run-cli.js';

/**
 * Start-up failures a user can cause (issue 12 §6.4): each exits 2 at once, naming the path or port
 * and what to do, before any system is called; none hangs. The store cases run the built CLI as its
 * own process (`npm run build` first), as an unprivileged user when the tests run as root (root may
 * write anything, so nothing would be read-only for it).
 */
const UNPRIVILEGED = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
/** Far more than a start-up that fails at once needs; a run that spins is killed here. */
const TIMEOUT_MS = 20_000;

describe('start-up failures exit 2 with the path and what to do', () => {
  const tmp = useTmpDir();
  const servers: Array<ReturnType<typeof createServer>> = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
  });

  /** A folder any user may read, holding a config for `orders` whose systems nobody listens for (loopback port 9). */
  function ordersConfig(store: string): { dir: string; config: string } {
    const dir = tmp();
    chmodSync(dir, 0o755);
    const nobody = 'http://127.0.0.1:9';
    const config = join(dir, 'sync.config.yaml');
    writeFileSync(
      config,
      stringify({
        store,
        webshop: { platform: 'woocommerce', url: nobody, consumerKey: 'ck_test', consumerSecret: 'cs_test' },
        rackbeat: { url: nobody, apiKey: 'rackbeat-test' },
        economic: { url: nobody, appSecretToken: 'app-test', agreementGrantToken: 'grant-test' },
        orders: { startFrom: '2026-01-01', layoutNumber: 19, paymentTermsNumber: 1, rackbeat: { paymentTermsNumber: 1 } },
      }),
    );
    chmodSync(config, 0o644);
    return { dir, config };
  }

  it('init into a folder that does not exist', async () => {
    const dir = tmp();
    const result = await runMain(['init', 'missing/sync.config.yaml'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `error: cannot write ${join(dir, 'missing', 'sync.config.yaml')}: the folder ${join(dir, 'missing')} does not exist; create it first (mkdir -p ${join(dir, 'missing')}) or give another path\n`,
    );
  });

  it('sandbox on a port in use', async () => {
    const server = createServer();
    servers.push(server);
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    const result = await runMain(['sandbox', '--port', String(port), '--out', 'sandbox.yaml'], { cwd: tmp() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error: port ${port} on 127.0.0.1 is already in use`);
    expect(result.stderr).toContain('hint: Choose another --port');
  });

  it('a store whose folder cannot be created (under /proc) fails at once instead of spinning', () => {
    const { dir, config } = ordersConfig('/proc/iex-sync/store/iex-sync.db');
    const started = Date.now();
    const result = runBuilt(['-c', config, 'orders'], { cwd: dir, timeoutMs: TIMEOUT_MS });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/^error: cannot create the folder \/proc\/iex-sync\/store for the store \/proc\/iex-sync\/store\/iex-sync\.db \(.+\): create it yourself, or point "store" in the config at a folder this user can write to\n$/);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS);
  });

  it('a store in a folder this user cannot write to', () => {
    const { dir, config } = ordersConfig('./read-only/iex-sync.db');
    const folder = join(dir, 'read-only');
    mkdirSync(folder, { mode: 0o555 });
    const result = runBuilt(['-c', config, 'orders'], { cwd: dir, timeoutMs: TIMEOUT_MS, user: UNPRIVILEGED });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(`error: the store ${join(folder, 'iex-sync.db')} cannot be written: ${folder} is not writable for this user (permission denied)`);
  });

  it('a store file this user cannot write to', () => {
    const { dir, config } = ordersConfig('./iex-sync.db');
    const path = join(dir, 'iex-sync.db');
    openStore(path).close();
    chmodSync(path, 0o444);
    // Its folder is writable: only the file itself is read-only.
    chmodSync(dir, 0o777);
    const result = runBuilt(['-c', config, 'orders'], { cwd: dir, timeoutMs: TIMEOUT_MS, user: UNPRIVILEGED });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(`error: the store ${path} cannot be written: ${path} is not writable for this user (permission denied)`);
  });
});
