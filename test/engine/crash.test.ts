import { join } from 'node:path';
import { describe, it } from 'vitest';
import { crashAndRecover, faultsAt } from '../helpers/crash-kit.js';
import { useTmpDir } from '../helpers/tmp-dir.js';
import { crashChild } from './crash-helpers.js';
import { useFakeRemote } from './fake-remote.js';

/**
 * The crash suite (issue 3), part 1: a child process running the fake leg over 200 orders kills
 * itself at each fault point, twice at different records (later kills land on later records, as
 * the earlier ones are done). After every kill nothing exists twice; after reruns until done,
 * every order exists exactly once, none is missing, and the links agree.
 * The points share one store per test so the suite stays fast: each kill is a short run. The kills
 * and reruns are the shared crash kit's (test/helpers/crash-kit.ts).
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
    await crashAndRecover(crashChild(store, remote, COUNT), [
      // The customer step creates at most 7 documents (7 e-mails): its points are hit early or not at all.
      ...faultsAt(['after-create:customer', 'after-intent:customer'], [1, 2]),
      ...faultsAt(['after-intent:order', 'after-create:order', 'before-commit:order', 'after-commit:order'], [3, 25]),
    ]);
  }, TIMEOUT_MS);

  it('state changes and the checkpoint: book, after-checkpoint', async () => {
    const remote = await startRemote({ latencyMs: 1 });
    const store = join(tmp(), 'iex-sync.db');
    await crashAndRecover(crashChild(store, remote, COUNT), [
      ...faultsAt(['after-intent:book', 'after-state-change:book', 'before-commit:book'], [3, 25]),
      ...faultsAt(['after-checkpoint:shop-fake'], [1, 2]),
    ]);
  }, TIMEOUT_MS);
});
