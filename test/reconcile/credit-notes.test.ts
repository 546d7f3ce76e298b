import { describe, expect, it } from 'vitest';
import type { WebshopPlatform } from '../../src/connectors/systems.js';
import { withTotals } from '../../src/sandbox/economic/documents.js';
import type { SimRecord } from '../../src/sandbox/economic/state.js';
import { runMain } from '../cli/run-cli.js';
import { runOrders, worldConfig } from '../flows/world/run-orders.js';
import { PLATFORMS, useFlowWorld, type FlowWorld } from '../flows/world/world.js';
import { writeCounts } from '../flows/world/writes.js';
import type { FindingJson, ReportJson } from './report-json.js';

/**
 * Issue 20, "reconcile counts credit notes": against the simulators over HTTP, for both webshops.
 * A credit note is an e-conomic draft or booked invoice whose reference is a refund's; reconcile
 * counts those dated in the period (drafts and booked apart), matches each refund of the period's
 * orders to its credit note, and reports a refund the refunds leg should have credited and has
 * not, a refund credited twice, a credit note whose amount was edited, and a credit note naming a
 * refund the shop does not have.
 */
const BOOKED = { invoice: { when: 'booked', book: true } };
const DRAFTS = { invoice: { when: 'booked' } };

const referenceOf = (document: SimRecord): string => String((document.references as { other?: unknown } | undefined)?.other ?? '');

