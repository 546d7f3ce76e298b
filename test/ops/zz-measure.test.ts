import { rmSync } from 'node:fs';
import { it } from 'vitest';
import { useFlowWorld } from '../flows/world/world.js';
import { runOnce, writeWorldConfig } from './ops-world.js';
const start = useFlowWorld();
it('measure rebuild', async () => {
  const world = await start({ seededOrders: 2000, seededOrderSpacingSeconds: 60, rackbeatPerMinute: 480 });
  const file = writeWorldConfig(world);
  let t = Date.now();
  const first = await runOnce(file);
  const firstMs = Date.now() - t;
  const counts = first.flows[0]?.state === 'ran' ? first.flows[0].run.legs.map((l) => [l.leg, l.counts.ok, JSON.stringify(l.adopted)]) : [];
  for (const suffix of ['', '-wal', '-shm']) rmSync(world.storePath + suffix, { force: true });
  t = Date.now();
  const rebuilt = await runOnce(file);
  const rebuildMs = Date.now() - t;
  const counts2 = rebuilt.flows[0]?.state === 'ran' ? rebuilt.flows[0].run.legs.map((l) => [l.leg, l.counts.ok, JSON.stringify(l.adopted)]) : [];
  console.log('MEASURE', JSON.stringify({ firstMs, rebuildMs, counts, counts2, exit: rebuilt.exitCode, rb: world.rackbeat.state.orders.size, eco: world.economic.state.orderDrafts.size }));
}, 900_000);
