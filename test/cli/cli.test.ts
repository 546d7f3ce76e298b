import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { startRun } from '../../src/store/runs.js';
import { appendTransfer } from '../../src/store/transfers.js';
import { useTmpDir } from '../helpers/tmp-dir.js';
import { runBuilt, runMain } from './run-cli.js';

const tmpDir = useTmpDir();

describe('the built CLI', () => {
  it('prints its version', () => {
    const result = runBuilt(['--version'], { cwd: tmpDir() });
    expect(result.code).toBe(0);
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(result.stdout.trim()).toBe(version);
  });

  it('config check with economic.appSecretToken missing exits 2 and names the key', () => {
    const dir = tmpDir();
    writeFileSync(join(dir, 'sync.config.yaml'), 'economic:\n  agreementGrantToken: ${GRANT}\n');
    const result = runBuilt(['config', 'check'], { cwd: dir, env: { GRANT: 'grant-token-value' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('economic.appSecretToken is required: add it to sync.config.yaml, e.g. appSecretToken: ${ECONOMIC_APP_SECRET_TOKEN}');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('config check gives a misspelt key a suggestion (exit 2)', () => {
    const dir = tmpDir();
    writeFileSync(join(dir, 'custom.yaml'), 'timezon: Europe/Copenhagen\n');
    const result = runBuilt(['-c', 'custom.yaml', 'config', 'check'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('timezon is not a known key in custom.yaml: did you mean timezone?');
  });

  it('unknown commands and options are usage errors (exit 2)', () => {
    const dir = tmpDir();
    expect(runBuilt(['frobnicate'], { cwd: dir }).code).toBe(2);
    expect(runBuilt(['status', '--bogus'], { cwd: dir }).code).toBe(2);
  });
});

describe('init and config check', () => {
  it('init writes the commented starter config, never overwrites it (exit 2), and config check then validates it', async () => {
    const dir = tmpDir();
    const first = await runMain(['init'], { cwd: dir });
    expect(first.code).toBe(0);
    const written = readFileSync(join(dir, 'sync.config.yaml'), 'utf8');
    const example = readFileSync(new URL('../../sync.config.example.yaml', import.meta.url), 'utf8');
    // The starter is the documented example with the order flow's cut-over set to today.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen' }).format(new Date());
    expect(written).toBe(example.replace(/^(\s*startFrom: )\S+/m, `$1${today}`));
    expect(written).toMatch(new RegExp(`^  startFrom: ${today}$`, 'm'));
    writeFileSync(join(dir, 'sync.config.yaml'), 'store: mine.db\n');
    const again = await runMain(['init'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    expect(readFileSync(join(dir, 'sync.config.yaml'), 'utf8')).toBe('store: mine.db\n');

    const other = await runMain(['-c', 'prod.yaml', 'init'], { cwd: dir });
    expect(other.code).toBe(0);
    expect(existsSync(join(dir, 'prod.yaml'))).toBe(true);
    const missingEnv = await runMain(['-c', 'prod.yaml', 'config', 'check'], { cwd: dir });
    expect(missingEnv.code).toBe(2);
    expect(missingEnv.stderr).toContain('the environment variable ECONOMIC_APP_SECRET_TOKEN is not set');

    // --json answers on stdout on every path, a config error included (issue 14).
    const json = await runMain(['-c', 'prod.yaml', '--json', 'orders'], { cwd: dir });
    expect(json.code).toBe(2);
    const answer = JSON.parse(json.stdout) as { error: { message: string; hint: string | null; exitCode: number } };
    expect(answer.error.exitCode).toBe(2);
    expect(answer.error.message).toContain('ECONOMIC_APP_SECRET_TOKEN is not set');
  });

  it('config check prints the resolved config with secrets masked, as YAML or JSON', async () => {
    const dir = tmpDir();
    writeFileSync(join(dir, 'sync.config.yaml'), 'rackbeat:\n  apiKey: ${RB_KEY}\n');
    const env = { RB_KEY: 'rackbeat-key-0123456789-WXYZ' };
    const yaml = await runMain(['config', 'check'], { cwd: dir, env });
    expect(yaml.code).toBe(0);
    expect(yaml.stdout).toContain('apiKey: "****WXYZ"');
    expect(yaml.stdout).toContain(`store: ${join(dir, 'iex-sync.db')}`);
    expect(yaml.stderr).toContain('sync.config.yaml is valid');
    const json = await runMain(['--json', '-q', 'config', 'check'], { cwd: dir, env });
    expect(JSON.parse(json.stdout)).toMatchObject({ rackbeat: { apiKey: '****WXYZ', url: 'https://app.rackbeat.com/api' } });
    expect(json.stderr).toBe('');
  });

  it('every command has an example and the exit codes in its help', async () => {
    const dir = tmpDir();
    const commands = [[], ['history'], ['history', 'show'], ['status'], ['config'], ['config', 'check'], ['init'], ['orders'], ['products'], ['stock'], ['reconcile'], ['demo'], ['sandbox'], ['run'], ['doctor'], ['retry'], ['prune']];
    for (const command of commands) {
      const help = await runMain([...command, '--help'], { cwd: dir });
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/Examples?:\n\s+\$ iex-sync /);
      expect(help.stdout.split('75  another run holds the lock')).toHaveLength(2); // exactly once
    }
  });

  it('stops quietly when its reader stops early (iex-sync history | head)', async () => {
    // A log far larger than a pipe's buffer, so the writer is still writing when the reader leaves.
    const dir = tmpDir();
    const store = openStore(join(dir, 'iex-sync.db'));
    const runId = startRun(store, { flow: 'orders', command: 'orders', dryRun: false });
    for (let index = 0; index < 5_000; index += 1) {
      appendTransfer(store, { runId, flow: 'orders', leg: 'webshop-rackbeat', stage: 'created', status: 'ok', sourceSystem: 'woocommerce', sourceId: String(index) }, (payload) => payload);
    }
    store.close();
    const child = spawn(process.execPath, [fileURLToPath(new URL('../../bin/iex-sync.js', import.meta.url)), 'history', '--format', 'csv'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  });
});
