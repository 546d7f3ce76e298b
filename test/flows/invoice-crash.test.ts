import { appendFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { SimRecord } from '../../src/sandbox/economic/state.js';
import { startSmtpSink, type SmtpSink } from '../../src/sandbox/smtp/sink.js';
import { openStore } from '../../src/store/database.js';
import { listLinks } from '../../src/store/links.js';
import { crashAndRecover, killAt, runChild, type CrashSubject } from '../helpers/crash-kit.js';
import { ordersCrashSubject } from './helpers/orders-child.js';
import { useFlowWorld, type FlowWorld } from './world/world.js';

/**
 * The invoice lifecycle's crash suite (issue 16): `iex-sync orders` as a child process, killed
 * (SIGKILL) at the fault points of the new steps: after the upgrade to a draft invoice, after the
 * booking, after the payment entry, after the mail, and around their commits. After every kill
 * nothing exists twice; after reruns every shipped order is exactly one booked invoice and (when
 * paid in the shop) one payment entry, and gets at most one mail: one whose outcome the kill made
 * unknown is never sent again by itself.
 */
const TIMEOUT_MS = 150_000;
const PAYMENT = { journalNumber: 2, contraAccount: 5820, byMethod: { stripe: 5821 } };
const MAIL = { from: 'Shop <invoices@shop.example.test>', subject: 'Invoice {invoiceNumber}' };

describe('invoice crash suite: kill -9 at every new fault point, then rerun', () => {
  const startWorld = useFlowWorld();
  const sinks: SmtpSink[] = [];
  afterEach(async () => {
    await Promise.all(sinks.splice(0).map((sink) => sink.close()));
  });

  /** A world whose config invoices shipped orders (book, payment, and mail when asked) through a fresh SMTP sink. */
  async function invoiceWorld(withMail: boolean): Promise<{ world: FlowWorld; sink: SmtpSink; subject: CrashSubject }> {
    const world = await startWorld({ latencyMs: 1 });
    const sink = await startSmtpSink();
    sinks.push(sink);
    world.writeConfig({ invoice: { when: 'shipped', book: true, payment: PAYMENT, ...(withMail ? { mail: MAIL } : {}) } });
    appendFileSync(world.configPath, stringify({ smtp: { host: sink.host, port: sink.port } }));
    const orders = ordersCrashSubject(world);
    const subject: CrashSubject = {
      ...orders,
      expectNoDoubles: (context) => expect(invoiceDoubles(world, sink), context).toEqual([]),
      expectExactlyOnce: () => expectInvoicedOnce(world, sink),
    };
    return { world, sink, subject };
  }

  /** Every booked Rackbeat order not yet shipped is shipped now, as the warehouse would. */
  const shipAll = (world: FlowWorld): void => {
    for (const order of world.rackbeat.state.orders.values()) {
      if (order.bookedAt !== null && order.shippedAt === null) world.rackbeat.state.shipOrderByHand(order.number);
    }
  };

  /** Mail on; three orders transferred by one run, then all shipped: the next run invoices and mails them. */
  async function shippedWithMail(): Promise<Awaited<ReturnType<typeof invoiceWorld>>> {
    const made = await invoiceWorld(true);
    made.world.placeOrders(3);
    await runChild(made.subject.args);
    shipAll(made.world);
    return made;
  }

  it('upgrade, booking and payment: one booked invoice and one payment entry per shipped order', async () => {
    const { world, subject } = await invoiceWorld(false);
    world.placeOrders(4);
    await runChild(subject.args);
    await crashAndRecover(
      subject,
      [
        'after-intent:economic-invoice@1',
        'after-state-change:economic-invoice@2',
        'before-commit:economic-invoice@1',
        'after-state-change:economic-book@1',
        'after-commit:economic-book@2',
        'after-intent:economic-payment@2',
        'after-state-change:economic-payment@1',
        'before-commit:economic-payment@2',
      ],
      {
        before: () => {
          shipAll(world);
          world.placeOrders(3);
        },
        after: () => world.outliveIdempotencyWindow(),
      },
    );
    expect([...world.economic.state.bookedInvoices.values()].length).toBeGreaterThan(0);
  }, TIMEOUT_MS);

  it('mail: killed after it went, it is unknown and not sent again by itself; a run by hand sends it again on purpose', async () => {
    const { world, sink, subject } = await shippedWithMail();
    await killAt(subject, 'after-state-change:invoice-mail@1');
    expect(sink.received).toHaveLength(1);
    const [sent] = sink.received;

    for (const rerun of [1, 2]) {
      const result = await runChild(subject.args);
      expect(result.code, `rerun ${rerun}: ${result.stderr}`).toBe(1);
      expect(sink.received.filter((mail) => mail.raw === sent!.raw || sameSubject(mail.raw, sent!.raw))).toHaveLength(1);
    }
    const booked = [...world.economic.state.bookedInvoices.values()];
    expect(sink.received).toHaveLength(booked.length);
    const unknown = unknownMails(world);
    expect(unknown).toHaveLength(1);
    const history = await runChild([...subject.args.slice(0, -1), '--json', 'history', '--status', 'unknown']);
    const rows = JSON.parse(history.stdout) as Array<{ stage: string; hint: string | null }>;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ stage: 'mailed' });
    expect(rows[0]!.hint).toContain(`iex-sync orders --order ${shopNumberOf(world, unknown[0]!.sourceNumber)}`);

    // The person checked and wants it sent again: by hand, for that order only.
    const order = unknown[0]!.sourceNumber;
    const byHand = await runChild([...subject.args, '--order', shopNumberOf(world, order)]);
    expect(byHand.code, byHand.stderr).toBe(0);
    expect(sink.received).toHaveLength(booked.length + 1);
    expect((await runChild(subject.args)).code).toBe(0);
    expect(sink.received).toHaveLength(booked.length + 1);
  }, TIMEOUT_MS);

  it('mail: killed after its intent or after its commit, never sent twice', async () => {
    const { world, sink, subject } = await shippedWithMail();
    await killAt(subject, 'after-commit:invoice-mail@1');
    await killAt(subject, 'after-intent:invoice-mail@1');
    await runChild(subject.args);
    const perInvoice = mailsPerInvoice(sink);
    for (const invoice of world.economic.state.bookedInvoices.values()) {
      expect(perInvoice.get(String(invoice.bookedInvoiceNumber)) ?? 0, `mails of invoice ${String(invoice.bookedInvoiceNumber)}`).toBeLessThanOrEqual(1);
    }
    // The one whose intent was written before the kill is unknown, not sent; every other is sent once.
    expect(unknownMails(world)).toHaveLength(1);
    expect(sink.received).toHaveLength(world.economic.state.bookedInvoices.size - 1);
  }, TIMEOUT_MS);
});

