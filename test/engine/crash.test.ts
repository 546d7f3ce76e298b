import { join } from 'node:path';
import { describe, it } from 'vitest';
import { useTmpDir } from '../helpers/tmp-dir.js';
import { useFakeRemote } from './fake-remote.js';
import { expectExactlyOnce, killAtEach, rerunUntilDone } from './crash-helpers.js';

/**
 * The crash suite (issue 3), part 1: a child process running the fake leg over 200 orders kills
 * itself at each fault point, twice at different records (later kills land on later records, as
 * the earlier ones are done). After every kill nothing exists twice; after reruns until done,
 * every order exists exactly once, none is missing, and the links agree.
 * The points share one store per test so the suite stays fast: each kill is a short run.
 */
const COUNT = 200;
/** Each test spawns ~15 children; a loaded 2-core machine needs the room. */
const TIMEOUT_MS = 240_000;

describe('crash suite: kill -9 at every fault point, then rerun', () => {
  const tmp = useTmpDir();
  const startRemote = useFakeRemote();

  it('creates: customer (keyed find-or-create) and order', async () => {
    const remote = await startRemote({ latencyMs: 1 });
    const store = join(tmp(), 'iex-sync.db');
    // The customer step creates at most 7 documents (7 e-mails): its points are hit early or not at all.
    await killAtEach(store, remote, COUNT, ['after-create:customer', 'after-intent:customer'], [1, 2]);
    await killAtEach(store, remote, COUNT, ['after-intent:order', 'after-create:order', 'before-commit:order', 'after-commit:order'], [3, 25]);
    await rerunUntilDone(store, remote, COUNT);
    expectExactlyOnce(store, remote, COUNT);
  }, TIMEOUT_MS);

  it('state changes and the checkpoint: book, after-checkpoint', async () => {
    const remote = await startRemote({ latencyMs: 1 });
    const store = join(tmp(), 'iex-sync.db');
    await killAtEach(store, remote, COUNT, ['after-intent:book', 'after-state-change:book', 'before-commit:book'], [3, 25]);
    await killAtEach(store, remote, COUNT, ['after-checkpoint:shop-fake'], [1, 2]);
    await rerunUntilDone(store, remote, COUNT);
    expectExactlyOnce(store, remote, COUNT);
  }, TIMEOUT_MS);
});
