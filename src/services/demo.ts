import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadConfig } from '../config/load.js';
import type { WebshopPlatform } from '../connectors/systems.js';
import { startSandbox } from '../sandbox/sandbox.js';
import { openStore } from '../store/database.js';
import { countTransfers } from '../store/transfers.js';
import { exportHistory } from './history.js';
import { ordersFlow } from '../flows/orders/index.js';
import { productsFlow } from '../flows/products/index.js';
import { terminalWidth } from '../ui/output.js';
import type { Ui } from '../ui/ui.js';
import { runFlowCommand } from './flow-command.js';

export interface DemoOptions {
  seed: number;
  webshop: WebshopPlatform;
  /** How this program was started, so the closing hint works as typed (`iex-sync`, or `node bin/iex-sync.js` in a clone). */
  invokedAs: string;
}

/** Rows of the log the demo shows. */
const DEMO_ROWS = 30;
/**
 * For the test suite only, never documented as a user setting: raises the Rackbeat simulator's
 * limit so a test of the demo does not wait on the real 480 requests a minute it keeps for users.
 */
const RACKBEAT_LIMIT_VARIABLE = 'IEX_SYNC_SANDBOX_RACKBEAT_PER_MINUTE';

function countAllTransfers(storePath: string): number {
  const store = openStore(storePath, { readonly: true });
  try {
    return countTransfers(store, {});
  } finally {
    store.close();
  }
}

/**
 * `iex-sync demo`: starts every simulator in-process with seeded data, writes a config and a store
 * of their own in a fresh temporary folder (never the real store), runs `products` then `orders` against them,
 * then prints the summary and the history table.
 */
export async function runDemo(ui: Ui, options: DemoOptions): Promise<number> {
  const { output, io } = ui;
  const rackbeatPerMinute = Number(io.env[RACKBEAT_LIMIT_VARIABLE]) || undefined;
  const sandbox = await startSandbox({ seed: options.seed, webshop: options.webshop, rackbeatPerMinute });
  try {
    const folder = mkdtempSync(join(tmpdir(), 'iex-sync-demo-'));
    const file = join(folder, 'sync.config.yaml');
    writeFileSync(file, stringify(sandbox.config));
    output.info(`demo: simulators of ${sandbox.simulators.map((simulator) => simulator.system).join(', ')} on loopback; config and store in ${folder}`);
    const { config } = await loadConfig({ path: file, cwd: folder, env: io.env, sections: ['webshop', 'rackbeat', 'economic', 'orders', 'products'] });
    // Products first, as a shop would run them: orders need their SKUs in Rackbeat and e-conomic.
    const productsExit = await runFlowCommand(ui, productsFlow, config, {});
    const ordersExit = await runFlowCommand(ui, ordersFlow, config, {});
    const exitCode = productsExit === 0 ? ordersExit : productsExit;
    if (!ui.json) {
      const total = countAllTransfers(config.store);
      output.info(`\nThe transfer log, newest first (${Math.min(DEMO_ROWS, total)} of ${total} rows):`);
      await exportHistory({ storePath: config.store, format: 'table', stdout: io.stdout, filter: { limit: DEMO_ROWS }, layout: { width: terminalWidth(io), timeZone: config.timezone } });
      output.info(`\nExplore it: ${options.invokedAs} -c ${file} history --source <order number>   (the simulators are gone, the log stays)`);
    }
    return exitCode;
  } finally {
    await sandbox.stop();
  }
}
