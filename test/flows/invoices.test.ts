import { appendFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { WebshopPlatform } from '../../src/connectors/systems.js';
import type { SimRecord } from '../../src/sandbox/economic/state.js';
import { startSmtpSink, type SmtpSink } from '../../src/sandbox/smtp/sink.js';
import type { TransferRow } from '../../src/store/history.js';
import { runMain } from '../cli/run-cli.js';
import { eligibleOrders, rackbeatOrdersOf } from './helpers/order-checks.js';
import { loadOrdersConfig, runOrders, type FlowRun } from './world/run-orders.js';
import { PLATFORMS, useFlowWorld, type FlowWorld } from './world/world.js';
import { writeCounts } from './world/writes.js';

/**
 * Issue 16, "Done when", first bullet: the invoice lifecycle after leg 2 (upgrade when shipped,
 * book, payment entry, mail) over HTTP and SMTP against the simulators and a local SMTP sink, with
 * a real SQLite store, for both webshops. What happened is read from the simulators' own state and
 * from what the sink received.
 */
const PAYMENT = { journalNumber: 2, contraAccount: 5820, byMethod: { stripe: 5821, mobilepay: 5822 } };
const MAIL = { from: 'Sandbox Shop <invoices@shop.example.test>', subject: 'Invoice {invoiceNumber} for order {orderNumber}', bcc: 'books@shop.example.test' };

const referenceOf = (document: SimRecord): string => String((document.references as { other?: unknown } | undefined)?.other ?? '');

describe.each(PLATFORMS)('the invoice lifecycle with %s', (platform: WebshopPlatform) => {
  const startWorld = useFlowWorld();
  let world: FlowWorld;
  let sink: SmtpSink;

  beforeEach(async () => {
    world = await startWorld({ platform });
    sink = await startSmtpSink();
  });
  afterEach(async () => {
    await sink.close();
  });

  /** Writes the config with these `orders.invoice` keys (and the sink as `smtp`), loads it and runs the orders flow. */
  const run = async (invoice: Record<string, unknown>): Promise<FlowRun> => {
    const file = world.writeConfig({ invoice });
    appendFileSync(file, stringify({ smtp: { host: sink.host, port: sink.port, user: sink.user, password: sink.password } }));
    return runOrders({ config: await loadOrdersConfig(file), command: 'orders' });
  };
  const economic = () => world.economic.state;
  /** The e-conomic reference of a shop order's documents, spelt out as the order flow writes it. */
  const referenceFor = (shopNumber: string): string => `rackbeat:${rackbeatOrdersOf(world, shopNumber)[0]!.number} ${platform}:${shopNumber}`;
  const booked = (): SimRecord[] => [...economic().bookedInvoices.values()];
  const payments = (): SimRecord[] => economic().journals.entriesOf(PAYMENT.journalNumber);
  const history = async (args: string[]): Promise<TransferRow[]> => {
    const result = await runMain(['-c', world.configPath, '--json', 'history', ...args], { cwd: world.dir });
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as TransferRow[];
  };

  it('invoices exactly the shipped orders (booked, paid, mailed once each), and a rerun does nothing', async () => {
    const everything = { when: 'shipped', book: true, payment: PAYMENT, mail: MAIL };
    expect((await run(everything)).exitCode).toBe(0);
    expect(economic().draftInvoices.size + economic().bookedInvoices.size).toBe(0);
    expect(economic().orderDrafts.size).toBe(eligibleOrders(world).length);

    const [first, second] = eligibleOrders(world);
    const shipped = [first!, second!].map((order) => order.number);
    for (const number of shipped) world.rackbeat.state.shipOrderByHand(rackbeatOrdersOf(world, number)[0]!.number);

    expect((await run(everything)).exitCode).toBe(0);
    expect(booked().map(referenceOf).sort()).toEqual(shipped.map(referenceFor).sort());
    expect(economic().draftInvoices.size).toBe(0);
    for (const invoice of booked()) {
      const shop = world.shop.orders().find((order) => referenceOf(invoice).endsWith(`:${order.number}`))!;
      expect(invoice.grossAmount).toBe(shop.gross / 100);
    }
    // One payment entry per paid order, negative (a credit to the debtor), against its invoice.
    const paidShipped = shipped.filter((number) => paidInShop(world, number));
    expect(payments().map((entry) => entry.customerInvoice).sort()).toEqual(
      booked().filter((invoice) => paidShipped.some((number) => referenceOf(invoice).endsWith(`:${number}`))).map((invoice) => invoice.bookedInvoiceNumber).sort(),
    );
    for (const entry of payments()) expect(entry.amount as number).toBeLessThan(0);
    // One mail per booked invoice, with its PDF, the bcc, the subject filled in.
    expect(sink.received).toHaveLength(2);
    for (const invoice of booked()) {
      const mail = sink.received.find((received) => received.raw.includes(`Subject: Invoice ${String(invoice.bookedInvoiceNumber)} for order`));
      expect(mail, `mail of invoice ${String(invoice.bookedInvoiceNumber)}`).toBeDefined();
      expect(mail!.to).toContain(MAIL.bcc);
      expect(mail!.raw).toMatch(/Content-Type: application\/pdf; name=invoice-\d+\.pdf/);
    }

    const before = writeCounts(world);
    expect((await run(everything)).exitCode).toBe(0);
    expect(writeCounts(world)).toEqual(before);
    expect(sink.received).toHaveLength(2);

    // history --source shows the order's whole way, each step its own stage with what it sent.
    const rows = await history(['--source', first!.number]);
    const stages = rows.filter((row) => row.status === 'ok').map((row) => row.stage);
    expect(stages).toEqual(expect.arrayContaining(['created', 'booked', 'invoiced', 'mailed']));
    const mailed = rows.find((row) => row.stage === 'mailed')!;
    const shown = await runMain(['-c', world.configPath, '--json', 'history', 'show', String(mailed.id)], { cwd: world.dir });
    expect(shown.stdout).toContain(MAIL.bcc);
    expect(shown.stdout).toContain('invoice-');
    expect(shown.stdout).not.toContain(sink.password);
  });

  it('runs each step only when it is on: draft invoices, then booked, then paid, then mailed', async () => {
    const count = eligibleOrders(world).length;
    expect((await run({ when: 'booked' })).exitCode).toBe(0);
    expect(economic().draftInvoices.size).toBe(count);
    expect(booked()).toHaveLength(0);
    // The upgrade keeps the order's reference, lines and customer.
    for (const draft of economic().draftInvoices.values()) {
      const order = [...economic().orderDrafts.values()].find((candidate) => referenceOf(candidate) === referenceOf(draft))!;
      expect(draft.customer).toEqual(order.customer);
      expect(draft.grossAmount).toBe(order.grossAmount);
      expect((draft.lines as unknown[]).length).toBe((order.lines as unknown[]).length);
    }

    expect((await run({ when: 'booked', book: true })).exitCode).toBe(0);
    expect(booked()).toHaveLength(count);
    expect(economic().draftInvoices.size).toBe(0);
    expect(payments()).toHaveLength(0);

    expect((await run({ when: 'booked', book: true, payment: PAYMENT })).exitCode).toBe(0);
    const paid = eligibleOrders(world).filter((order) => paidInShop(world, order.number));
    expect(payments()).toHaveLength(paid.length);
    expect(sink.received).toHaveLength(0);

    expect((await run({ when: 'booked', book: true, payment: PAYMENT, mail: MAIL })).exitCode).toBe(0);
    expect(sink.received).toHaveLength(count);
    expect(payments()).toHaveLength(paid.length);
  });

  it('leaves a draft whose total differs from what the customer paid unbooked, fails it alone with a hint, and books the rest', async () => {
    expect((await run({ when: 'booked' })).exitCode).toBe(0);
    const [tampered] = economic().draftInvoices.values();
    tampered!.grossAmount = (tampered!.grossAmount as number) + 10;

    const result = await run({ when: 'booked', book: true });
    expect(result.exitCode).toBe(1);
    expect(economic().draftInvoices.size).toBe(1);
    expect(booked().map(referenceOf)).not.toContain(referenceOf(tampered!));
    expect(booked()).toHaveLength(eligibleOrders(world).length - 1);
    const failed = await history(['--status', 'failed']);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ stage: 'booked' });
    expect(failed[0]!.message).toContain('not booked');
    expect(failed[0]!.hint).toContain('stays a draft');
  });

  it('fails alone an order paid with a method that has no contra account, naming the key, and enters the others', async () => {
    const methods = eligibleOrders(world).filter((order) => paidInShop(world, order.number)).map((order) => paymentMethodOf(world, order.number));
    const mapped = methods[0]!;
    const unmapped = methods.filter((method) => method !== mapped);
    expect(unmapped.length).toBeGreaterThan(0);

    const result = await run({ when: 'booked', book: true, payment: { journalNumber: 2, byMethod: { [mapped]: 5821 } } });
    expect(result.exitCode).toBe(1);
    expect(payments()).toHaveLength(methods.length - unmapped.length);
    for (const entry of payments()) expect(entry.contraAccount).toEqual({ accountNumber: 5821 });
    const failed = await history(['--status', 'failed']);
    expect(failed).toHaveLength(unmapped.length);
    for (const row of failed) {
      expect(row.stage).toBe('paid');
      expect(row.hint).toContain('orders.invoice.payment.byMethod.');
    }
    expect(booked()).toHaveLength(eligibleOrders(world).length);
  });

  it('books by EAN only for customers with an EAN; one without fails alone and stays a draft', async () => {
    expect((await run({ when: 'booked' })).exitCode).toBe(0);
    const customers = [...new Set([...economic().draftInvoices.values()].map((draft) => (draft.customer as { customerNumber: number }).customerNumber))];
    const [without, ...withEan] = customers;
    for (const number of withEan) economic().customers.get(number)!.ean = '5790000000000';

    const result = await run({ when: 'booked', book: true, sendBy: 'ean' });
    expect(result.exitCode).toBe(1);
    const left = [...economic().draftInvoices.values()];
    expect(left.length).toBeGreaterThan(0);
    for (const draft of left) expect((draft.customer as { customerNumber: number }).customerNumber).toBe(without);
    expect(booked().length + left.length).toBe(eligibleOrders(world).length);
    const failed = await history(['--status', 'failed']);
    expect(failed.length).toBe(left.length);
    expect(failed[0]!.message).toContain(`e-conomic customer ${without} has no EAN number`);
  });

  it('stops at once with exit 2 naming the key when the payment journal does not exist', async () => {
    const result = await run({ when: 'booked', book: true, payment: { ...PAYMENT, journalNumber: 77 } });
    expect(result.exitCode).toBe(2);
    expect(result.message).toContain('orders.invoice.payment.journalNumber');
    expect(payments()).toHaveLength(0);
    expect((await history(['--status', 'failed'])).filter((row) => row.stage === 'paid')).toHaveLength(0);
  });

  it('a dry run says what each step would send and writes nothing', async () => {
    const everything = { when: 'booked', book: true, payment: PAYMENT, mail: MAIL };
    const file = world.writeConfig({ invoice: everything });
    appendFileSync(file, stringify({ smtp: { host: sink.host, port: sink.port } }));
    const config = await loadOrdersConfig(file);
    expect((await runOrders({ config, command: 'orders' })).exitCode).toBe(0);
    const before = writeCounts(world);
    const lines = [{ sku: 'CAP-001', quantity: 1 }];
    world.rackbeat.state.createOrderByPerson({ customerNumber: 1001, heading: 'Telephone order', lines }, { book: true });
    const mails = sink.received.length;

    const dry = await runOrders({ config, command: 'orders --dry-run', dryRun: true });
    expect(dry.exitCode).toBe(0);
    expect(writeCounts(world)).toEqual(before);
    expect(sink.received).toHaveLength(mails);
    const rows = await history(['--status', 'dry-run']);
    expect(rows.map((row) => row.stage)).toEqual(expect.arrayContaining(['created', 'invoiced', 'booked', 'mailed']));
  });

  it('orders that came from elsewhere are invoiced and booked, without a payment', async () => {
    const lines = [{ sku: 'CAP-001', quantity: 2 }];
    const byPhone = world.rackbeat.state.createOrderByPerson({ customerNumber: 1001, heading: 'Telephone order', lines }, { book: true });
    expect((await run({ when: 'booked', book: true, payment: PAYMENT })).exitCode).toBe(0);
    expect(booked().map(referenceOf)).toContain(`rackbeat:${byPhone.number}`);
    expect(payments().map((entry) => entry.text)).not.toContain(`Payment rackbeat:${byPhone.number}`);
  });
});

/** Whether the shop says the order is paid (WooCommerce: a paid date; Shopify: financial status PAID). */
function paidInShop(world: FlowWorld, number: string): boolean {
  if (world.shop.platform === 'woocommerce') return [...world.shop.state.orders.values()].some((order) => order.number === number && order.paidAt !== null);
  return [...world.shop.state.orders.values()].some((order) => String(order.number) === number && order.financialStatus === 'PAID');
}

/** The order's payment method id as the shop keeps it (WooCommerce payment_method, Shopify gateway). */
function paymentMethodOf(world: FlowWorld, number: string): string {
  if (world.shop.platform === 'woocommerce') return [...world.shop.state.orders.values()].find((order) => order.number === number)!.paymentMethod;
  return [...world.shop.state.orders.values()].find((order) => String(order.number) === number)!.gateway;
}
