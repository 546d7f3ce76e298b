import { describe, expect, it } from 'vitest';
import { createEconomicClient } from '../../src/connectors/economic/client.js';
import { documentKey, parseDocumentKey } from '../../src/connectors/economic/document-key.js';
import type { CallRecord } from '../../src/connectors/http/types.js';
import type { StartedEconomicSimulator } from '../../src/sandbox/economic/simulator.js';
import { sampleDocument, useEconomicSimulator } from './helpers.js';

/**
 * The client finds a document by its reference wherever a bookkeeper has moved it (economic.md §7):
 * an order in drafts, sent or archived; an invoice in drafts or booked, with the booked number, not
 * the draft's. One `$or` list call per collection per chunk of references.
 */
const startSim = useEconomicSimulator();

function clientFor(sim: StartedEconomicSimulator) {
  const calls: CallRecord[] = [];
  const client = createEconomicClient({ ...sim.config, onCall: (call) => calls.push(call) });
  const lists = (): string[] => calls.filter((call) => call.method === 'GET' && call.path.includes('?')).map((call) => call.path.split('?')[0] as string);
  return { client, calls, lists };
}

const booked = (sim: StartedEconomicSimulator, draftNumber: number, bookWithNumber?: number): number => {
  const result = sim.state.bookInvoice(draftNumber, bookWithNumber);
  if (!('record' in result)) throw new Error(result.refusal.message);
  return result.record.bookedInvoiceNumber as number;
};

describe('e-conomic client: documents wherever they are now', () => {
  it('finds orders in drafts, sent and archived, one list call per collection, and says where', async () => {
    const sim = await startSim();
    const { client, lists } = clientFor(sim);
    const draft = await client.orderDrafts.create(sampleDocument('rackbeat:1 woocommerce:1'));
    const sent = await client.orderDrafts.create(sampleDocument('rackbeat:2 woocommerce:2'));
    const archived = await client.orderDrafts.create(sampleDocument('rackbeat:3 woocommerce:(3), $5*'));
    sim.state.sendOrder(sent.number);
    sim.state.sendOrder(archived.number);
    sim.state.sentOrders.delete(archived.number); // Upgraded to an invoice: only the archived copy is left.
    const before = lists().length;

    const found = await client.orderDrafts.findByReferences([
      'rackbeat:1 woocommerce:1', 'rackbeat:2 woocommerce:2', 'rackbeat:3 woocommerce:(3), $5*', 'rackbeat:4 woocommerce:4',
    ]);
    expect(lists().slice(before).sort()).toEqual(['/orders/archived', '/orders/drafts', '/orders/sent']);
    expect(found.get('rackbeat:1 woocommerce:1')).toMatchObject({ kind: 'order', state: 'draft', number: draft.number });
    // Sent, and also its archived copy: the sent one is the order.
    expect(found.get('rackbeat:2 woocommerce:2')).toMatchObject({ state: 'sent', number: sent.number, grossAmount: sent.grossAmount, netAmount: sent.netAmount });
    expect(found.get('rackbeat:3 woocommerce:(3), $5*')).toMatchObject({ state: 'archived', number: archived.number, grossAmount: archived.grossAmount });
    expect(found.has('rackbeat:4 woocommerce:4')).toBe(false);

    expect(await client.orderDrafts.get(sent.number, 'sent')).toEqual(found.get('rackbeat:2 woocommerce:2'));
    expect(await client.orderDrafts.get(sent.number)).toBeUndefined();
    expect(await client.orderDrafts.findByReference('rackbeat:2 woocommerce:2')).toMatchObject({ state: 'sent', number: sent.number });
  });

  it('finds a booked invoice by its booked number, never the draft number it had', async () => {
    const sim = await startSim();
    const { client, lists } = clientFor(sim);
    const stays = await client.draftInvoices.create(sampleDocument('rackbeat:1'));
    const toBook = await client.draftInvoices.create(sampleDocument('rackbeat:2'));
    const bookedNumber = booked(sim, toBook.number, 20261001);
    const before = lists().length;

    const found = await client.draftInvoices.findByReferences(['rackbeat:1', 'rackbeat:2']);
    expect(lists().slice(before).sort()).toEqual(['/invoices/booked', '/invoices/drafts']);
    expect(found.get('rackbeat:1')).toMatchObject({ kind: 'draft-invoice', state: 'draft', number: stays.number });
    expect(found.get('rackbeat:2')).toMatchObject({
      kind: 'draft-invoice',
      state: 'booked',
      number: bookedNumber,
      reference: 'rackbeat:2',
      netAmount: toBook.netAmount,
      vatAmount: toBook.vatAmount,
      grossAmount: toBook.grossAmount,
    });
    expect(await client.draftInvoices.get(bookedNumber, 'booked')).toEqual(found.get('rackbeat:2'));
    expect(await client.draftInvoices.get(toBook.number)).toBeUndefined();
    // An invoice is never sent or archived as an order is; asking for one is a programming error.
    await expect(client.draftInvoices.get(1, 'sent')).rejects.toThrow(TypeError);
  });

  it('asks each collection once per chunk of 20 references, whatever it holds', async () => {
    const sim = await startSim();
    const { client, lists } = clientFor(sim);
    const references = Array.from({ length: 25 }, (_, index) => `rackbeat:${index + 1}`);
    for (const reference of references.slice(0, 3)) await client.draftInvoices.create(sampleDocument(reference));
    booked(sim, 1);
    const before = lists().length;
    const found = await client.draftInvoices.findByReferences(references);
    expect(lists().slice(before).sort()).toEqual(['/invoices/booked', '/invoices/booked', '/invoices/drafts', '/invoices/drafts']);
    expect([...found.values()].map((document) => document.state).sort()).toEqual(['booked', 'draft', 'draft']);
  });

  it('keys a document by where it is: a bare number for a draft, the state with the number elsewhere', () => {
    expect(documentKey({ state: 'draft', number: 7 })).toBe('7');
    expect(documentKey({ state: 'booked', number: 7 })).toBe('booked:7');
    for (const place of [{ state: 'draft', number: 7 }, { state: 'sent', number: 8 }, { state: 'archived', number: 9 }, { state: 'booked', number: 20261001 }] as const) {
      expect(parseDocumentKey(documentKey(place))).toEqual(place);
    }
    expect(() => parseDocumentKey('paid:7')).toThrow(TypeError);
  });
});
