import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTmpDir } from '../helpers/tmp-dir.js';
import { useFakeRemote } from './fake-remote.js';
import { expectExactlyOnce, expectNoDuplicates, rerunUntilDone, runChild } from './crash-helpers.js';

/**
 * The crash suite (issue 3), part 2: lost responses, 429/5xx storms and overlapping runs, each
 * over 200 orders in child processes, rerun until done: every order exactly once.
 */
const COUNT = 200;
const TIMEOUT_MS = 120_000;

describe('crash suite: lost responses, throttling, overlapping runs', () => {
  const tmp = useTmpDir();
  const startRemote = useFakeRemote();

  it('10 % of creates applied but their response dropped', async () => {
    const remote = await startRemote({ latencyMs: 1, dropRate: 0.1 }, 7);
    const store = join(tmp(), 'iex-sync.db');
    const first = await runChild(store, remote, COUNT);
    expect([0, 1]).toContain(first.code);
    expectNoDuplicates(remote, 'after the first run');
    remote.set({ dropRate: 0 });
    await rerunUntilDone(store, remote, COUNT);
    expectExactlyOnce(store, remote, COUNT);
  }, TIMEOUT_MS);

  it('random 429 and 503 on 10 % of calls', async () => {
    const remote = await startRemote({ latencyMs: 1, errorRate: 0.1 }, 11);
    const store = join(tmp(), 'iex-sync.db');
    await rerunUntilDone(store, remote, COUNT, 12);
    expectExactlyOnce(store, remote, COUNT);
  }, TIMEOUT_MS);

  it('two runs started together: one exits 75 naming the holder, the other finishes, nothing doubled', async () => {
    const remote = await startRemote({ latencyMs: 10 }); // Long enough that both runs overlap.
    const store = join(tmp(), 'iex-sync.db');
    const runs = await Promise.all([runChild(store, remote, COUNT), runChild(store, remote, COUNT)]);
    const codes = runs.map((run) => run.code).sort();
    expect(codes).toEqual([0, 75]);
    const refused = runs.find((run) => run.code === 75);
    expect(refused?.stderr).toMatch(/^another run \(pid \d+ on .+, started .+Z\) holds the lock on .+iex-sync\.db\n$/);
    expectExactlyOnce(store, remote, COUNT);
  }, TIMEOUT_MS);
});
