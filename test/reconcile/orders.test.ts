import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { WebshopPlatform } from '../../src/connectors/systems.js';
import { withTotals } from '../../src/sandbox/economic/documents.js';
import type { SimRecord } from '../../src/sandbox/economic/state.js';
import { runMain } from '../cli/run-cli.js';
import { economicDocumentsOf, eligibleOrders, expectTransferredOnce } from '../flows/helpers/order-checks.js';
import { loadOrdersConfig, runOrders } from '../flows/world/run-orders.js';
import { PLATFORMS, useFlowWorld, type FlowWorld } from '../flows/world/world.js';
import { writeCounts } from '../flows/world/writes.js';
import { kindsOf, type FindingJson, type ReportJson } from './report-json.js';

/**
 * Issue 22, "Done when": `reconcile` against the simulators over HTTP with a real SQLite store, for
 * both webshops. Each kind of disagreement is planted in a simulator's state as a person or another
 * app would leave it, and reconcile must find each one, and nothing else; a world an `orders` run
 * left clean reports nothing and exits 0. It never writes to any system, nor to the store.
 */
describe.each(PLATFORMS)('reconcile orders with %s', (platform: WebshopPlatform) => {
  const startWorld = useFlowWorld();

  const transfer = async (world: FlowWorld) => {
    const run = await runOrders({ config: await loadOrdersConfig(world.configPath), command: 'orders' });
    expect(run.exitCode).toBe(0);
  };
  const reconcile = async (world: FlowWorld, args: string[] = []) => {
    const result = await runMain(['-c', world.configPath, 'reconcile', '--since', '3d', '--format', 'json', ...args], { cwd: world.dir });
    return { code: result.code, report: JSON.parse(result.stdout) as ReportJson, stderr: result.stderr };
  };

  it('reports nothing and exits 0 for a world an orders run left clean, reading each system a page at a time and writing nothing', async () => {
    const world = await startWorld({ platform });
    await transfer(world);
    const writes = writeCounts(world);
    const store = statSync(world.storePath).mtimeMs;

    const { code, report, stderr } = await reconcile(world);

    expect(report.findings).toEqual([]);
    expect(report.agrees).toBe(true);
    expect(code).toBe(0);
    // /self of each system, one page of shop orders, one of Rackbeat orders, five e-conomic places.
    expect(report.calls).toBeLessThanOrEqual(12);
    expect(stderr).toContain('everything agrees');
    expect(writeCounts(world)).toEqual(writes);
    expect(statSync(world.storePath).mtimeMs).toBe(store);
  });

  it('finds every eligible order missing before any run, with no reason to give, and exits 1', async () => {
    const world = await startWorld({ platform });
    const eligible = eligibleOrders(world).map((order) => `missing #${order.number}`).sort();
    expect(eligible.length).toBeGreaterThan(3);

    const { code, report } = await reconcile(world);

    expect(kindsOf(report)).toEqual(eligible);
    expect(report.findings.every((finding) => finding.hint === `iex-sync orders --order ${finding.record.slice(1)}` && finding.log === null)).toBe(true);
    expect(code).toBe(1);
  });

  it('finds each planted disagreement (deleted, doubled, edited, orphaned, a logged target gone, a failed order) and nothing else', async () => {
    const world = await startWorld({ platform });
    await transfer(world);
    const [deletedInRackbeat, doubled, edited, documentGone] = eligibleOrders(world).map((order) => order.number) as [string, string, string, string];
    const chain = (number: string) => {
      const transferred = expectTransferredOnce(world, number);
      return { rackbeat: transferred.rackbeat, document: transferred.document };
    };
    const economic = world.economic.state;

    // An order deleted in Rackbeat: the log says it was made.
    world.rackbeat.state.orders.delete(chain(deletedInRackbeat).rackbeat.number);
    // A document doubled by hand in e-conomic (a copy of the draft, under a number of its own).
    const original = chain(doubled).document;
    const copyNumber = economic.takeDocumentNumber('orderDrafts');
    economic.orderDrafts.set(copyNumber, { ...original, orderNumber: copyNumber, self: `${String(original.self).replace(/\d+$/, String(copyNumber))}` });
    // A total edited in e-conomic: a line's price changed, the totals follow it.
    const editedDocument = chain(edited).document;
    const lines = editedDocument.lines as SimRecord[];
    const editedLines = lines.map((line, index) => (index === 0 ? { ...line, unitNetPrice: Number(line.unitNetPrice) + 10 } : line));
    economic.orderDrafts.set(editedDocument.orderNumber as number, withTotals(economic, { ...editedDocument, lines: editedLines }));
    // A reference to an order that does not exist.
    const orphanNumber = economic.takeDocumentNumber('orderDrafts');
    economic.orderDrafts.set(orphanNumber, { ...original, orderNumber: orphanNumber, references: { other: `rackbeat:99999 ${platform}:99999` } });
    // A log row whose target was deleted: the e-conomic document, by hand.
    economic.orderDrafts.delete(chain(documentGone).document.orderNumber as number);
    // An order the run could not take (a SKU Rackbeat does not know): missing, with the log's reason.
    world.shop.addProduct('NOT-IN-RACKBEAT', 'Unknown thing', 10_000 as never);
    const failed = world.shop.place({
      customer: { email: 'late@example.test', name: 'Late Buyer', address: 'Vej 1', city: 'Vejle', postcode: '7100', country: 'DK', existsInBackOffice: false },
      items: [{ sku: 'NOT-IN-RACKBEAT', quantity: 1 }],
      paid: true,
    });
    const failedRun = await runOrders({ config: await loadOrdersConfig(world.configPath), command: 'orders' });
    expect(failedRun.exitCode).toBe(1);
    // And one placed since the last run: missing, nothing in the log.
    const [unseen] = world.placeOrders(1) as [string];
    const writes = writeCounts(world);

    const { code, report } = await reconcile(world);

    expect(kindsOf(report)).toEqual(
      [
        `stale #${deletedInRackbeat}`,
        `doubled #${doubled}`,
        `mismatched #${edited}`,
        `orphaned e-conomic order draft ${orphanNumber}`,
        `stale #${documentGone}`,
        `missing #${failed}`,
        `missing #${unseen}`,
      ].sort(),
    );
    const finding = (kind: string, record: string) => report.findings.find((candidate) => candidate.kind === kind && candidate.record === record) as FindingJson;
    const rackbeatNumber = chain(edited).rackbeat.number;
    expect(finding('mismatched', `#${edited}`).problem).toMatch(/^net \d+\.\d\d in e-conomic, \d+\.\d\d in Rackbeat; VAT .*; gross .*/);
    expect(finding('mismatched', `#${edited}`).systems.rackbeat).toContain(`order ${rackbeatNumber} `);
    expect(finding('doubled', `#${doubled}`).systems.economic).toBe(`order draft ${original.orderNumber as number}, order draft ${copyNumber}`);
    expect(finding('stale', `#${deletedInRackbeat}`).problem).toContain('Rackbeat no longer has it; e-conomic still has order draft');
    expect(finding('stale', `#${documentGone}`).problem).toContain('e-conomic no longer has it');
    expect(finding('orphaned', `e-conomic order draft ${orphanNumber}`).problem).toBe('its reference names Rackbeat order 99999, which Rackbeat does not have');
    expect(finding('missing', `#${failed}`).log).toMatch(/^failed: .*NOT-IN-RACKBEAT/);
    expect(finding('missing', `#${unseen}`)).toMatchObject({ log: null, hint: `iex-sync orders --order ${unseen}` });
    expect(economicDocumentsOf(world, `rackbeat:99999 ${platform}:99999`)).toHaveLength(1);
    expect(code).toBe(1);
    expect(writeCounts(world)).toEqual(writes);
  });

  it('finds what people did in Rackbeat and the shop: an order edited after it went, an order doubled, a heading naming no order, a booked order made by hand that never reached e-conomic', async () => {
    const world = await startWorld({ platform });
    await transfer(world);
    const [edited, doubled] = eligibleOrders(world).map((order) => order.number) as [string, string];
    const rackbeat = world.rackbeat.state;
    const editedSku = expectTransferredOnce(world, edited).rackbeat.lines[0]!.sku;
    world.shop.addUnit(edited);
    const original = expectTransferredOnce(world, doubled).rackbeat;
    const copy = rackbeat.createOrderByPerson({ customerNumber: original.customerNumber, heading: original.heading, lines: [{ sku: 'CAP-001', quantity: 1 }] }, { book: true });
    const label = platform === 'shopify' ? 'Shopify' : 'WooCommerce';
    const nameless = rackbeat.createOrderByPerson({ customerNumber: original.customerNumber, heading: `${label} order #77777`, lines: [{ sku: 'CAP-001', quantity: 1 }] });
    const byHand = rackbeat.createOrderByPerson({ customerNumber: original.customerNumber, heading: 'Telephone order', lines: [{ sku: 'CAP-001', quantity: 2 }] }, { book: true });

    const { code, report } = await reconcile(world);

    expect(kindsOf(report)).toEqual(
      [`mismatched #${edited}`, `doubled #${doubled}`, `orphaned Rackbeat order ${nameless.number}`, `missing Rackbeat order ${byHand.number}`].sort(),
    );
    const finding = (kind: string) => report.findings.find((candidate) => candidate.kind === kind) as FindingJson;
    expect(finding('mismatched').problem).toMatch(new RegExp(`^net .* in Rackbeat, .* in the shop; gross .*; ${editedSku.replace(/[#/]/g, '.')}: \\d+ in Rackbeat, \\d+ in the shop$`));
    expect(finding('doubled').problem).toBe(`2 Rackbeat orders for one webshop order: ${original.number}, ${copy.number}`);
    expect(finding('orphaned').problem).toBe('its heading names webshop order #77777, which the shop does not have');
    expect(finding('missing')).toMatchObject({ problem: `no e-conomic document for booked Rackbeat order ${byHand.number}`, log: null });
    expect(finding('missing').hint).toMatch(/^iex-sync orders --since \d{4}-\d{2}-\d{2}$/);
    expect(code).toBe(1);

    // The same findings for people, grouped by kind, and for a spreadsheet: a row each, every system a column.
    const table = await runMain(['-c', world.configPath, 'reconcile', '--since', '3d'], { cwd: world.dir });
    expect(table.code).toBe(1);
    const headings = table.stdout.split('\n').filter((line) => /^[A-Z]+:/.test(line));
    expect(headings).toEqual(['MISSING: not where it should be (1)', 'DOUBLED: more than one where there should be one (document, shop item) (1)', 'MISMATCHED: the systems hold different figures (1)', 'ORPHANED: names an order that does not exist (1)']);
    expect(table.stdout).toContain(`    Rackbeat    order ${byHand.number} `);
    expect(table.stderr).toMatch(/reconcile orders \(.* to .*\): 1 missing, 1 doubled, 1 mismatched, 1 orphaned; \d+ calls in \d+\.\d s/);
    const csv = await runMain(['-c', world.configPath, 'reconcile', '--since', '3d', '--format', 'csv'], { cwd: world.dir });
    const [header, ...rows] = csv.stdout.trimEnd().split('\n');
    expect(header).toBe('kind,flow,record,webshop,rackbeat,economic,problem,log,hint');
    expect(rows.map((row) => row.split(',').slice(0, 3).join(','))).toEqual([
      `missing,orders,Rackbeat order ${byHand.number}`,
      `doubled,orders,#${doubled}`,
      `mismatched,orders,#${edited}`,
      `orphaned,orders,Rackbeat order ${nameless.number}`,
    ]);
  });

  it('refuses a period that ends before it starts and a flow that offers no comparison (exit 2), and a system refusing the credentials (exit 3)', async () => {
    const world = await startWorld({ platform });
    const cli = (args: string[], file = world.configPath) => runMain(['-c', file, 'reconcile', ...args], { cwd: world.dir });

    const backwards = await cli(['--since', '1d', '--until', '2d']);
    expect(backwards.code).toBe(2);
    expect(backwards.stderr).toContain('is not before --until');
    const unknown = await cli(['--flow', 'invoices']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('"invoices" offers no comparison: use orders');

    const config = parse(readFileSync(world.configPath, 'utf8')) as { rackbeat: { apiKey: string } };
    config.rackbeat.apiKey = 'not-the-key';
    const wrongKey = join(world.dir, 'wrong-key.yaml');
    writeFileSync(wrongKey, stringify(config));
    const refused = await cli(['--since', '1d'], wrongKey);
    expect(refused.code).toBe(3);
    expect(refused.stderr).not.toContain('not-the-key');
  });
});