describe.each(PLATFORMS)('reconcile credit notes with %s', (platform: WebshopPlatform) => {
  const startWorld = useFlowWorld();

  const transfer = async (world: FlowWorld, orders: Record<string, unknown>) => {
    expect((await runOrders({ config: await worldConfig(world, orders), command: 'orders' })).exitCode).toBe(0);
  };
  const reconcile = async (world: FlowWorld, format: 'json' | 'table' = 'json') => {
    const result = await runMain(['-c', world.configPath, 'reconcile', '--flow', 'orders', '--since', '3d', '--format', format], { cwd: world.dir });
    return { ...result, report: format === 'json' ? (JSON.parse(result.stdout) as ReportJson & { counted: unknown[] }) : undefined };
  };
  const creditNotes = (world: FlowWorld): SimRecord[] => {
    const economic = world.economic.state;
    return [...economic.draftInvoices.values(), ...economic.bookedInvoices.values()].filter((document) => referenceOf(document).startsWith(`${platform}-refund:`));
  };
  const refundOne = (world: FlowWorld, number: string) => world.shop.refund(number, { lines: [{ sku: world.shop.lines(number)[0]!.sku, quantity: 1 }] });

  it('counts the credit note of an order cancelled after its invoice was booked, and finds nothing wrong', async () => {
    const world = await startWorld({ platform, seededOrders: 0 });
    const [number] = world.placeOrders(1) as [string];
    await transfer(world, BOOKED);
    await world.shop.cancelOrder(number);
    await transfer(world, BOOKED);
    const economic = world.economic.state;
    expect([...economic.bookedInvoices.values()].filter((document) => referenceOf(document) === `${platform}-cancel:${number}`)).toHaveLength(1);
    world.writeConfig(BOOKED);

    const { code, report } = await reconcile(world);

    expect(report!.findings).toEqual([]);
    expect(report!.counted).toEqual([{ flow: 'orders', name: 'credit notes', parts: { booked: 1 }, total: 1 }]);
    expect(code).toBe(0);
  });

  it('counts the credit notes the refunds leg made, booked, and finds nothing wrong with them', async () => {
    const world = await startWorld({ platform, seededOrders: 0 });
    const [once, twice] = world.placeOrders(2) as [string, string];
    await transfer(world, BOOKED);
    await refundOne(world, once);
    await refundOne(world, twice);
    await world.shop.refund(twice, { lines: [], shipping: true });
    await transfer(world, BOOKED);
    expect(creditNotes(world)).toHaveLength(3);
    world.writeConfig(BOOKED);
    const writes = writeCounts(world);

    const { code, report, stderr } = await reconcile(world);

    expect(report!.findings).toEqual([]);
    expect(report!.counted).toEqual([{ flow: 'orders', name: 'credit notes', parts: { booked: 3 }, total: 3 }]);
    expect(stderr).toMatch(/: everything agrees; 3 credit notes \(3 booked\); \d+ calls in/);
    expect(code).toBe(0);
    expect(writeCounts(world)).toEqual(writes);
  });

  it('finds a refund not credited, one credited twice, a credit note edited and one naming a refund the shop does not have, and counts the drafts', async () => {
    const world = await startWorld({ platform, seededOrders: 0 });
    const [uncredited, doubled, edited] = world.placeOrders(3) as [string, string, string];
    await transfer(world, DRAFTS);
    await refundOne(world, doubled);
    await refundOne(world, edited);
    await transfer(world, DRAFTS);
    world.writeConfig(DRAFTS);
    const economic = world.economic.state;
    const noteOf = (number: string) => {
      const refundId = [...(world.shop.state.refunds as Map<number, Array<{ id: number }>>).entries()]
        .find(([orderId]) => String([...world.shop.state.orders.values()].find((order) => order.id === orderId)?.number) === number)![1][0]!.id;
      return creditNotes(world).find((document) => referenceOf(document) === `${platform}-refund:${refundId}`)!;
    };
    // Refunded after the last run, with its invoice there: the refunds leg would credit it now.
    await refundOne(world, uncredited);
    // A credit note copied by hand under a draft number of its own.
    const original = noteOf(doubled);
    const copy = economic.takeDocumentNumber('draftInvoices');
    economic.draftInvoices.set(copy, { ...original, draftInvoiceNumber: copy });
    // A credit note whose price was edited: its totals follow.
    const editedNote = noteOf(edited);
    const lines = (editedNote.lines as SimRecord[]).map((line, index) => (index === 0 ? { ...line, unitNetPrice: Number(line.unitNetPrice) + 10 } : line));
    economic.draftInvoices.set(editedNote.draftInvoiceNumber as number, withTotals(economic, { ...editedNote, lines }));
    // A credit note naming a refund the shop never made.
    const orphan = economic.takeDocumentNumber('draftInvoices');
    economic.draftInvoices.set(orphan, { ...original, draftInvoiceNumber: orphan, references: { other: `${platform}-refund:424242` } });
    const writes = writeCounts(world);

    const { code, report } = await reconcile(world);

    const rows = report!.findings.map((finding) => `${finding.kind} ${finding.record.replace(/ refund \S+$/, ' refund')}`).sort();
    expect(rows).toEqual(
      [`missing #${uncredited} refund`, `doubled #${doubled} refund`, `mismatched #${edited} refund`, `orphaned e-conomic draft invoice ${orphan} (credit note)`].sort(),
    );
    const finding = (kind: string) => report!.findings.find((candidate) => candidate.kind === kind) as FindingJson;
    expect(finding('doubled').systems.economic).toMatch(new RegExp(`^draft invoice ${original.draftInvoiceNumber as number} -\\d+\\.\\d\\d DKK, draft invoice ${copy} -`));
    expect(finding('mismatched').problem).toMatch(/^gross -\d+\.\d\d in e-conomic, \d+\.\d\d refunded in the shop$/);
    expect(finding('missing')).toMatchObject({ problem: expect.stringMatching(/^no e-conomic credit note for refund \S+ \(the order's draft invoice \d+\)$/), log: null, hint: 'iex-sync orders (the refunds leg credits it)' });
    expect(finding('orphaned').problem).toContain(`${platform}-refund:424242`);
    // The two the leg made, the copy and the orphan: four drafts.
    expect(report!.counted).toEqual([{ flow: 'orders', name: 'credit notes', parts: { draft: 4 }, total: 4 }]);
    expect(code).toBe(1);
    expect(writeCounts(world)).toEqual(writes);

    const table = await reconcile(world, 'table');
    expect(table.stdout).toContain(`#${uncredited} refund `);
    expect(table.stderr).toMatch(/: 1 missing, 1 doubled, 1 mismatched, 1 orphaned; 4 credit notes \(4 draft\); \d+ calls in/);
  });

  it('reports no missing credit note while refunds are not credited (orders.refunds.mode: ignore), and still counts those there are', async () => {
    const world = await startWorld({ platform, seededOrders: 0 });
    const [credited, later] = world.placeOrders(2) as [string, string];
    await transfer(world, DRAFTS);
    await refundOne(world, credited);
    await transfer(world, DRAFTS);
    await refundOne(world, later);
    world.writeConfig({ ...DRAFTS, refunds: { mode: 'ignore' } });

    const { code, report } = await reconcile(world);

    expect(report!.findings).toEqual([]);
    expect(report!.counted).toEqual([{ flow: 'orders', name: 'credit notes', parts: { draft: 1 }, total: 1 }]);
    expect(code).toBe(0);
  });
});