function referenceOf(document: SimRecord): string {
  return String((document.references as SimRecord | undefined)?.other ?? '');
}

function sameSubject(a: string, b: string): boolean {
  return subjectOf(a) === subjectOf(b);
}

function subjectOf(raw: string): string | undefined {
  return /^Subject: (.*)$/m.exec(raw)?.[1];
}

/** Mails received per invoice number (from the subject `Invoice <number>`). */
function mailsPerInvoice(sink: SmtpSink): Map<string, number> {
  const counts = new Map<string, number>();
  for (const mail of sink.received) {
    const number = /^Subject: Invoice (\d+)/m.exec(mail.raw)?.[1] ?? '?';
    counts.set(number, (counts.get(number) ?? 0) + 1);
  }
  return counts;
}

/** Anything twice: an invoice (draft or booked) per reference, a payment entry per text, a mail per invoice. */
function invoiceDoubles(world: FlowWorld, sink: SmtpSink): string[] {
  const { draftInvoices, bookedInvoices, journals } = world.economic.state;
  const twice = (what: string, values: readonly string[]) => {
    const counts = new Map<string, number>();
    for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
    return [...counts].filter(([, count]) => count > 1).map(([value, count]) => `${what} ${value} ×${count}`);
  };
  return [
    ...twice('invoice', [...draftInvoices.values(), ...bookedInvoices.values()].map(referenceOf)),
    ...twice('payment entry', journals.entriesOf(PAYMENT.journalNumber).map((entry) => String(entry.text))),
    ...twice('mail of invoice', sink.received.map((mail) => /^Subject: Invoice (\d+)/m.exec(mail.raw)?.[1] ?? '?')),
  ];
}

/** Every shipped order after the cut-over: exactly one booked invoice (no draft left), one payment entry when paid; nothing for the rest. */
function expectInvoicedOnce(world: FlowWorld, sink: SmtpSink): void {
  const problems = invoiceDoubles(world, sink);
  const { draftInvoices, bookedInvoices, journals } = world.economic.state;
  const booked = [...bookedInvoices.values()];
  const entries = journals.entriesOf(PAYMENT.journalNumber);
  for (const order of world.rackbeat.state.orders.values()) {
    if (order.createdAt < world.startFrom.getTime() || order.bookedAt === null) continue;
    const suffix = `rackbeat:${order.number} `;
    const invoices = booked.filter((invoice) => `${referenceOf(invoice)} `.startsWith(suffix));
    const drafts = [...draftInvoices.values()].filter((draft) => `${referenceOf(draft)} `.startsWith(suffix));
    const shipped = order.shippedAt !== null;
    if (invoices.length !== (shipped ? 1 : 0) || drafts.length > 0) problems.push(`Rackbeat order ${order.number} (${shipped ? 'shipped' : 'not shipped'}): ${invoices.length} booked, ${drafts.length} draft invoices`);
    const payments = entries.filter((entry) => String(entry.text).startsWith(`Payment rackbeat:${order.number} `));
    if (payments.length !== (shipped ? 1 : 0)) problems.push(`Rackbeat order ${order.number}: ${payments.length} payment entries`);
    const [invoice] = invoices;
    if (invoice && payments[0] && payments[0].customerInvoice !== invoice.bookedInvoiceNumber) problems.push(`Rackbeat order ${order.number}: payment against another invoice`);
  }
  expect(problems).toEqual([]);
}

/** The mail links left `unknown`. */
function unknownMails(world: FlowWorld) {
  const store = openStore(world.storePath);
  try {
    return listLinks(store, { step: 'invoice-mail' }).filter((link) => link.status === 'unknown');
  } finally {
    store.close();
  }
}

/** The webshop order number behind a Rackbeat order number (its heading `WooCommerce order #1042`). */
function shopNumberOf(world: FlowWorld, rackbeatNumber: string | undefined): string {
  const order = world.rackbeat.state.orders.get(Number(rackbeatNumber));
  return order?.heading.split('#')[1] ?? '';
}
