/**
 * The invoice lifecycle's API calls (issue 16): a WooCommerce shop, Rackbeat and e-conomic on
 * loopback and a local SMTP sink; one run transfers the orders, the warehouse ships them all, and
 * the next run invoices, books, pays and mails every one. Every call of that run is counted and put
 * to the step that made it; reported per invoice and step, each against what the step needs:
 * - invoiced: the look-up by reference before anything is made (draft and booked invoices: 2), the
 *   upgrade template and the create (2): 4;
 * - booked: the booking (1); the draft just made needs no read; the webshop order for the paid-total
 *   check (1, shared with the payment and the mail);
 * - paid: the entry look-up by its text (1) and the voucher (1); the journal and accounts checked
 *   once a run;
 * - mailed: the PDF (1); the mail itself goes over SMTP.
 * Exits 1 when a figure misses its target. The run's wall time is printed for context: the webshop
 * order reads go at the WooCommerce client's pace (5 a second), which sets it.
 */
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { CallRecord } from '../../src/connectors/http/types.js';
import { ordersFlow } from '../../src/flows/orders/index.js';
import { runSyncFlow } from '../../src/services/run-flow.js';
import { startSmtpSink } from '../../src/sandbox/smtp/sink.js';
import { loadOrdersConfig } from '../flows/world/run-orders.js';
import { startFlowWorld } from '../flows/world/world.js';
import { finish, note, report } from './report.js';

const ORDERS = Number(process.env.BENCH_INVOICES ?? 60);
const INVOICE = {
  when: 'shipped',
  book: true,
  payment: { journalNumber: 2, contraAccount: 5820, byMethod: { stripe: 5821 } },
  mail: { from: 'Shop <invoices@shop.example.test>' },
};

type Step = 'invoiced' | 'booked' | 'paid' | 'mailed' | 'shop order' | 'once a run' | 'other';

/** Which step a call of the invoicing run belongs to. */
function stepOf(call: CallRecord): Step {
  const bare = call.path.split('?')[0] as string;
  if (call.system === 'woocommerce') return /^\/wp-json\/wc\/v3\/orders\/\d+$/.test(bare) ? 'shop order' : 'other';
  if (call.system !== 'economic') return 'other';
  if ((call.method === 'GET' && /^\/invoices\/(drafts|booked)$/.test(bare)) || /\/templates\/upgrade-instructions\//.test(bare) || (call.method === 'POST' && bare === '/invoices/drafts')) return 'invoiced';
  if ((call.method === 'POST' && bare === '/invoices/booked') || (call.method === 'GET' && /^\/invoices\/drafts\/\d+$/.test(bare))) return 'booked';
  if (/^\/journals\/\d+\/(entries|vouchers)$/.test(bare)) return 'paid';
  if (/^\/(journals|accounts)\/\d+$/.test(bare)) return 'once a run';
  if (/^\/invoices\/booked\/\d+\/pdf$/.test(bare)) return 'mailed';
  return 'other';
}

const TARGETS: Array<[Step, number, string]> = [
  ['invoiced', 4, 'the look-up by reference (draft and booked: 2), the template and the create'],
  ['booked', 1, 'the booking; the draft just made needs no read'],
  ['shop order', 1, 'the webshop order for the paid-total check, shared with the payment and the mail'],
  ['paid', 2, 'the entry look-up by its text and the voucher'],
  ['mailed', 1, 'the PDF'],
];

async function main(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'iex-sync-bench-invoices-'));
  const world = await startFlowWorld(folder, { seededOrders: 0 });
  const sink = await startSmtpSink();
  try {
    world.writeConfig({ invoice: INVOICE });
    appendFileSync(world.configPath, stringify({ smtp: { host: sink.host, port: sink.port } }));
    const config = await loadOrdersConfig(world.configPath);
    world.placeOrders(ORDERS);
    const first = await runSyncFlow({ flow: ordersFlow, config, command: 'orders' });
    if (first.exitCode !== 0) throw new Error(`the transfer run exited ${first.exitCode}`);
    for (const order of world.rackbeat.state.orders.values()) world.rackbeat.state.shipOrderByHand(order.number);

    const calls: CallRecord[] = [];
    const started = performance.now();
    const second = await runSyncFlow({ flow: ordersFlow, config, command: 'orders', onCall: (call) => calls.push(call) });
    const wallMs = performance.now() - started;
    const invoices = world.economic.state.bookedInvoices.size;
    if (second.exitCode !== 0 || invoices !== ORDERS || sink.received.length !== ORDERS) {
      throw new Error(`the invoicing run exited ${second.exitCode} with ${invoices} booked invoices and ${sink.received.length} mails for ${ORDERS} orders`);
    }
    const byStep = new Map<Step, number>();
    for (const call of calls) byStep.set(stepOf(call), (byStep.get(stepOf(call)) ?? 0) + 1);
    note(`${ORDERS} shipped orders → ${invoices} booked invoices, ${world.economic.state.journals.entriesOf(2).length} payment entries, ${sink.received.length} mails in ${(wallMs / 1000).toFixed(1)} s`);
    for (const [step, minimum, what] of TARGETS) {
      const perInvoice = (byStep.get(step) ?? 0) / invoices;
      report(`${step}: calls per invoice`, perInvoice, 'calls', `≤ ${minimum}: ${what}`, perInvoice <= minimum + 1e-9, 2);
    }
    report('journal and account checks per run', byStep.get('once a run') ?? 0, 'calls', '≤ 3: the journal and the two accounts the config names, once', (byStep.get('once a run') ?? 0) <= 3);
    note(`other calls of the run (listings, the documents already made, customers): ${byStep.get('other') ?? 0}`);
  } finally {
    await sink.close();
    await world.close();
    rmSync(folder, { recursive: true, force: true });
  }
  finish();
}

await main();
