import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StatusReport } from '../../src/services/status.js';
import { openStore } from '../../src/store/database.js';
import { recordIntent } from '../../src/store/links.js';
import { startRun } from '../../src/store/runs.js';
import { useTmpDir } from '../helpers/tmp-dir.js';
import { fillStore, SHOP } from './fixture-store.js';
import { runMain } from './run-cli.js';

const tmpDir = useTmpDir();

describe('status', () => {
  it('shows per flow and leg the checkpoint, the last run and open records; exits 1 when some failed', async () => {
    const dir = tmpDir();
    writeFileSync(join(dir, 'sync.config.yaml'), 'store: sync.db\n');
    const { runId } = fillStore(join(dir, 'sync.db'));

    const json = await runMain(['status', '--json'], { cwd: dir });
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as StatusReport;
    expect(report.legs.map((leg) => `${leg.flow}/${leg.leg}`)).toEqual(['orders/rackbeat-economic', 'orders/webshop-rackbeat']);
    const [leg2, leg1] = report.legs;
    expect(leg1?.checkpoints).toEqual([expect.objectContaining({ sourceInstance: SHOP, cursor: '2025-03-01T09:06:00.000Z' })]);
    expect(leg1?.open).toEqual({ failed: 1, unknown: 1, pending: 0, 'given-up': 0, 'needs-attention': 0 });
    expect(leg1?.lastRun).toMatchObject({ id: runId, result: 'failed', dryRun: false, counts: { ok: 1, failed: 1, unknown: 1 } });
    expect(leg2?.checkpoints).toEqual([]);
    expect(leg2?.open).toEqual({ failed: 0, unknown: 0, pending: 0, 'given-up': 0, 'needs-attention': 0 });
    expect(leg2?.lastRun?.counts).toMatchObject({ ok: 2 });

    const human = await runMain(['status'], { cwd: dir });
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('orders / webshop-rackbeat');
    expect(human.stdout).toContain(`checkpoint  2025-03-01T09:06:00.000Z (${SHOP})`);
    expect(human.stdout).toMatch(/last run +#\d+ 2025-03-01T10:00:00.000Z failed: 1 ok, 1 skipped, 1 failed, 1 unknown/);
    expect(human.stdout).toContain('records     1 failed, 1 unknown, 0 pending, 0 given up, 0 need attention');
    // Every number is explained once, in words; a leg without failures of its own is not called failed.
    expect(human.stdout).toContain('unknown = sent, answer lost: the next run looks it up by reference before anything else');
    expect(human.stdout).toMatch(/orders \/ rackbeat-economic\n.*\n  last run +#\d+ \S+ ok \(another leg failed\): 2 ok/);
    expect(human.stdout).toContain('open until fixed or dismissed (iex-sync dismiss <number>):');
    expect(human.stdout).toContain('orders / webshop-rackbeat #1043 (create-order) failed: product SKU-9 does not exist in Rackbeat');
    expect(human.stdout).toContain('orders / webshop-rackbeat #1044 (create-order) unknown: timeout after POST /orders');
  });

  it('dismiss settles open records by their number: status exits 0 once none is left, and the log says who did what', async () => {
    const dir = tmpDir();
    writeFileSync(join(dir, 'sync.config.yaml'), 'store: sync.db\n');
    fillStore(join(dir, 'sync.db'));

    expect((await runMain(['dismiss'], { cwd: dir })).code).toBe(2);
    const one = await runMain(['dismiss', '#1043'], { cwd: dir });
    expect(one).toMatchObject({ code: 0, stderr: 'dismissed orders / webshop-rackbeat 1043 (create-order)\n' });
    const after = JSON.parse((await runMain(['status', '--json'], { cwd: dir })).stdout) as StatusReport;
    expect(after.problems.map((problem) => problem.sourceNumber)).toEqual(['1044']);
    expect((await runMain(['status'], { cwd: dir })).code).toBe(1);

    expect((await runMain(['dismiss', '--all'], { cwd: dir })).code).toBe(0);
    expect((await runMain(['status'], { cwd: dir })).code).toBe(0);
    expect((await runMain(['dismiss', '1043'], { cwd: dir })).stderr).toContain('nothing to dismiss');
    const log = JSON.parse((await runMain(['--json', 'history', '--status', 'dismissed'], { cwd: dir })).stdout) as Array<{ sourceNumber: string; message: string }>;
    expect(log.map((row) => [row.sourceNumber, row.message])).toEqual([
      ['1044', 'dismissed by a person (create-order): unknown: timeout after POST /orders'],
      ['1043', 'dismissed by a person (create-order): failed: product SKU-9 does not exist in Rackbeat'],
    ]);
  });

  it('exits 0 on a store with nothing open, with no config file at all (default store in the working folder)', async () => {
    const dir = tmpDir();
    openStore(join(dir, 'iex-sync.db')).close();
    const result = await runMain(['status'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('nothing has run yet');
    expect(result.stderr).toContain(`no config found: reading the default store ${join(dir, 'iex-sync.db')}`);
  });

  it('shows a run that ended without writing its end as crashed, not running', async () => {
    const dir = tmpDir();
    writeFileSync(join(dir, 'sync.config.yaml'), 'store: sync.db\n');
    const store = openStore(join(dir, 'sync.db'));
    startRun(store, { flow: 'orders', command: 'orders', dryRun: false });
    recordIntent(store, { flow: 'orders', leg: 'webshop-rackbeat', step: 'rackbeat-order', sourceSystem: 'woocommerce', sourceInstance: SHOP, sourceId: '7', targetSystem: 'rackbeat', sourceModifiedAt: '2025-03-01T09:00:00Z' });
    store.close();
    const report = JSON.parse((await runMain(['status', '--json'], { cwd: dir })).stdout) as StatusReport;
    expect(report.legs[0]?.lastRun?.result).toMatch(/^crashed/);
  });
});
