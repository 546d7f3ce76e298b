import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadConfig } from '../config/load.js';
import type { ConfigWith } from '../config/schema.js';
import { connectionsFromConfig } from '../connectors/from-config.js';
import { SYSTEM_LABELS, type WebshopPlatform } from '../connectors/systems.js';
import { startSandbox } from '../sandbox/sandbox.js';
import { openStore } from '../store/database.js';
import { listLinks } from '../store/links.js';
import { countTransfers } from '../store/transfers.js';
import { combineExitCodes } from '../domain/errors.js';
import { ORDER_LEGS, ORDER_STEPS } from '../flows/orders/steps.js';
import { exportHistory } from './history.js';
import { terminalWidth } from '../ui/output.js';
import type { Ui } from '../ui/ui.js';
import { runAllCommand } from './run-all-command.js';

export interface DemoOptions {
  seed: number;
  webshop: WebshopPlatform;
  /** How this program was started, so the closing hint works as typed (`iex-sync`, or `node bin/iex-sync.js` in a clone). */
  invokedAs: string;
}

/** Rows of the log the demo shows. */
const DEMO_ROWS = 30;
const STOCK_ROWS = 10;
/**
 * For the test suite only, never documented as a user setting: raises the Rackbeat simulator's
 * limit so a test of the demo does not wait on the real 480 requests a minute it keeps for users.
 */
const RACKBEAT_LIMIT_VARIABLE = 'IEX_SYNC_SANDBOX_RACKBEAT_PER_MINUTE';

/** Orders the demo ships by hand between its two runs. */
const DEMO_SHIPMENTS = 3;

/**
 * Ships the first `count` Rackbeat orders the run made whose webshop order the shop can fulfil now
 * (the Shopify seed has fulfillment orders on hold and scheduled, which wait for a person), through
 * the sandbox's ship-by-hand endpoint, all but the last with a tracking number; their numbers.
 */
async function shipSome(config: ConfigWith<'webshop' | 'rackbeat'>, count: number): Promise<string[]> {
  const store = openStore(config.store, { readonly: true });
  const links = listLinks(store, { step: ORDER_STEPS.rackbeatOrder }).filter((link) => link.status === 'ok' && link.targetId !== undefined);
  store.close();
  const { webshop } = await connectionsFromConfig(config, ['webshop']);
  const numbers: string[] = [];
  for (const link of links) {
    const order = numbers.length < count ? await webshop.orderByNumber(link.sourceId) : undefined;
    if (!order) continue;
    const plan = await webshop.fulfilmentPlan(order, { reference: 'demo', shipped: order.lines.map((line) => ({ lineId: line.id, quantity: line.quantity })) });
    if (plan.waiting === undefined && plan.refused === undefined) numbers.push(link.targetId as string);
  }
  const { rackbeat } = config;
  for (const [index, number] of numbers.entries()) {
    const tracking = index < numbers.length - 1 ? JSON.stringify({ tracking_number: `00370726${number}` }) : undefined;
    const headers = { Authorization: `Bearer ${rackbeat.apiKey}`, ...(tracking ? { 'Content-Type': 'application/json' } : {}) };
    await fetch(`${rackbeat.url}/sandbox/orders/${number}/ship`, { method: 'POST', headers, body: tracking });
  }
  return numbers;
}

/** What became of the shipped orders: invoices booked, payments entered, mails the sandbox's mail server received. */
function invoiceLine(storePath: string, mails: number): string {
  const store = openStore(storePath, { readonly: true });
  try {
    const count = (stage: 'booked' | 'paid' | 'mailed') => countTransfers(store, { leg: ORDER_LEGS.rackbeatEconomic, stage, status: 'ok' });
    return `invoices: ${count('booked')} booked in e-conomic, ${count('paid')} payments entered in journal 2 (for the bookkeeper to book), ${count('mailed')} mailed (${mails} received by the sandbox's mail server)`;
  } finally {
    store.close();
  }
}

/** What became of the shipped orders in the webshop: marked fulfilled (orders.fulfilment). */
function fulfilmentLine(storePath: string, shopLabel: string): string {
  const store = openStore(storePath, { readonly: true });
  try {
    const fulfilled = countTransfers(store, { leg: ORDER_LEGS.rackbeatWebshop, stage: 'fulfilled', status: 'ok' });
    return `fulfilment: ${fulfilled} ${shopLabel} orders marked fulfilled (the last shipment had no tracking number, so its order went without)`;
  } finally {
    store.close();
  }
}

function countFlowTransfers(storePath: string, flow: string): number {
  const store = openStore(storePath, { readonly: true });
  try {
    return countTransfers(store, { flow });
  } finally {
    store.close();
  }
}

/**
 * `iex-sync demo`: starts every simulator in-process with seeded data, writes a config and a store
 * of their own in a fresh temporary folder (never the real store), runs every flow against them
 * as `iex-sync run` does, ships a few orders in Rackbeat and runs again (they are invoiced, booked,
 * paid and mailed to the sandbox's mail server, and marked fulfilled in the shop), then prints the notices the sandbox's webhook
 * got, the summaries, the orders' history and the stock levels written.
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
    const { config } = await loadConfig({ path: file, cwd: folder, env: io.env, sections: ['webshop', 'rackbeat', 'economic', 'orders', 'products', 'stock', 'notify', 'smtp'] });
    const first = await runAllCommand(ui, config, {});
    // The warehouse ships a few orders; the next run invoices, books, pays and mails exactly those.
    const shipped = await shipSome(config, DEMO_SHIPMENTS);
    output.info(`\ndemo: shipped Rackbeat orders ${shipped.join(', ')} by hand; running again`);
    const exitCode = combineExitCodes(first, await runAllCommand(ui, config, {}));
    if (!ui.json) {
      output.info(invoiceLine(config.store, sandbox.mail.received.length));
      output.info(fulfilmentLine(config.store, SYSTEM_LABELS[options.webshop]));
      for (const { body } of sandbox.webhook.received) {
        const notice = body as { title?: string; lines?: string[] };
        output.info(`\nThe sandbox's webhook got a notice: ${notice.title ?? ''}`);
        for (const line of notice.lines ?? []) output.info(`  ${line}`);
      }
      const layout = { width: terminalWidth(io), timeZone: config.timezone };
      const total = countFlowTransfers(config.store, 'orders');
      output.info(`\nThe orders' transfer log, newest first (${Math.min(DEMO_ROWS, total)} of ${total} rows):`);
      await exportHistory({ storePath: config.store, format: 'table', stdout: io.stdout, filter: { flow: 'orders', limit: DEMO_ROWS }, layout });
      output.info('\nStock levels written to the shop, newest first:');
      await exportHistory({ storePath: config.store, format: 'table', stdout: io.stdout, filter: { flow: 'stock', statuses: ['ok'], limit: STOCK_ROWS }, layout });
      output.info(`\nExplore it: ${options.invokedAs} -c ${file} history --source <order number>   (the simulators are gone, the log stays)`);
    }
    return exitCode;
  } finally {
    await sandbox.stop();
  }
}
