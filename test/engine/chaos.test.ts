import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rerunUntilDone, runChild } from '../helpers/crash-kit.js';
import { useTmpDir } from '../helpers/tmp-dir.js';
import { crashChild } from './crash-helpers.js';
import { useFakeRemote } from './fake-remote.js';

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
    const child = crashChild(join(tmp(), 'iex-sync.db'), remote, COUNT);
    const first = await runChild(child.args);
    expect([0, 1]).toContain(first.code);
    child.expectNoDoubles('after the first run');
    remote.set({ dropRate: 0 });
    await rerunUntilDone(child);
    child.expectExactlyOnce();
  }, TIMEOUT_MS);

  it('random 429 and 503 on 10 % of calls', async () => {
    const remote = await startRemote({ latencyMs: 1, errorRate: 0.1 }, 11);
    const child = crashChild(join(tmp(), 'iex-sync.db'), remote, COUNT);
    await rerunUntilDone(child, 12);
    child.expectExactlyOnce();
  }, TIMEOUT_MS);

  it('two runs started together: one exits 75 naming the holder, the other finishes, nothing doubled', async () => {
    const remote = await startRemote({ latencyMs: 10 }); // Long enough that both runs overlap.
    const child = crashChild(join(tmp(), 'iex-sync.db'), remote, COUNT);
    const runs = await Promise.all([runChild(child.args), runChild(child.args)]);
    const codes = runs.map((run) => run.code).sort();
    expect(codes).toEqual([0, 75]);
    const refused = runs.find((run) => run.code === 75);
    expect(refused?.stderr).toMatch(/^another run \(pid \d+ on .+, started .+Z\) holds the lock on .+iex-sync\.db\n$/);
    child.expectExactlyOnce();
  }, TIMEOUT_MS);
});
