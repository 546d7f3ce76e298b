import { beforeEach, describe, expect, it } from 'vitest';
import type { CatalogueCustomer } from '../../src/sandbox/catalogue.js';
import { eligibleOrders } from '../flows/helpers/order-checks.js';
import { useFlowWorld, type FlowWorld } from '../flows/world/world.js';
import { runMain } from './run-cli.js';

const NEW_BUYER: CatalogueCustomer = {
  email: 'jo.new@example.dk',
  name: 'Jo New',
  address: 'Havnegade 1',
  city: 'Vejle',
  postcode: '7100',
  country: 'DK',
  existsInBackOffice: false,
};

/**
 * What `orders` prints in cron/CI (not a terminal): one summary line on stderr, nothing with -q
 * when all is well, the same summary as JSON on stdout with --json (issue 9, "Feedback").
 */
describe('orders output', () => {
  const startWorld = useFlowWorld();
  let systems: FlowWorld;
  let dir: string;
  let config: string;

  beforeEach(async () => {
    systems = await startWorld({ seededOrders: 10 });
    ({ dir, configPath: config } = systems);
  });

  it('prints one summary line with the counts of both legs', async () => {
    const eligible = eligibleOrders(systems).length;
    const skipped = systems.shop.orders().length - eligible;
    const result = await runMain(['-c', config, 'orders'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(`^orders: webshop→rackbeat ${eligible} ok, ${skipped} skipped; rackbeat→e-conomic ${eligible} ok in \\d+\\.\\d s$`),
      ),
    ]);
  });

  it('prints nothing with -q when all is well, and the summary as JSON with --json', async () => {
    const quiet = await runMain(['-c', config, '-q', 'orders'], { cwd: dir });
    expect(quiet).toMatchObject({ code: 0, stdout: '', stderr: '' });

    systems.shop.place({ customer: NEW_BUYER, items: [{ sku: 'CAP-001', quantity: 1 }], paid: true });
    const json = await runMain(['-c', config, '--json', 'orders'], { cwd: dir });
    expect(json.code).toBe(0);
    const summary = JSON.parse(json.stdout) as { flow: string; exitCode: number; legs: Array<{ leg: string; counts: { ok: number } }> };
    expect(summary).toMatchObject({ flow: 'orders', exitCode: 0 });
    expect(summary.legs.map((leg) => [leg.leg, leg.counts.ok])).toEqual([
      ['webshop-rackbeat', 1],
      ['rackbeat-economic', 1],
      ['webshop-cancellations', 0],
    ]);
  });
});

describe('orders and the config sections its flow needs', () => {
  const startWorld = useFlowWorld();

  it('takes --since as an age, as history does, and refuses what is not a time (exit 2)', async () => {
    const systems = await startWorld({ seededOrders: 3 });
    const { dir, configPath: file } = systems;
    expect((await runMain(['-c', file, 'orders', '--since', '2d'], { cwd: dir })).code).toBe(0);
    const wrong = await runMain(['-c', file, 'orders', '--since', 'soon'], { cwd: dir });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('"soon" is not a time');
  });

  it('names a section its legs need that the config lacks (exit 2) and calls no system', async () => {
    const systems = await startWorld({ seededOrders: 3 });
    const { dir, configPath: file } = systems;
    const { readFileSync, writeFileSync } = await import('node:fs');
    const { parse, stringify } = await import('yaml');
    const { economic: _economic, ...rest } = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, stringify(rest));
    const result = await runMain(['-c', file, 'orders'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the economic section is required here');
    expect(systems.rackbeat.simulator.writeLog).toEqual([]);
  });
});

describe('demo', () => {
  it('runs the order flow against the built-in simulators and shows the summary and the log (exit 0)', async () => {
    // Rackbeat's simulator keeps the real 480 a minute for users: raised here, so the test does not wait on it.
    const result = await runMain(['demo', '--seed', '3'], { cwd: process.cwd(), env: { IEX_SYNC_SANDBOX_RACKBEAT_PER_MINUTE: '600000' } });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^orders: webshop→rackbeat \d+ ok, \d+ skipped; rackbeat→e-conomic \d+ ok; rackbeat→webshop 0 ok, \d+ unchanged in /m);
    expect(result.stdout).toMatch(/^ID\s+AT \(Europe\/Copenhagen\)/);
    expect(result.stderr).toMatch(/The orders' transfer log, newest first \(30 of \d+ rows\):/);
    expect(result.stdout).toMatch(/rackbeat→e-conomic\s+document\s+created\s+ok/);
    // Three orders shipped by hand between the runs: invoiced, booked, paid and mailed, each once.
    expect(result.stderr).toMatch(/^demo: shipped Rackbeat orders \d+, \d+, \d+ by hand/m);
    // And marked fulfilled in the shop, two of them with the tracking number the warehouse gave.
    expect(result.stderr).toMatch(/^fulfilment: 3 \w+ orders marked fulfilled /m);
    expect(result.stderr).toMatch(/^orders: .*; rackbeat→webshop 3 ok, /m);
    expect(result.stderr).toMatch(/^invoices: 3 booked in e-conomic, 3 payments entered in journal 2 \(for the bookkeeper to book\), 3 mailed \(3 received by the sandbox's mail server\)$/m);
    // The notices went to the sandbox's webhook receiver: the daily report, due at midnight.
    expect(result.stderr).toMatch(/^The sandbox's webhook got a notice: iex-sync \(127\.0\.0\.1:\d+\): daily report \d{4}-\d{2}-\d{2}$/m);
    // Then stock: Rackbeat's levels, lowered by the booked orders' reservations, reach the shop.
    expect(result.stderr).toMatch(/^stock: rackbeat→webshop [1-9]\d* ok/m);
    expect(result.stdout).toMatch(/rackbeat→webshop\s+stock\s+updated\s+ok/);
  });
});
