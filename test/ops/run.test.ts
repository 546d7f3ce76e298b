import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { ordersFlow } from '../../src/flows/orders/index.js';
import { runAll } from '../../src/services/run-all.js';
import { acquireRunLock, LockHeldError } from '../../src/store/lock.js';
import { useFakeRemote } from '../engine/fake-remote.js';
import { fakeFlow } from '../engine/fixtures/fake-flow.js';
import { runMain } from '../cli/run-cli.js';
import { eligibleOrders, expectNotTransferred, expectTransferredOnce } from '../flows/helpers/order-checks.js';
import { useFlowWorld } from '../flows/world/world.js';
import { loadWhole, runOnce, writeWorldConfig } from './ops-world.js';

/** Issue 21, `iex-sync run`: every enabled flow of the registry under one lock; a paused one skipped in one line. */
describe('iex-sync run', () => {
  const startWorld = useFlowWorld();

  it('runs the enabled orders flow end to end, as `iex-sync orders` would, and a rerun writes nothing', async () => {
    const world = await startWorld();
    const file = writeWorldConfig(world);
    const result = await runMain(['-c', file, 'run'], { cwd: world.dir });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^orders: webshop→rackbeat /m);
    for (const order of eligibleOrders(world)) expectTransferredOnce(world, order.number);

    const again = await runOnce(file);
    expect(again.exitCode).toBe(0);
    expect(again.flows).toEqual([expect.objectContaining({ flow: 'orders', state: 'ran' })]);
    for (const order of eligibleOrders(world)) expectTransferredOnce(world, order.number);
  });

  it('skips a paused flow with one line, writes nothing anywhere and exits 0', async () => {
    const world = await startWorld();
    const file = writeWorldConfig(world, {}, { enabled: false });
    const result = await runMain(['-c', file, 'run'], { cwd: world.dir });
    expect(result.code).toBe(0);
    expect(result.stderr.trim()).toBe('orders: paused (orders.enabled is false), skipped');
    for (const order of eligibleOrders(world)) expectNotTransferred(world, order.number);
    const store = openStore(world.storePath);
    try {
      expect(store.db.prepare('SELECT count(*) AS n FROM runs').get()).toEqual({ n: 0 });
    } finally {
      store.close();
    }

    const json = await runMain(['-c', file, '--json', 'run'], { cwd: world.dir });
    expect(JSON.parse(json.stdout)).toMatchObject({ flows: [{ flow: 'orders', state: 'paused' }], exitCode: 0 });
  });

  it('--only names flows that exist and are configured (exit 2 otherwise); --dry-run writes nothing', async () => {
    const world = await startWorld();
    const file = writeWorldConfig(world);
    const unknown = await runMain(['-c', file, 'run', '--only', 'orders,invoicez'], { cwd: world.dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no flow is called invoicez');

    const dry = await runMain(['-c', file, 'run', '--only', 'orders', '--dry-run'], { cwd: world.dir });
    expect(dry.code).toBe(0);
    expect(dry.stderr).toMatch(/^orders \(dry run\): /m);
    for (const order of eligibleOrders(world)) expectNotTransferred(world, order.number);
  });

  it('exits 75 while another run holds the store, touching no system', async () => {
    const world = await startWorld();
    const file = writeWorldConfig(world);
    const store = openStore(world.storePath);
    const lock = acquireRunLock(store, { command: 'orders' });
    try {
      const result = await runMain(['-c', file, 'run', '-q'], { cwd: world.dir });
      expect(result.code).toBe(75);
      for (const order of eligibleOrders(world)) expectNotTransferred(world, order.number);
    } finally {
      lock.release();
      store.close();
    }
  });

  it('a flow whose system refuses the credentials is reported, recorded, and exits 3', async () => {
    const world = await startWorld();
    const file = writeWorldConfig(world, { rackbeat: { ...world.rackbeat.config, apiKey: 'wrong-key' } });
    const result = await runMain(['-c', file, 'run', '-q'], { cwd: world.dir });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/orders did not run: rackbeat 401/);
    const store = openStore(world.storePath);
    try {
      expect(store.db.prepare('SELECT flow, result, exit_code AS exitCode FROM runs').all()).toEqual([{ flow: 'orders', result: 'stopped', exitCode: 3 }]);
    } finally {
      store.close();
    }
  });
});

describe('iex-sync run over several flows', () => {
  const startWorld = useFlowWorld();
  const startRemote = useFakeRemote();

  it('runs them in the order given, each once, under one lock held from the first to the last', async () => {
    const world = await startWorld();
    const remote = await startRemote();
    const file = writeWorldConfig(world);
    const started: string[] = [];
    const lockedOut: string[] = [];
    const result = await runAll({
      config: await loadWhole(file),
      command: 'run',
      flows: [fakeFlow(remote.url, 5), ordersFlow],
      onFlowStart: async (flow) => {
        started.push(flow);
        // Another process trying to run now finds the store locked, between the flows as during them.
        const other = openStore(world.storePath);
        try {
          acquireRunLock(other, { command: 'orders' }).release();
        } catch (error) {
          if (error instanceof LockHeldError) lockedOut.push(flow);
        } finally {
          other.close();
        }
        return { stop() {} };
      },
    });
    expect(result.exitCode).toBe(0);
    expect(started).toEqual(['fake', 'orders']);
    expect(lockedOut).toEqual(['fake', 'orders']);
    expect(result.flows.map((each) => [each.flow, each.state])).toEqual([['fake', 'ran'], ['orders', 'ran']]);
    for (const order of eligibleOrders(world)) expectTransferredOnce(world, order.number);
    const store = openStore(world.storePath);
    try {
      expect(store.db.prepare('SELECT flow FROM runs ORDER BY id').all()).toEqual([{ flow: 'fake' }, { flow: 'orders' }]);
      expect(store.db.prepare('SELECT count(*) AS n FROM run_lock').get()).toEqual({ n: 0 });
    } finally {
      store.close();
    }
  });
});
