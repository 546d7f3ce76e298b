import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HISTORY_COLUMNS } from '../../src/services/history-format.js';
import { useTmpDir } from '../helpers/tmp-dir.js';
import { fillStore } from './fixture-store.js';
import { runMain } from './run-cli.js';

const tmpDir = useTmpDir();

/** A folder with a config that has only `store` (a relative path: it resolves against the config's folder). */
function storeOnlySetup(): { dir: string; fixture: ReturnType<typeof fillStore> } {
  const dir = tmpDir();
  writeFileSync(join(dir, 'sync.config.yaml'), 'store: ./data/sync.db\n');
  return { dir, fixture: fillStore(join(dir, 'data', 'sync.db')) };
}

async function historyJson(dir: string, ...args: string[]): Promise<Array<Record<string, unknown>>> {
  const result = await runMain(['history', '--json', ...args], { cwd: dir });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Array<Record<string, unknown>>;
}

describe('history', () => {
  it('lists the log newest first as a table, with a config that has only store', async () => {
    const { dir } = storeOnlySetup();
    const result = await runMain(['history'], { cwd: dir });
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    // Piped: every column, nothing cut; times to the second in the business zone, named in the header.
    expect(lines[0]).toMatch(/^ID\s+AT \(Europe\/Copenhagen\)\s+LEG\s+KIND\s+STAGE\s+STATUS\s+SOURCE\s+TARGET\s+MESSAGE$/);
    expect(lines).toHaveLength(7);
    expect(lines[1]).toContain('skipped');
    expect(lines[1]).toContain('#1045');
    expect(lines.at(-1)).toContain('Rackbeat 5001');
    expect(lines.at(-1)).toMatch(/ 2025-03-01 1\d:\d{2}:\d{2} /);
  });

  it('fits the table to the terminal: at 80 columns the message goes whole under each row, at 200 beside it', async () => {
    const { dir } = storeOnlySetup();
    const narrow = await runMain(['history'], { cwd: dir, env: { COLUMNS: '80' } });
    const wide = await runMain(['history'], { cwd: dir, env: { COLUMNS: '200' } });
    for (const line of narrow.stdout.trimEnd().split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    for (const line of wide.stdout.trimEnd().split('\n')) expect(line.length, line).toBeLessThanOrEqual(200);
    expect(narrow.stdout).toContain('\n  product SKU-9 does not exist in Rackbeat\n');
    expect(wide.stdout).toMatch(/^\d+ .* #1043 .*product SKU-9 does not exist in Rackbeat$/m);
    expect(wide.stdout.split('\n')[0]).toMatch(/^ID\s+AT \(Europe\/Copenhagen\)\s+LEG\s+KIND\s+STAGE\s+STATUS\s+SOURCE\s+TARGET\s+MESSAGE$/);
    expect(narrow.stdout.split('\n')[0]).toMatch(/^ID\s+AT \(Europe\/Copenhagen\)\s+STATUS\s+SOURCE$/);
  });

  it('exports JSON as one array with the design columns, `at` in UTC with Z, newest first', async () => {
    const { dir } = storeOnlySetup();
    const rows = await historyJson(dir);
    expect(rows).toHaveLength(6);
    expect(Object.keys(rows[0] ?? {})).toEqual(HISTORY_COLUMNS);
    const times = rows.map((row) => String(row.at));
    for (const at of times) expect(at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('filters by status, leg, run, time and limit', async () => {
    const { dir, fixture } = storeOnlySetup();
    const failedOrUnknown = await historyJson(dir, '--status', 'failed,unknown');
    expect(failedOrUnknown.map((row) => row.sourceNumber)).toEqual(['1044', '1043']);
    const leg2 = await historyJson(dir, '--leg', 'rackbeat-economic');
    expect(leg2.map((row) => row.stage)).toEqual(['booked', 'created']);
    expect(await historyJson(dir, '--run', String(fixture.runId + 1))).toEqual([]);
    expect(await historyJson(dir, '--run', String(fixture.runId))).toHaveLength(6);
    const all = await historyJson(dir);
    const middle = String(all[2]?.at);
    const since = await historyJson(dir, '--since', middle);
    expect(since).toEqual(all.slice(0, 3));
    const until = await historyJson(dir, '--until', middle);
    expect(until).toEqual(all.slice(3));
    expect(await historyJson(dir, '--limit', '2')).toEqual(all.slice(0, 2));
    // The fixture's rows are from 2025: an age of 1 hour finds none of them.
    expect(await historyJson(dir, '--since', '1h')).toEqual([]);
    expect(await historyJson(dir, '--leg', 'no-such-leg')).toEqual([]);
  });

  it('--source follows the links chain from the webshop order to the booked invoice, and back', async () => {
    const { dir } = storeOnlySetup();
    const expected = ['20001', '7', '5001'];
    const fromOrder = await historyJson(dir, '--source', '1042');
    expect(fromOrder.map((row) => row.targetNumber)).toEqual(expected);
    // From the Rackbeat order's number the chain is the same, upstream included.
    const fromRackbeat = await historyJson(dir, '--source', '5001');
    expect(fromRackbeat.map((row) => row.targetNumber)).toEqual(expected);
    // A record with no link (the skip) is found by its own id.
    const skipped = await historyJson(dir, '--source', '904');
    expect(skipped.map((row) => row.status)).toEqual(['skipped']);
  });

  it('exports CSV with a header even when nothing matches, empty fields for nulls, quoting where needed', async () => {
    const { dir } = storeOnlySetup();
    const empty = await runMain(['history', '--format', 'csv', '--leg', 'no-such-leg'], { cwd: dir });
    expect(empty.code).toBe(0);
    expect(empty.stdout).toBe(`${HISTORY_COLUMNS.join(',')}\n`);

    const full = await runMain(['history', '--format', 'csv', '--output', 'out.csv'], { cwd: dir });
    expect(full.code).toBe(0);
    expect(full.stdout).toBe('');
    expect(full.stderr).toContain('wrote 6 rows to out.csv');
    const lines = readFileSync(join(dir, 'out.csv'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(7);
    const skipped = lines[1]?.split(',') ?? [];
    expect(skipped).toHaveLength(HISTORY_COLUMNS.length);
    expect(skipped[HISTORY_COLUMNS.indexOf('targetSystem')]).toBe('');
    expect(skipped[HISTORY_COLUMNS.indexOf('durationMs')]).toBe('');
    expect(lines.find((line) => line.includes('draft invoice'))).toContain('"draft invoice, ""Order 1042"", net 100.00"');
  });

  it('exports NDJSON, one object per line', async () => {
    const { dir } = storeOnlySetup();
    const result = await runMain(['history', '--format', 'ndjson', '--status', 'ok'], { cwd: dir });
    const rows = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { status: string });
    expect(rows.map((row) => row.status)).toEqual(['ok', 'ok', 'ok']);
  });

  it('show prints one transfer with its payloads, secrets masked', async () => {
    const dir = tmpDir();
    writeFileSync(join(dir, 'sync.config.yaml'), 'store: ./sync.db\n');
    fillStore(join(dir, 'sync.db'), { apiKey: 'SECRET-api-key-0123456789', redact: (payload) => payload });
    const rows = await historyJson(dir, '--source', '1042', '--leg', 'webshop-rackbeat');
    const id = String(rows[0]?.id);
    const human = await runMain(['history', 'show', id], { cwd: dir });
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('"heading": "WEB-1042"');
    expect(human.stdout).toContain('"apiKey": "****6789"');
    expect(human.stdout).not.toContain('SECRET');
    const json = await runMain(['--json', 'history', 'show', id], { cwd: dir });
    const transfer = JSON.parse(json.stdout) as { sourcePayload: { number: string; apiKey: string } };
    expect(transfer.sourcePayload.number).toBe('1042');
    expect(transfer.sourcePayload.apiKey).toBe('****6789');
  });

  it('rejects what cannot work with exit 2 and a clear message', async () => {
    const { dir } = storeOnlySetup();
    const cases: Array<[string[], RegExp]> = [
      [['history', 'show', '999'], /there is no transfer 999/],
      [['history', 'show', 'abc'], /"abc" is not a whole number/],
      [['history', '--since', 'yesterday'], /"yesterday" is not a time/],
      [['history', '--since', '2025-03-01T10:00'], /is not a time/],
      [['history', '--status', 'done'], /"done" is not a status/],
      [['history', '--format', 'xml'], /Allowed choices are table, json, ndjson, csv/],
      [['history', '--json', '--format', 'csv'], /--json means --format json/],
      [['history', '--nope'], /unknown option '--nope'/],
      [['history', '--flow', 'stocks'], /Allowed choices are orders, .*stock/],
      [['history', '--status', 'given-up,needs-attention,bogus'], /"bogus" is not a status/],
    ];
    for (const [args, message] of cases) {
      const result = await runMain(args, { cwd: dir });
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toMatch(message);
    }
  });

  it('takes #1043 like 1043, accepts every status status counts, and says when nothing matches', async () => {
    const { dir } = storeOnlySetup();
    const byHash = await runMain(['--json', 'history', '--source', '#1043'], { cwd: dir });
    const plain = await runMain(['--json', 'history', '--source', '1043'], { cwd: dir });
    expect(JSON.parse(byHash.stdout)).toEqual(JSON.parse(plain.stdout));
    expect((JSON.parse(plain.stdout) as unknown[]).length).toBeGreaterThan(0);
    const none = await runMain(['history', '--source', '4242', '--status', 'given-up,needs-attention'], { cwd: dir });
    expect(none.code).toBe(0);
    expect(none.stderr).toBe('no transfers match --status given-up,needs-attention --source 4242\n');
  });

  it('says where it looked when the store does not exist (exit 2)', async () => {
    const dir = tmpDir();
    writeFileSync(join(dir, 'sync.config.yaml'), 'store: ./missing.db\n');
    const result = await runMain(['history'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(join(dir, 'missing.db'));
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
