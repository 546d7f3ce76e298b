import { describe, expect, it } from 'vitest';
import type { ChildRun } from '../helpers/crash-kit.js';
import { expectExactlyOnce } from './helpers/exactly-once.js';
import { runOrdersChild } from './helpers/orders-child.js';
import { useFlowWorld } from './world/world.js';

/**
 * Issue 23: `iex-sync orders` runs started at the same moment on a store that does not exist yet
 * (cron on a new machine, a store on a fresh volume). Every run exits 0 or 75, exactly one does the
 * work, nothing is doubled; `history` and `status` started with them either read the store or say
 * there is none yet, never "database is locked" or "from an older iex-sync". Each round is a fresh
 * world. IEX_SYNC_NEW_STORE_ROUNDS sets the rounds (default 3, to keep `npm test` short; see README
 * for a run of 100).
 */
const ROUNDS = Number(process.env.IEX_SYNC_NEW_STORE_ROUNDS ?? 3);
const NO_STORE_YET = /^error: there is no store at .+ yet: run a sync first, or check "store" in the config\n$/;

interface OrdersSummary {
  legs: Array<{ counts: { ok: number } }>;
}

describe('runs started together on a store that does not exist yet', () => {
  const startWorld = useFlowWorld();

  /** One round: a fresh world with new orders, `orders` × runs and the readers started at once. */
  async function round(runs: number, readers: readonly string[] = []): Promise<void> {
    const world = await startWorld({ seededOrders: 4, latencyMs: 1, orderBeforeCutOver: true });
    world.placeOrders(4);
    const [orders, read] = await Promise.all([
      Promise.all(Array.from({ length: runs }, () => runOrdersChild(world, { args: ['--json'] }))),
      Promise.all(readers.map((command) => runOrdersChild(world, { command }))),
    ]);

    const all = (list: ChildRun[]) => list.map((run) => `exit ${run.code}: ${run.stderr}`).join('\n');
    expect(orders.filter((run) => run.code !== 0 && run.code !== 75), all(orders)).toEqual([]);
    const worked = orders.filter((run) => run.code === 0 && (JSON.parse(run.stdout) as OrdersSummary).legs.some((leg) => leg.counts.ok > 0));
    expect(worked, all(orders)).toHaveLength(1);
    for (const [index, run] of read.entries()) {
      if (run.code !== 0) expect(run.stderr, `${readers[index]} exit ${run.code}`).toMatch(NO_STORE_YET);
    }
    expectExactlyOnce(world);
  }

  it(`two orders runs, ${ROUNDS} round(s)`, async () => {
    for (let index = 0; index < ROUNDS; index += 1) await round(2);
  }, 60_000 + ROUNDS * 10_000);

  it(`ten orders runs, ${ROUNDS} round(s)`, async () => {
    for (let index = 0; index < ROUNDS; index += 1) await round(10);
  }, 60_000 + ROUNDS * 20_000);

  it(`orders, history and status together, ${ROUNDS} round(s)`, async () => {
    for (let index = 0; index < ROUNDS; index += 1) await round(2, ['history', 'status']);
  }, 60_000 + ROUNDS * 10_000);
});
