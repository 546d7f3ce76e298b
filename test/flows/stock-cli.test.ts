import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../cli/run-cli.js';
import { countInRackbeat, shopLevel, stockConfig } from './helpers/stock-world.js';
import { useFlowWorld } from './world/world.js';

/** `iex-sync stock` as cron and people run it: the dry-run's levels, the summary line, -q, --json, --sku. */
describe('iex-sync stock', () => {
  const startWorld = useFlowWorld();

  async function world() {
    const w = await startWorld({ seededOrders: 0 });
    await stockConfig(w); // writes stock.config.yaml beside the world's config
    return { w, args: ['-c', join(w.dir, 'stock.config.yaml')] };
  }

  it('--dry-run lists the levels it would set and writes none; then a run sets them and a rerun says nothing with -q', async () => {
    const { w, args } = await world();
    countInRackbeat(w, 'CAP-001', 9);
    const dry = await runMain([...args, 'stock', '--dry-run'], { cwd: w.dir });
    expect(dry.code).toBe(0);
    expect(dry.stderr).toMatch(/^ {2}CAP-001: level 9$/m);
    expect(shopLevel(w, 'CAP-001')).toBe(200);

    const run = await runMain([...args, 'stock'], { cwd: w.dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^stock: rackbeat→webshop \d+ ok, \d+ skipped in \d+\.\d s$/m);
    expect(shopLevel(w, 'CAP-001')).toBe(9);

    expect(await runMain([...args, '-q', 'stock'], { cwd: w.dir })).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('--json prints the summary; --sku runs only those SKUs and refuses one Rackbeat does not have (exit 2)', async () => {
    const { w, args } = await world();
    countInRackbeat(w, 'MUG#BLK', 4);
    countInRackbeat(w, 'CAP-001', 5);
    const json = await runMain([...args, '--json', 'stock', '--sku', 'MUG#BLK'], { cwd: w.dir });
    expect(json.code).toBe(0);
    const summary = JSON.parse(json.stdout) as { flow: string; legs: Array<{ leg: string; counts: { ok: number } }> };
    expect(summary).toMatchObject({ flow: 'stock', legs: [{ leg: 'rackbeat-webshop', counts: { ok: 1 } }] });
    expect(shopLevel(w, 'MUG#BLK')).toBe(4);
    expect(shopLevel(w, 'CAP-001')).toBe(200);

    const unknown = await runMain([...args, 'stock', '--sku', 'NO-SUCH'], { cwd: w.dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Rackbeat has no product NO-SUCH');
  });
});
