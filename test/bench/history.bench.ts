/**
 * history at scale and start-up cost (issue 2, "Done when"):
 * - the whole `iex-sync history --limit 50` process on a store of 1,000,000 transfers (< 300 ms);
 * - a full CSV export of it: wall time, and peak RSS (< 200 MB: the export streams);
 * - `iex-sync --version` against a bare `node -e 0` (< 3×: cron may run the tool every minute).
 * Each CLI run is its own process, measured from outside with /usr/bin/time.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inTransaction, openStore } from '../../src/store/database.js';
import { startRun } from '../../src/store/runs.js';
import { finish, report } from './report.js';

const ROWS = 1_000_000;
const BIN = fileURLToPath(new URL('../../bin/iex-sync.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'iex-sync-bench-history-'));

/** Fills the log with one prepared insert in one transaction (test-only: the engine writes through appendTransfer). */
function fillStore(path: string): void {
  const store = openStore(path);
  const insert = store.db.prepare(
    `INSERT INTO transfers (run_id, at, flow, leg, stage, status, source_system, source_id, source_number,
       target_system, target_id, target_number, message, duration_ms, source_payload)
     VALUES (?, ?, 'orders', ?, ?, ?, 'woocommerce', ?, ?, 'rackbeat', ?, ?, ?, ?, ?)`,
  );
  const start = Date.parse('2024-01-01T00:00:00Z');
  const statuses = ['ok', 'ok', 'ok', 'skipped', 'failed'];
  inTransaction(store, () => {
    for (let run = 0; run < ROWS / 1000; run += 1) startRun(store, { flow: 'orders', command: 'orders sync', dryRun: false });
    for (let i = 0; i < ROWS; i += 1) {
      const status = statuses[i % statuses.length];
      insert.run(
        Math.floor(i / 1000) + 1,
        new Date(start + i * 30_000).toISOString(),
        i % 2 === 0 ? 'webshop-rackbeat' : 'rackbeat-economic',
        status === 'skipped' ? 'pulled' : 'created',
        status,
        String(100_000 + i),
        String(1000 + i),
        status === 'ok' ? String(500_000 + i) : null,
        status === 'ok' ? String(500_000 + i) : null,
        status === 'failed' ? `product SKU-${i % 97} does not exist in Rackbeat, "order ${1000 + i}"` : null,
        40 + (i % 200),
        JSON.stringify({ id: 100_000 + i, number: String(1000 + i), total: '123.45' }),
      );
    }
  });
  store.close();
}

/** Runs a command under /usr/bin/time: wall seconds and max RSS in KB. */
function timed(args: readonly string[]): { seconds: number; maxRssKb: number; status: number | null } {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30 });
  const [seconds, rss] = (result.stderr.trim().split('\n').at(-1) ?? '').split(' ').map(Number);
  return { seconds: seconds ?? Number.NaN, maxRssKb: rss ?? Number.NaN, status: result.status };
}

function medianMs(args: readonly string[], times = 5): number {
  const runs = Array.from({ length: times }, () => timed(args).seconds * 1000).sort((a, b) => a - b);
  return runs[Math.floor(runs.length / 2)] ?? Number.NaN;
}

try {
  const storePath = join(dir, 'bench.db');
  const fillStarted = performance.now();
  fillStore(storePath);
  process.stdout.write(`filled ${ROWS} transfers in ${((performance.now() - fillStarted) / 1000).toFixed(1)} s (${(statSync(storePath).size / 1e6).toFixed(0)} MB)\n`);
  writeFileSync(join(dir, 'sync.config.yaml'), 'store: ./bench.db\n');

  const node = process.execPath;
  const limit50 = medianMs([node, BIN, 'history', '--limit', '50']);
  report('history --limit 50 (whole process, 1M rows, median of 5)', limit50, 'ms', '< 300 ms', limit50 < 300);

  const exported = timed([node, BIN, 'history', '--format', 'csv', '--output', 'all.csv']);
  const lines = statSync(join(dir, 'all.csv')).size;
  report(`full CSV export (1M rows, ${(lines / 1e6).toFixed(0)} MB)`, exported.seconds * 1000, 'ms', 'exits 0', exported.status === 0);
  report('full CSV export peak RSS', exported.maxRssKb / 1024, 'MB', '< 200 MB', exported.maxRssKb / 1024 < 200);

  const bare = medianMs([node, '-e', '0']);
  const version = medianMs([node, BIN, '--version']);
  process.stdout.write(`node -e 0: ${bare.toFixed(0)} ms, iex-sync --version: ${version.toFixed(0)} ms\n`);
  report('iex-sync --version vs node -e 0', version / bare, 'x', '< 3x', version / bare < 3, 2);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
finish();
