import { afterEach, describe, expect, it } from 'vitest';
import { parseRackbeatTime } from '../../src/connectors/rackbeat/timestamps.js';
import { useTmpDir } from '../helpers/tmp-dir.js';
import { newBuyer, startCountingWorld, type CountingWorld } from './orders-world.js';

/**
 * Issue 15, "Nothing changed, nothing spent": a run with nothing new makes one list call per
 * source and reads nothing else, and a quiet shop lists from its checkpoint instead of re-listing
 * its last busy ten minutes (the lookback anchored), while an order that shows up late within the
 * lookback is still found.
 */
const tmp = useTmpDir('iex-sync-quiet-');
const closing: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closing.splice(0).map((close) => close()));
});

const LOOKBACK_MS = 10 * 60_000;

async function world(): Promise<CountingWorld> {
  const started = await startCountingWorld(tmp());
  closing.push(() => started.close());
  return started;
}

/** The `modified_after` / `updated_at_from` a list call asked for. */
function listedFrom(path: string): string | undefined {
  const query = new URLSearchParams(path.split('?')[1] ?? '');
  return query.get('modified_after') ?? query.get('updated_at_from') ?? undefined;
}

describe('a run with nothing new', () => {
  it('once the lookback has passed, lists each source once from its checkpoint and reads nothing else', async () => {
    const w = await world();
    for (let index = 0; index < 5; index += 1) w.place(newBuyer(index));
    expect((await w.run()).result.legs.map((leg) => leg.counts.ok)).toEqual([5, 5, 0]);

    // The shop goes quiet; the next run after the lookback looks back over the busy minutes once.
    w.advanceClocks(LOOKBACK_MS + 60_000);
    const once = await w.run();
    expect(once.result.exitCode).toBe(0);
    const quiet = await w.run();
    expect(quiet.result.exitCode).toBe(0);
    expect(quiet.result.legs.map((leg) => leg.counts.ok)).toEqual([0, 0, 0]);

    const lists = quiet.calls.filter((call) => call.method === 'GET' && /\/orders\?/.test(call.path));
    // Leg 1 and the leg of the shop's cancellations (orders.refunds, on by default) read the shop; leg 2 reads Rackbeat.
    expect(quiet.result.legs.map((leg) => leg.leg)).toEqual(['webshop-rackbeat', 'rackbeat-economic', 'webshop-cancellations']);
    expect(lists.map((call) => call.system).sort()).toEqual(['rackbeat', 'woocommerce', 'woocommerce']);
    // Nothing but who each system is and one list call per source: no customer, order or document read.
    expect(quiet.calls.filter((call) => !lists.includes(call)).map((call) => `${call.system} ${call.path.split('?')[0]}`).sort()).toEqual([
      'economic /self',
      'rackbeat /self',
      'woocommerce /wp-json/',
    ]);
    // From the checkpoints (to the second the sources write), not ten minutes before them.
    const [shopCheckpoint, rackbeatCheckpoint, cancellationsCheckpoint] = quiet.result.legs.map((leg) => Date.parse(leg.checkpoint!));
    const shopFrom = lists.filter((call) => call.system === 'woocommerce').map((call) => Date.parse(`${listedFrom(call.path)}Z`));
    // The cancellations leg reads only what it needs and moves its checkpoint to where it saw everything: seconds, not the lookback.
    // It reads its listing while leg 1 runs (engine/read-ahead.ts), so either list call may be answered first.
    const fromCheckpoints = ([leg1, cancellations]: number[]) =>
      Math.abs(leg1! - shopCheckpoint!) <= 1_000 && Math.abs(cancellations! - cancellationsCheckpoint!) <= 5_000;
    expect(fromCheckpoints(shopFrom) || fromCheckpoints([...shopFrom].reverse()), JSON.stringify({ shopFrom, shopCheckpoint, cancellationsCheckpoint })).toBe(true);
    const rackbeatList = lists.find((call) => call.system === 'rackbeat')!;
    const rackbeatFrom = parseRackbeatTime(listedFrom(rackbeatList.path)!, w.rackbeat.config.timezone).getTime();
    expect(Math.abs(rackbeatFrom - rackbeatCheckpoint!)).toBeLessThanOrEqual(1_000);
  });

  it('still finds an order that shows up late, stamped within the lookback before the last listing', async () => {
    const w = await world();
    w.place(newBuyer(1));
    expect((await w.run()).result.exitCode).toBe(0);
    // Written now but stamped five minutes back (a slow checkout, a late commit): inside the lookback.
    const late = w.place(newBuyer(2), w.woo.state.shopNow() - 5 * 60_000);
    const next = await w.run();
    expect(next.result.exitCode).toBe(0);
    expect([...w.rackbeat.state.orders.values()].filter((order) => order.heading === `WooCommerce order #${late}`)).toHaveLength(1);
  });
});
