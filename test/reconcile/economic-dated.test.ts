import { describe, expect, it } from 'vitest';
import { createEconomicClient } from '../../src/connectors/economic/client.js';
import type { CallRecord } from '../../src/connectors/http/types.js';
import { sampleDocument, useEconomicSimulator } from '../economic/helpers.js';

/**
 * The e-conomic client's read of every document dated in a period, wherever a bookkeeper moved it
 * (what reconcile reads): drafts, sent orders with their archived copies, booked invoices under
 * their own number; a document dated outside the period is not listed. One filtered list call per place.
 */
const startSim = useEconomicSimulator();

describe('e-conomic client: documents dated in a period', () => {
  it('lists orders in drafts, sent and archived, and invoices drafted and booked, dated from and to, both days included', async () => {
    const sim = await startSim();
    const calls: CallRecord[] = [];
    const client = createEconomicClient({ ...sim.config, onCall: (call) => calls.push(call) });
    const dated = (date: string, reference: string) => ({ ...sampleDocument(reference), date });
    const first = await client.orderDrafts.create(dated('2026-11-01', 'rackbeat:1'));
    const sent = await client.orderDrafts.create(dated('2026-11-30', 'rackbeat:2'));
    await client.orderDrafts.create(dated('2026-10-31', 'rackbeat:3'));
    await client.orderDrafts.create(dated('2026-12-01', 'rackbeat:4'));
    sim.state.sendOrder(sent.number);
    const invoice = await client.draftInvoices.create(dated('2026-11-15', 'rackbeat:5'));
    const booked = sim.state.bookInvoice(invoice.number);
    if (!('record' in booked)) throw new Error(booked.refusal.message);
    const draftInvoice = await client.draftInvoices.create(dated('2026-11-16', 'rackbeat:6'));
    const before = calls.length;

    const read = async (documents: typeof client.orderDrafts) => {
      const found: string[] = [];
      for await (const document of documents.dated('2026-11-01', '2026-11-30')) found.push(`${document.state} ${document.number} ${document.reference}`);
      return found.sort();
    };
    expect(await read(client.orderDrafts)).toEqual([`archived ${sent.number} rackbeat:2`, `draft ${first.number} rackbeat:1`, `sent ${sent.number} rackbeat:2`].sort());
    expect(await read(client.draftInvoices)).toEqual([`booked ${booked.record.bookedInvoiceNumber} rackbeat:5`, `draft ${draftInvoice.number} rackbeat:6`].sort());
    expect(calls.length - before).toBe(5);
    expect(calls.slice(before).every((call) => call.method === 'GET' && decodeURIComponent(call.path).includes('date$gte:2026-11-01$and:date$lte:2026-11-30'))).toBe(true);
  });
});
