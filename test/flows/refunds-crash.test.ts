import { describe, expect, it } from 'vitest';
import type { SimRecord } from '../../src/sandbox/economic/state.js';
import { crashAndRecover, runChild, type CrashSubject } from '../helpers/crash-kit.js';
import { ordersCrashSubject } from './helpers/orders-child.js';
import { useFlowWorld, type FlowWorld } from './world/world.js';

/**
 * The refunds' crash suite (issue 20): `iex-sync orders` as a child process, killed (SIGKILL) at the
 * fault points of the credit note, its booking and its repayment entry, with e-conomic's idempotency
 * window outlived after every kill. After every kill no refund has two credit notes or two
 * repayments; after reruns every refund is exactly one booked credit note for what it gave back, and
 * one repayment entry.
 */
const TIMEOUT_MS = 150_000;
const PAYMENT = { journalNumber: 2, contraAccount: 5820 };
const FAULTS = [
  'after-intent:economic-credit-note@1',
  'after-create:economic-credit-note@1',
  'before-commit:economic-credit-note@1',
  'after-state-change:economic-credit-book@1',
  'after-commit:economic-credit-book@1',
  'after-state-change:economic-refund-payment@1',
  'before-commit:economic-refund-payment@1',
];

const referenceOf = (document: SimRecord): string => String((document.references as { other?: unknown } | undefined)?.other ?? '');

describe('refunds crash suite: kill -9 at every credit-note fault point, then rerun', () => {
  const startWorld = useFlowWorld();

  /** Credit notes and repayment entries by refund reference. */
  function creditsByRefund(world: FlowWorld): { notes: Map<string, SimRecord[]>; repayments: Map<string, SimRecord[]> } {
    const economic = world.economic.state;
    const notes = new Map<string, SimRecord[]>();
    for (const document of [...economic.draftInvoices.values(), ...economic.bookedInvoices.values()]) {
      const reference = referenceOf(document);
      if (reference.startsWith('woocommerce-refund:')) notes.set(reference, [...(notes.get(reference) ?? []), document]);
    }
    const repayments = new Map<string, SimRecord[]>();
    for (const entry of economic.journals.entriesOf(PAYMENT.journalNumber)) {
      const text = String(entry.text ?? '');
      if (text.startsWith('Repayment ')) repayments.set(text, [...(repayments.get(text) ?? []), entry]);
    }
    return { notes, repayments };
  }

  it('each refund becomes exactly one booked credit note and one repayment, whatever the kill', async () => {
    const world = await startWorld({ latencyMs: 1, seededOrders: 0 });
    world.writeConfig({ invoice: { when: 'booked', book: true, payment: PAYMENT } });
    const numbers = world.placeOrders(FAULTS.length);
    expect((await runChild(ordersCrashSubject(world).args)).code).toBe(0);
    const refunded = new Map<string, number>();
    let next = 0;
    const orders = ordersCrashSubject(world);
    const subject: CrashSubject = {
      ...orders,
      expectNoDoubles(context) {
        orders.expectNoDoubles(context);
        const { notes, repayments } = creditsByRefund(world);
        expect([...notes].filter(([, found]) => found.length > 1).map(([reference]) => reference), context).toEqual([]);
        expect([...repayments].filter(([, found]) => found.length > 1).map(([text]) => text), context).toEqual([]);
      },
      expectExactlyOnce() {
        orders.expectExactlyOnce();
        const { notes, repayments } = creditsByRefund(world);
        expect(notes.size).toBe(refunded.size);
        for (const [reference, gross] of refunded) {
          const [note] = notes.get(reference) ?? [];
          expect(note?.bookedInvoiceNumber, `${reference} booked`).toBeDefined();
          expect(Math.round((note!.grossAmount as number) * 100)).toBe(-gross);
          const [repayment] = repayments.get(`Repayment ${reference}`) ?? [];
          expect(repayment?.customerInvoice, `${reference} repaid`).toBe(note!.bookedInvoiceNumber);
        }
      },
    };
    await crashAndRecover(subject, FAULTS, {
      // Each kill gets a refund of its own: one unit of an order's first line.
      before: async () => {
        const number = numbers[next++]!;
        const [line] = world.shop.lines(number);
        const gross = await world.shop.refund(number, { lines: [{ sku: line!.sku, quantity: 1 }] });
        const refunds = world.shop.platform === 'woocommerce' ? world.shop.state.refunds : undefined;
        const order = [...world.shop.state.orders.values()].find((candidate) => String(candidate.number) === number)!;
        const made = refunds?.get(order.id)?.at(-1);
        refunded.set(`woocommerce-refund:${String(made?.id)}`, gross);
      },
      after: () => world.outliveIdempotencyWindow(),
    });
  }, TIMEOUT_MS);

  it('a cancelled order leaves Rackbeat and e-conomic once, whatever the kill, and nothing is made again', async () => {
    const world = await startWorld({ latencyMs: 1, seededOrders: 0 });
    world.writeConfig({ invoice: { when: 'shipped' } });
    const cancels = ['after-intent:rackbeat-cancel@1', 'after-state-change:rackbeat-cancel@1', 'before-commit:rackbeat-cancel@1', 'after-state-change:economic-cancel@1', 'before-commit:economic-cancel@1'];
    const numbers = world.placeOrders(cancels.length + 1);
    const subject = ordersCrashSubject(world);
    expect((await runChild(subject.args)).code).toBe(0);
    let next = 0;
    // Each kill gets an order cancelled of its own; the subject's checks then want it out of Rackbeat, every other order there once.
    await crashAndRecover(subject, cancels, { before: () => world.shop.cancelOrder(numbers[next++]!) });
    const left = (number: string) => [...world.economic.state.orderDrafts.values()].filter((document) => referenceOf(document).endsWith(`:${number}`));
    expect(numbers.slice(0, cancels.length).flatMap(left)).toEqual([]);
    expect(left(numbers.at(-1)!)).toHaveLength(1);
  }, TIMEOUT_MS);

  it('a cancelled order whose invoice was booked gets one booked credit note, whatever the kill', async () => {
    const world = await startWorld({ latencyMs: 1, seededOrders: 0 });
    world.writeConfig({ invoice: { when: 'booked', book: true } });
    const kills = [
      'after-intent:economic-cancel-credit@1',
      'after-state-change:economic-cancel-credit@1',
      'before-commit:economic-cancel-credit@1',
      'after-state-change:economic-cancel-credit-book@1',
      'before-commit:economic-cancel-credit-book@1',
    ];
    const numbers = world.placeOrders(kills.length);
    const subject = ordersCrashSubject(world);
    expect((await runChild(subject.args)).code).toBe(0);
    let next = 0;
    // e-conomic forgets the crashed run's Idempotency-Keys: only the look-up by reference keeps a credit note single.
    await crashAndRecover(subject, kills, { before: () => world.shop.cancelOrder(numbers[next++]!), after: () => world.outliveIdempotencyWindow() });
    const economic = world.economic.state;
    for (const number of numbers) {
      const credits = [...economic.draftInvoices.values(), ...economic.bookedInvoices.values()].filter((document) => referenceOf(document).endsWith(`-cancel:${number}`));
      expect(credits.map((document) => document.bookedInvoiceNumber !== undefined), number).toEqual([true]);
    }
  }, TIMEOUT_MS);
});
