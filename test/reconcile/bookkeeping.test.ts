import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { WebshopPlatform } from '../../src/connectors/systems.js';
import type { SimRecord } from '../../src/sandbox/economic/state.js';
import { runMain } from '../cli/run-cli.js';
import { eligibleOrders, expectTransferredOnce } from '../flows/helpers/order-checks.js';
import { loadOrdersConfig, runOrders } from '../flows/world/run-orders.js';
import type { ShopOrderFacts } from '../flows/world/shop-drivers.js';
import { PLATFORMS, useFlowWorld, type FlowWorld } from '../flows/world/world.js';

/**
 * Issue 22: what a bookkeeper does in e-conomic is not a disagreement (an order sent, with its
 * archived copy; an invoice booked under a number of its own; the invoice made from an order), but a
 * document moved to another customer or currency is. The period's end is respected; without a store
 * the systems are still compared (a deleted order is then missing, the log being unknown); a store of
 * other systems is refused.
 */
interface ReportJson {
  findings: Array<{ kind: string; record: string; problem: string; systems: Record<string, string> }>;
}

describe.each(PLATFORMS)('reconcile and the bookkeeper, with %s', (platform: WebshopPlatform) => {
  const startWorld = useFlowWorld();

  const transfer = async (world: FlowWorld, orders: Record<string, unknown> = {}) => {
    const run = await runOrders({ config: await loadOrdersConfig(world.writeConfig(orders)), command: 'orders' });
    expect(run.exitCode).toBe(0);
  };
  const reconcile = async (world: FlowWorld, args: string[] = []) => {
    const result = await runMain(['-c', world.configPath, 'reconcile', '--since', '3d', '--format', 'json', ...args], { cwd: world.dir });
    return { code: result.code, stderr: result.stderr, findings: result.stdout ? (JSON.parse(result.stdout) as ReportJson).findings : [] };
  };
  const kinds = (findings: ReportJson['findings']) => findings.map((finding) => `${finding.kind} ${finding.record}`).sort();

  it('takes a sent order with its archived copy as it is, and a document moved to another customer and currency, or a Rackbeat order to another buyer, as mismatched', async () => {
    const world = await startWorld({ platform });
    await transfer(world);
    const [sent, moved, rebilled] = eligibleOrders(world) as [ShopOrderFacts, ShopOrderFacts, ShopOrderFacts];
    const economic = world.economic.state;
    expectTransferredOnce(world, rebilled.number).rackbeat.billingAddress.email = 'someone.else@example.test';
    const sentResult = economic.sendOrder(expectTransferredOnce(world, sent.number).document.orderNumber as number);
    expect('record' in sentResult).toBe(true);
    const document = expectTransferredOnce(world, moved.number).document;
    const otherCustomer = [...economic.customers.keys()].find((number) => number !== (document.customer as SimRecord).customerNumber) as number;
    economic.orderDrafts.set(document.orderNumber as number, { ...document, customer: { customerNumber: otherCustomer }, currency: 'EUR' });

    const { code, findings } = await reconcile(world);

    expect(kinds(findings)).toEqual([`mismatched #${moved.number}`, `mismatched #${rebilled.number}`].sort());
    const problem = (order: ShopOrderFacts) => findings.find((finding) => finding.record === `#${order.number}`)?.problem;
    expect(problem(moved)).toMatch(new RegExp(`^currency EUR in e-conomic, DKK in Rackbeat; customer ${otherCustomer} in e-conomic, \\d+ matched by iex-sync$`));
    expect(problem(rebilled)).toBe(`customer someone.else@example.test in Rackbeat, ${rebilled.email.toLowerCase()} in the shop`);
    expect(code).toBe(1);
  });

  it('takes a booked invoice and the order an invoice was made from as one sale each, with orders.document invoice', async () => {
    const world = await startWorld({ platform });
    await transfer(world, { document: 'invoice' });
    const economic = world.economic.state;
    const [booked, fromOrder] = [...economic.draftInvoices.values()] as [SimRecord, SimRecord];
    expect('record' in economic.bookInvoice(booked.draftInvoiceNumber as number)).toBe(true);
    const orderNumber = economic.takeDocumentNumber('orderDrafts');
    const { draftInvoiceNumber: _number, ...asOrder } = fromOrder;
    economic.orderDrafts.set(orderNumber, { ...asOrder, orderNumber });

    const { code, findings } = await reconcile(world);

    expect(findings).toEqual([]);
    expect(code).toBe(0);
  });

  it('expects nothing of an order created before orders.startFrom, in the shop or by hand in Rackbeat, however far back --since reaches', async () => {
    const world = await startWorld({ platform, orderBeforeCutOver: true });
    const before = world.shop.orders().filter((order) => order.eligible && order.createdAt < world.startFrom.getTime());
    expect(before).toHaveLength(1);
    // Booked by hand in Rackbeat a day before the cut-over, edited just now.
    const rackbeat = world.rackbeat.state;
    rackbeat.advanceClock(world.startFrom.getTime() - 86_400_000 - Date.now());
    const old = rackbeat.createOrderByPerson({ customerNumber: 1001, heading: 'Telephone order', lines: [{ sku: 'CAP-001', quantity: 1 }] }, { book: true });
    rackbeat.advanceClock(Date.now() - rackbeat.now());
    rackbeat.touchOrder(old.number);
    await transfer(world);

    const { code, findings } = await reconcile(world, ['--since', '5d']);

    expect(findings).toEqual([]);
    expect(code).toBe(0);
  });

  it('leaves out orders created after --until', async () => {
    const world = await startWorld({ platform });
    await transfer(world);
    const until = new Date(Date.now() - 60_000);
    const [later] = world.placeOrders(1) as [string];

    expect((await reconcile(world, ['--until', until.toISOString()])).findings).toEqual([]);
    expect(kinds((await reconcile(world)).findings)).toEqual([`missing #${later}`]);
  });

  it('compares the systems without a store (a document dated long ago by hand is looked up, not missing), saying what it cannot tell, and refuses a store of other systems (exit 2)', async () => {
    const world = await startWorld({ platform });
    await transfer(world);
    const [deleted, redated] = eligibleOrders(world).map((order) => order.number) as [string, string];
    world.rackbeat.state.orders.delete(expectTransferredOnce(world, deleted).rackbeat.number);
    const old = expectTransferredOnce(world, redated).document;
    world.economic.state.orderDrafts.set(old.orderNumber as number, { ...old, date: '2020-01-31' });

    // The store bound to another shop: its log says nothing about this one.
    const database = new Database(world.storePath);
    database.prepare("UPDATE identity SET instance_id = 'https://another.shop.example' WHERE role = 'webshop'").run();
    database.close();
    const refused = await runMain(['-c', world.configPath, 'reconcile', '--since', '3d'], { cwd: world.dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`the store ${world.storePath} belongs to ${platform} `);
    expect(refused.stderr).toContain('(https://another.shop.example), but the config points at');

    rmSync(world.storePath);
    const { code, stderr, findings } = await reconcile(world);
    expect(kinds(findings)).toEqual([`missing #${deleted}`]);
    expect(stderr).toContain(`no local log at ${world.storePath}`);
    expect(code).toBe(1);
  });
});
