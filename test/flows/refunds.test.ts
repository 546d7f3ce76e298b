import { rmSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { WebshopPlatform } from '../../src/connectors/systems.js';
import { toMinor } from '../../src/domain/money.js';
import type { SimRecord } from '../../src/sandbox/economic/state.js';
import { rackbeatOrdersOf } from './helpers/order-checks.js';
import { runOrders, worldConfig, type FlowRun } from './world/run-orders.js';
import { PLATFORMS, useFlowWorld, type FlowWorld } from './world/world.js';
import { writeCounts } from './world/writes.js';

/**
 * Issue 20, refunds: each webshop refund of an invoiced order becomes exactly one e-conomic credit
 * note (a draft invoice with negative quantities, booked with the invoices), for what was refunded,
 * in the invoice's VAT zone and naming it; a refund before the invoice waits for it. Read from the
 * simulators' own state, for both webshops.
 */
const PAYMENT = { journalNumber: 2, contraAccount: 5820 };
const BOOKED = { invoice: { when: 'booked', book: true } };

const referenceOf = (document: SimRecord): string => String((document.references as { other?: unknown } | undefined)?.other ?? '');
const amount = (value: unknown): number => toMinor(Number(value).toFixed(2));

describe.each(PLATFORMS)('refunds with %s', (platform: WebshopPlatform) => {
  const startWorld = useFlowWorld();
  let world: FlowWorld;

  beforeEach(async () => {
    world = await startWorld({ platform, seededOrders: 0 });
  });

  const run = async (orders: Record<string, unknown>): Promise<FlowRun> => runOrders({ config: await worldConfig(world, orders), command: 'orders' });
  const economic = () => world.economic.state;
  const invoiceReference = (number: string) => `rackbeat:${rackbeatOrdersOf(world, number)[0]!.number} ${platform}:${number}`;
  const bookedInvoiceOf = (number: string) => [...economic().bookedInvoices.values()].find((invoice) => referenceOf(invoice) === invoiceReference(number));
  /** Every credit note (draft or booked), by its reference. */
  const creditNotes = (): SimRecord[] =>
    [...economic().draftInvoices.values(), ...economic().bookedInvoices.values()].filter((document) => referenceOf(document).startsWith(`${platform}-refund:`));

  it('credits a partial refund after booking once, a second refund of the same order with a second credit note, and a rerun does nothing', async () => {
    const [number] = world.placeOrders(1);
    expect((await run(BOOKED)).exitCode).toBe(0);
    const invoice = bookedInvoiceOf(number!)!;
    expect(invoice).toBeDefined();
    const [first] = world.shop.lines(number!);

    const refunded = await world.shop.refund(number!, { lines: [{ sku: first!.sku, quantity: 1 }] });
    const result = await run(BOOKED);
    expect(result.exitCode).toBe(0);
    expect(creditNotes()).toHaveLength(1);
    const note = creditNotes()[0]!;
    // Booked, for exactly what was refunded, negative, to the øre; same customer and VAT zone as the invoice, naming it.
    expect(economic().bookedInvoices.has(note.bookedInvoiceNumber as number)).toBe(true);
    expect(amount(note.grossAmount)).toBe(-refunded);
    expect(note.customer).toEqual(invoice.customer);
    expect((note.recipient as SimRecord).vatZone).toEqual((invoice.recipient as SimRecord).vatZone);
    expect((note.notes as SimRecord).heading).toBe(`Credit note for invoice ${String(invoice.bookedInvoiceNumber)}`);
    const lines = note.lines as SimRecord[];
    expect(lines.map((line) => [(line.product as SimRecord).productNumber, line.quantity])).toEqual([[first!.sku, -1]]);

    const before = writeCounts(world);
    expect((await run(BOOKED)).exitCode).toBe(0);
    expect(writeCounts(world)).toEqual(before);

    // The shipping, refunded on its own: a second refund, a second credit note; the first stays as it was.
    const shipping = await world.shop.refund(number!, { lines: [], shipping: true });
    expect((await run(BOOKED)).exitCode).toBe(0);
    expect(creditNotes()).toHaveLength(2);
    const second = creditNotes().find((candidate) => referenceOf(candidate) !== referenceOf(note))!;
    expect(amount(second.grossAmount)).toBe(-shipping);
    expect((second.lines as SimRecord[]).map((line) => (line.product as SimRecord).productNumber)).toEqual(['SHIPPING']);
    // The books now say what the customer paid less what they got back.
    const paid = world.shop.orders().find((order) => order.number === number)!.gross;
    const credited = creditNotes().reduce((sum, document) => sum + amount(document.grossAmount), 0);
    expect(amount(invoice.grossAmount) + credited).toBe(paid - refunded - shipping);
  });

  it('credits a full refund after booking with every line and the shipping, and pays it back when payments are on', async () => {
    const [number] = world.placeOrders(1);
    const config = { invoice: { when: 'booked', book: true, payment: PAYMENT } };
    expect((await run(config)).exitCode).toBe(0);
    const invoice = bookedInvoiceOf(number!)!;

    const refunded = await world.shop.refund(number!, { lines: world.shop.lines(number!), shipping: true });
    expect(refunded).toBe(world.shop.orders().find((order) => order.number === number)!.gross);
    const result = await run(config);
    // Refunded in full after the transfer: leg 1 flags the order for a person (Rackbeat is not told).
    expect(result.open.map((problem) => problem.leg)).toEqual(['webshop-rackbeat']);
    expect(creditNotes()).toHaveLength(1);
    const note = creditNotes()[0]!;
    expect(amount(note.grossAmount)).toBe(-amount(invoice.grossAmount));
    expect(amount(note.netAmount)).toBe(-amount(invoice.netAmount));
    // Paid back: a positive customer payment against the booked credit note, apart from the order's own negative one.
    const entries = economic().journals.entriesOf(PAYMENT.journalNumber);
    const repayment = entries.find((entry) => entry.customerInvoice === note.bookedInvoiceNumber)!;
    expect(repayment.amount).toBe(refunded / 100);
    expect(entries.filter((entry) => entry.customerInvoice === invoice.bookedInvoiceNumber).map((entry) => entry.amount)).toEqual([-refunded / 100]);

    const before = writeCounts(world);
    await run(config);
    expect(writeCounts(world)).toEqual(before);
  });

  it('lets a refund made before the invoice wait, then credits it once the order is invoiced and booked', async () => {
    const [number] = world.placeOrders(1);
    const shipped = { invoice: { when: 'shipped', book: true } };
    expect((await run(shipped)).exitCode).toBe(0);
    const [first] = world.shop.lines(number!);
    const refunded = await world.shop.refund(number!, { lines: [{ sku: first!.sku, quantity: 1 }] });

    expect((await run(shipped)).exitCode).toBe(0);
    expect(creditNotes()).toHaveLength(0);
    expect(bookedInvoiceOf(number!)).toBeUndefined();

    world.rackbeat.state.shipOrderByHand(rackbeatOrdersOf(world, number!)[0]!.number);
    expect((await run(shipped)).exitCode).toBe(0);
    const invoice = bookedInvoiceOf(number!)!;
    expect(invoice).toBeDefined();
    // The invoice is for the whole order; the credit note takes back what was refunded.
    expect(creditNotes()).toHaveLength(1);
    expect(amount(creditNotes()[0]!.grossAmount)).toBe(-refunded);
    expect((creditNotes()[0]!.notes as SimRecord).heading).toBe(`Credit note for invoice ${String(invoice.bookedInvoiceNumber)}`);
  });

  it('with orders.refunds.mode ignore leaves refunds to the bookkeeper, writing nothing for them', async () => {
    const [number] = world.placeOrders(1);
    const ignoring = { ...BOOKED, refunds: { mode: 'ignore' } };
    expect((await run(ignoring)).exitCode).toBe(0);
    const [first] = world.shop.lines(number!);
    await world.shop.refund(number!, { lines: [{ sku: first!.sku, quantity: 1 }] });
    const before = writeCounts(world);
    await run(ignoring);
    expect(writeCounts(world)).toEqual(before);
    expect(creditNotes()).toHaveLength(0);
  });

  it('cancelled in the shop: an unshipped order leaves Rackbeat and its e-conomic draft goes; a shipped one is left and said so', async () => {
    const [kept, gone] = world.placeOrders(2);
    const shipped = { invoice: { when: 'shipped' } };
    expect((await run(shipped)).exitCode).toBe(0);
    const goneRackbeat = rackbeatOrdersOf(world, gone!)[0]!.number;
    const keptRackbeat = rackbeatOrdersOf(world, kept!)[0]!.number;
    world.rackbeat.state.shipOrderByHand(keptRackbeat);
    expect((await run(shipped)).exitCode).toBe(0);
    const draftsOf = (number: string) =>
      [...economic().orderDrafts.values(), ...economic().draftInvoices.values()].filter((document) => referenceOf(document) === invoiceReference(number));
    const keptDrafts = draftsOf(kept!).length;
    expect(draftsOf(gone!)).toHaveLength(1);

    await world.shop.cancelOrder(kept!);
    await world.shop.cancelOrder(gone!);
    const result = await run(shipped);
    // Not shipped: deleted in Rackbeat (its API has no cancel), and its order draft deleted in e-conomic.
    expect(world.rackbeat.state.orders.has(goneRackbeat)).toBe(false);
    expect([...economic().orderDrafts.values()].filter((document) => referenceOf(document).endsWith(`${platform}:${gone!}`))).toHaveLength(0);
    // Shipped first: Rackbeat keeps it, e-conomic is not touched, and the order fails with a hint, never silently.
    expect(world.rackbeat.state.orders.has(keptRackbeat)).toBe(true);
    expect(draftsOf(kept!)).toHaveLength(keptDrafts);
    expect(result.exitCode).toBe(1);
    expect(result.open.map((problem) => [problem.leg, problem.sourceNumber ?? problem.sourceId])).toEqual([['webshop-cancellations', kept!]]);

    const before = writeCounts(world);
    expect((await run(shipped)).exitCode).toBe(1);
    expect(writeCounts(world)).toEqual(before);
  });

  it('cancelled in the shop after its invoice was booked, without a refund: the invoice is credited whole, once, even after the store is lost', async () => {
    const [number] = world.placeOrders(1);
    expect((await run(BOOKED)).exitCode).toBe(0);
    const invoice = bookedInvoiceOf(number!)!;
    const rackbeatNumber = rackbeatOrdersOf(world, number!)[0]!.number;

    await world.shop.cancelOrder(number!);
    const result = await run(BOOKED);
    expect(result.exitCode).toBe(0);
    expect(world.rackbeat.state.orders.has(rackbeatNumber)).toBe(false);
    const cancelCredits = () => [...economic().draftInvoices.values(), ...economic().bookedInvoices.values()].filter((document) => referenceOf(document) === `${platform}-cancel:${number!}`);
    expect(cancelCredits()).toHaveLength(1);
    const note = cancelCredits()[0]!;
    // Booked, the invoice's own lines negated: minus the invoice to the øre, same customer and VAT zone, naming it.
    expect(economic().bookedInvoices.has(note.bookedInvoiceNumber as number)).toBe(true);
    expect(amount(note.grossAmount)).toBe(-amount(invoice.grossAmount));
    expect(amount(note.netAmount)).toBe(-amount(invoice.netAmount));
    expect(note.customer).toEqual(invoice.customer);
    expect((note.recipient as SimRecord).vatZone).toEqual((invoice.recipient as SimRecord).vatZone);
    expect((note.notes as SimRecord).heading).toBe(`Credit note for invoice ${String(invoice.bookedInvoiceNumber)}`);
    const linesOf = (document: SimRecord) => (document.lines as SimRecord[]).map((line) => [(line.product as SimRecord).productNumber, line.quantity, line.unitNetPrice]);
    expect(linesOf(note)).toEqual(linesOf(invoice).map(([product, quantity, price]) => [product, -(quantity as number), price]));

    const before = writeCounts(world);
    expect((await run(BOOKED)).exitCode).toBe(0);
    expect(writeCounts(world)).toEqual(before);
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${world.storePath}${suffix}`, { force: true });
    expect((await run(BOOKED)).exitCode).toBe(0);
    expect(writeCounts(world)).toEqual(before);
    expect(cancelCredits()).toHaveLength(1);
  });

  it('cancelled in the shop after booking, with a refund: the refund is the credit note, and the invoice is not credited twice', async () => {
    const [number] = world.placeOrders(1);
    expect((await run(BOOKED)).exitCode).toBe(0);
    const refunded = await world.shop.refund(number!, { lines: world.shop.lines(number!), shipping: true });
    await world.shop.cancelOrder(number!);
    await run(BOOKED);
    expect(creditNotes().map((document) => amount(document.grossAmount))).toEqual([-refunded]);
    expect([...economic().bookedInvoices.values()].filter((document) => referenceOf(document).startsWith(`${platform}-cancel:`))).toHaveLength(0);
  });

  it('cancelled in the shop with orders.refunds.mode ignore: Rackbeat and e-conomic keep the order, flagged for a person', async () => {
    const [number] = world.placeOrders(1);
    const ignoring = { invoice: { when: 'shipped' }, refunds: { mode: 'ignore' } };
    expect((await run(ignoring)).exitCode).toBe(0);
    const before = writeCounts(world);
    await world.shop.cancelOrder(number!);
    const result = await run(ignoring);
    expect(writeCounts(world)).toEqual(before);
    expect(rackbeatOrdersOf(world, number!)).toHaveLength(1);
    // Flagged for a person: the tool does not follow a cancellation in this mode.
    expect(result.open.map((problem) => problem.leg)).toEqual(['webshop-rackbeat']);
  });

  it('passes over an order cancelled before its transfer: nothing to cancel, and its checkpoint moves on, so a quiet run reads nothing twice', async () => {
    const [number] = world.placeOrders(1);
    await world.shop.cancelOrder(number!);
    if (platform === 'shopify') world.shop.cancel(number!); // Cancelled with its money back: not a state that transfers.
    const result = await run({ invoice: { when: 'shipped' } });
    expect(result.exitCode).toBe(0);
    expect(rackbeatOrdersOf(world, number!)).toHaveLength(0);
    const cancellations = result.legs.find((leg) => leg.leg === 'webshop-cancellations')!;
    expect(cancellations.records.map((record) => [record.sourceId, record.handled])).toEqual([[number, true]]);
    expect(cancellations.checkpoint).toBeDefined();
  });
});
