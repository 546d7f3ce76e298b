import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { runMain } from '../cli/run-cli.js';
import { eligibleOrders, expectTransferredOnce } from '../flows/helpers/order-checks.js';
import { useFlowWorld } from '../flows/world/world.js';
import { writeCounts } from '../flows/world/writes.js';
import { movableClock, placeOrderEconomicLacks, runOnce, writeWorldConfig } from './ops-world.js';

const DAY_MS = 86_400_000;

interface StoreTables {
  transfers: Array<{ id: number; link_id: number | null; at: string; source_payload: string | null }>;
  links: unknown[];
  checkpoints: unknown[];
  runs: Array<{ id: number }>;
}

function readTables(path: string): StoreTables {
  const store = openStore(path, { readonly: true });
  try {
    return {
      transfers: store.db.prepare('SELECT id, link_id, at, source_payload FROM transfers ORDER BY id').all() as StoreTables['transfers'],
      links: store.db.prepare('SELECT * FROM links ORDER BY id').all(),
      checkpoints: store.db.prepare('SELECT * FROM checkpoints ORDER BY flow, leg').all(),
      runs: store.db.prepare('SELECT id FROM runs ORDER BY id').all() as StoreTables['runs'],
    };
  } finally {
    store.close();
  }
}

/** Issue 21, `iex-sync prune`: old rows and payloads go; links, checkpoints and open failures stay, so nothing is sent again. */
describe('iex-sync prune', () => {
  const startWorld = useFlowWorld();

  it('deletes old log rows as its dry run said, keeps what it must, and the next run writes nothing', async () => {
    const world = await startWorld();
    const file = writeWorldConfig(world);
    const cli = (args: string[]) => runMain(['-c', file, ...args], { cwd: world.dir });
    const clock = movableClock(Date.now() - 200 * DAY_MS);
    const broken = placeOrderEconomicLacks(world);
    expect((await runOnce(file, { clock: clock.now })).exitCode).toBe(1);
    clock.set(new Date());
    expect((await runOnce(file, { clock: clock.now })).exitCode).toBe(1);
    const before = readTables(world.storePath);
    const failing = (before.links as Array<{ id: number; status: string }>).filter((link) => link.status === 'failed').map((link) => link.id);
    expect(failing).toHaveLength(1);
    const old = before.transfers.filter((row) => Date.parse(row.at) < Date.now() - 180 * DAY_MS);
    expect(old.length).toBeGreaterThan(20);

    const dry = await cli(['prune', '--older-than', '180d', '--dry-run']);
    expect(dry.code).toBe(0);
    const wouldGo = Number(/^would delete (\d+) log rows and (\d+) runs/.exec(dry.stdout)?.[1]);
    expect(wouldGo).toBeGreaterThan(0);
    expect(readTables(world.storePath)).toEqual(before);

    const pruned = await cli(['--json', 'prune', '--older-than', '180d']);
    expect(pruned.code).toBe(0);
    const report = JSON.parse(pruned.stdout) as { rows: number; runs: number; fileBytesAfter: number; fileBytesBefore: number };
    expect(report.rows).toBe(wouldGo);
    const after = readTables(world.storePath);
    expect(after.transfers).toHaveLength(before.transfers.length - wouldGo);
    expect(after.links).toEqual(before.links);
    expect(after.checkpoints).toEqual(before.checkpoints);
    // Every row of the open failure stays, the old one included; so does each document's last sent row.
    expect(after.transfers.filter((row) => failing.includes(row.link_id ?? -1))).toEqual(before.transfers.filter((row) => failing.includes(row.link_id ?? -1)));
    expect(after.transfers.some((row) => Date.parse(row.at) < Date.now() - 180 * DAY_MS && !failing.includes(row.link_id ?? -1))).toBe(true);
    // The old run keeps rows (the failure's, the last sent ones), so it stays too.
    expect(report.runs).toBe(0);
    expect(after.runs).toEqual(before.runs);

    const writes = writeCounts(world);
    expect((await cli(['run', '-q'])).code).toBe(1);
    expect(writeCounts(world)).toEqual(writes);
    for (const order of eligibleOrders(world).filter((each) => each.number !== broken)) expectTransferredOnce(world, order.number);
  });

  it('empties payloads older than --payloads-older-than and refuses an age under a day', async () => {
    const world = await startWorld();
    const file = writeWorldConfig(world);
    const cli = (args: string[]) => runMain(['-c', file, ...args], { cwd: world.dir });
    expect((await runOnce(file, { clock: movableClock(Date.now() - 40 * DAY_MS).now })).exitCode).toBe(0);
    const before = readTables(world.storePath);
    const withPayload = before.transfers.filter((row) => row.source_payload !== null).length;
    expect(withPayload).toBeGreaterThan(10);

    expect((await cli(['prune', '--older-than', '12h'])).code).toBe(2);
    const result = await cli(['prune', '--older-than', '180d', '--payloads-older-than', '30d']);
    expect(result.code).toBe(0);
    const after = readTables(world.storePath);
    expect(after.transfers.map((row) => row.id)).toEqual(before.transfers.map((row) => row.id));
    const kept = after.transfers.filter((row) => row.source_payload !== null).length;
    expect(kept).toBeLessThan(withPayload);
    // Each document's last sent row keeps its payload: a later change is compared with it.
    expect(kept).toBeGreaterThan(0);
  });
});
