import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/flows/checks.js';
import { runMain } from '../cli/run-cli.js';
import { useFlowWorld, type FlowWorld } from '../flows/world/world.js';
import { useWebhookReceiver, writeWorldConfig } from './ops-world.js';

/** Issue 21, `iex-sync doctor` against the simulators: every check ✓ on a good setup, and ✗ with the fix that helps. */
describe('iex-sync doctor', () => {
  const startWorld = useFlowWorld();
  const startReceiver = useWebhookReceiver();

  const doctor = async (world: FlowWorld, extra: Record<string, unknown> = {}, orders: Record<string, unknown> = {}) => {
    const receiver = await startReceiver();
    const file = writeWorldConfig(world, { notify: { webhook: { url: receiver.url, format: 'slack' } }, ...extra }, orders);
    const text = await runMain(['-c', file, 'doctor'], { cwd: world.dir });
    const json = await runMain(['-c', file, '--json', 'doctor'], { cwd: world.dir });
    const report = JSON.parse(json.stdout) as { checks: CheckResult[]; exitCode: number };
    expect(json.code).toBe(text.code);
    const failedChecks = report.checks.filter((check) => check.status === 'failed');
    return { code: text.code, stdout: text.stdout, report, failedChecks };
  };

  it('passes every check against a good setup, naming the shop, the Rackbeat account and the e-conomic agreement', async () => {
    const world = await startWorld();
    const { code, stdout, report } = await doctor(world);
    expect(code).toBe(0);
    expect(report.checks.filter((check) => check.status !== 'ok')).toEqual([]);
    expect(report.checks.map((check) => check.name)).toEqual([
      'config',
      'webshop',
      'Rackbeat',
      'e-conomic',
      'clock against webshop',
      'clock against Rackbeat',
      'clock against e-conomic',
      'store',
      'orders.layoutNumber 19',
      'orders.paymentTermsNumber 1',
      'orders.customerGroupNumber 1',
      'orders.vatZones.domestic 1',
      'orders.vatZones.eu 2',
      'orders.vatZones.abroad 3',
      'orders.shippingProduct SHIPPING',
      'orders.discountProduct DISCOUNT',
      'orders.feeProduct FEE',
      "Rackbeat's own e-conomic app",
      'notify',
    ]);
    expect(stdout).toMatch(/^✓ Rackbeat: reachable, credentials accepted: rackbeat "Sandbox Trading ApS \(simulated\)" \(81234\)$/m);
    expect(stdout).not.toContain('✗');
  });

  it('fails a refused token with exit 3 and says how to fix it; the checks that need that system wait', async () => {
    const world = await startWorld();
    const { code, stdout, failedChecks, report } = await doctor(world, { rackbeat: { ...world.rackbeat.config, apiKey: 'not-the-key' } });
    expect(code).toBe(3);
    expect(failedChecks).toEqual([expect.objectContaining({ name: 'Rackbeat', exitCode: 3, detail: expect.stringContaining('401') })]);
    expect(failedChecks[0]!.fix).toMatch(/rackbeat\.apiKey|API key/i);
    expect(report.checks).toContainEqual(expect.objectContaining({ name: 'the orders flow', status: 'warning' }));
    expect(stdout).toMatch(/^✗ Rackbeat: could not check: .*\n {2}fix: /m);
  });

  it('fails a layout and a product the systems do not have, with exit 2 and what exists', async () => {
    const world = await startWorld();
    const { code, failedChecks } = await doctor(world, {}, { layoutNumber: 99, shippingProduct: 'NO-SUCH-SHIPPING' });
    expect(code).toBe(2);
    expect(failedChecks.map((check) => [check.name, check.detail])).toEqual([
      ['orders.layoutNumber 99', 'e-conomic has no layout 99'],
      ['orders.shippingProduct NO-SUCH-SHIPPING', 'no product NO-SUCH-SHIPPING in Rackbeat or e-conomic'],
    ]);
    expect(failedChecks[0]!.fix).toMatch(/^set orders\.layoutNumber to one that exists \(.*19 /);
    expect(failedChecks[1]!.fix).toContain('create product NO-SUCH-SHIPPING in Rackbeat and e-conomic');
  });

  it("fails a clock an hour off and Rackbeat's own e-conomic app, each with its fix", async () => {
    const world = await startWorld();
    world.outliveIdempotencyWindow(); // e-conomic's clock jumps an hour ahead
    world.rackbeat.state.installedApps.push({ id: 7, slug: 'e-conomic', name: 'Visma e-conomic' });
    const { code, failedChecks } = await doctor(world);
    expect(code).toBe(2);
    expect(failedChecks.map((check) => check.name)).toEqual(['clock against e-conomic', "Rackbeat's own e-conomic app"]);
    expect(failedChecks[0]!.detail).toMatch(/^e-conomic's clock is 36\d\d s ahead of this machine's$/);
    expect(failedChecks[0]!.fix).toContain('NTP');
    expect(failedChecks[1]!.fix).toContain('turn off the transfer of customer invoices');
  });

  it("checks what the products, stock and invoice settings name: groups, a unit, a location, a journal and its accounts", async () => {
    const world = await startWorld();
    const good = await doctor(
      world,
      { products: { rackbeat: { groupNumber: 1 }, economic: { productGroupNumber: 1 } }, stock: {} },
      { invoice: { when: 'booked', book: true, payment: { journalNumber: 2, contraAccount: 5820 } } },
    );
    expect(good.failedChecks).toEqual([]);
    expect(good.report.checks.map((check) => check.name)).toEqual(
      expect.arrayContaining(['products.rackbeat.groupNumber 1', 'products.economic.productGroupNumber 1', 'orders.invoice.payment.journalNumber 2', 'orders.invoice.payment.contraAccount 5820']),
    );

    const bad = await doctor(
      world,
      { products: { rackbeat: { groupNumber: 77 }, economic: { productGroupNumber: 9, unitNumber: 99 } }, stock: { locationNumber: 42 } },
      { invoice: { when: 'booked', book: true, payment: { journalNumber: 404, byMethod: { stripe: 1 } } } },
    );
    expect(bad.code).toBe(2);
    expect(bad.failedChecks.map((check) => [check.name, check.detail])).toEqual([
      ['products.rackbeat.groupNumber 77', 'Rackbeat has no product group 77'],
      ['products.economic.productGroupNumber 9', 'e-conomic has no product group 9'],
      ['products.economic.unitNumber 99', 'e-conomic has no unit 99'],
      ['orders.invoice.payment.journalNumber 404', 'e-conomic has no journal 404'],
      ['orders.invoice.payment.byMethod.stripe 1', 'e-conomic has no account 1'],
      ['stock.locationNumber 42', expect.stringMatching(/^Rackbeat has no location 42; it has \d/)],
    ]);
    expect(bad.failedChecks.find((check) => check.name.startsWith('products.rackbeat'))?.fix).toMatch(/^set products\.rackbeat\.groupNumber to one that exists \(1 /);
  });

  it('fails a store bound to other systems, naming both and how to go on', async () => {
    const first = await startWorld();
    expect((await runMain(['-c', writeWorldConfig(first), 'run', '-q'], { cwd: first.dir })).code).toBe(0);
    const other = await startWorld();
    const { code, failedChecks } = await doctor(other, { store: first.storePath });
    expect(code).toBe(2);
    expect(failedChecks).toEqual([expect.objectContaining({ name: 'store', detail: expect.stringMatching(/it belongs to woocommerce .*, the config points at woocommerce /) })]);
    expect(failedChecks[0]!.fix).toContain('iex-sync store rebind');
  });

  it('fails a config that does not validate, with exit 2, before calling any system', async () => {
    const world = await startWorld();
    const { code, failedChecks } = await doctor(world, {}, { layoutNumber: 'nineteen' });
    expect(code).toBe(2);
    expect(failedChecks).toEqual([expect.objectContaining({ name: 'config', detail: expect.stringContaining('orders.layoutNumber') })]);
  });
});
