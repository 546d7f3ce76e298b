import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { builtChild } from '../helpers/built-child.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

/**
 * Issue 23 at the store's level: processes that open a store that does not exist yet at the very
 * same moment (a barrier, round after round). Creating it, switching it to WAL and migrating it
 * must be safe: every writer either takes the lock or is told it is held (75), every reader either
 * reads it or is told there is no store yet; never "database is locked" or a store "from an older
 * iex-sync". Before the fix about one process in twenty lost the WAL switch with SQLITE_BUSY.
 * IEX_SYNC_RACE_ROUNDS sets the rounds (default 8).
 */
const ROUNDS = Number(process.env.IEX_SYNC_RACE_ROUNDS ?? 8);
const WRITERS = 8;
const READERS = 2;
/** Time between rounds: enough for every child to open, lock and close on a loaded machine. */
const SPACING_MS = 500;

interface Outcome {
  round: number;
  outcome: string;
  message: string;
}

describe('opening a store that does not exist yet, many processes at once', () => {
  const tmp = useTmpDir();
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
  });

  it(`${WRITERS} writers and ${READERS} readers, ${ROUNDS} rounds: each writer locks or is told the lock is held, each reader reads or is told there is no store yet`, async () => {
    const folder = tmp();
    const started = [...Array(WRITERS).fill('writer'), ...Array(READERS).fill('reader')].map((role: string) => {
      const child = spawn(process.execPath, [builtChild('test/store/fixtures/open-race.ts'), folder, String(ROUNDS), String(SPACING_MS), role], { stdio: ['pipe', 'pipe', 'inherit'] });
      children.push(child);
      const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
      return { role, child, lines };
    });
    for (const { lines } of started) expect((await lines.next()).value).toBe('ready');
    const start = Date.now() + 200;
    for (const { child } of started) child.stdin!.write(`${start}\n`);

    const byRole = { writer: [] as Outcome[], reader: [] as Outcome[] };
    for (const { role, lines } of started) {
      for (let round = 0; round < ROUNDS; round += 1) byRole[role as 'writer' | 'reader'].push(JSON.parse((await lines.next()).value as string) as Outcome);
    }

    expect(byRole.writer.filter((outcome) => !['locked', 'held'].includes(outcome.outcome))).toEqual([]);
    expect(byRole.reader.filter((outcome) => outcome.outcome !== 'read' && !/^there is no store at .+ yet/.test(outcome.message))).toEqual([]);
    for (let round = 0; round < ROUNDS; round += 1) {
    expect(byRole.writer.filter((outcome) => outcome.round === round && outcome.outcome === 'locked').length, `round ${round}`).toBeGreaterThanOrEqual(1);
    }
  }, 120_000);
});
