import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { simulatorsFor } from '../../src/sandbox/registry.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

const cli = join(import.meta.dirname, 'fixtures', 'cli.ts');
// Absolute, because the CLI runs in a temporary folder where `tsx` would not resolve.
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

describe('iex-sync sandbox', () => {
  const tmp = useTmpDir();

  it('prints one line per simulator and the config path, serves, and stops cleanly on SIGTERM', async () => {
    const dir = tmp();
    const child = spawn(process.execPath, ['--import', tsx, cli, 'sandbox', '--seed', '3', '--webshop', 'woocommerce', '--out', 'sandbox.yaml'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

    const lines: string[] = [];
    for await (const line of createInterface({ input: child.stdout })) {
      lines.push(line);
      if (line.startsWith('config: ')) break;
    }

    const expected = simulatorsFor('woocommerce').map((entry) => entry.system);
    const simulatorLines = lines.slice(0, -1).map((line) => line.split(' '));
    expect(simulatorLines.map(([system]) => system)).toEqual(expected);
    for (const [, url] of simulatorLines) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines.at(-1)).toBe(`config: ${join(dir, 'sandbox.yaml')}`);
    const config = parse(readFileSync(join(dir, 'sandbox.yaml'), 'utf8')) as Record<string, unknown>;
    expect(config.store).toBe('./iex-sync.sandbox.db');

    // Every simulator answers over HTTP while the sandbox runs.
    for (const [, url] of simulatorLines) expect((await fetch(`${url}/`)).status).toBeGreaterThanOrEqual(200);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('simulators stopped');
    for (const [, url] of simulatorLines) await expect(fetch(`${url}/`)).rejects.toThrow();
  });
});
