import { spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { useTmpDir } from '../helpers/tmp-dir.js';
import { newBuyer, startCountingWorld, type CountingWorld } from './orders-world.js';

/**
 * Issue 15, start-up: the built CLI is a bundle (dist/bundle/, by `npm run build`) split where the
 * code loads on demand, so a command loads only what it needs: axios (about a tenth of a second)
 * only for a command that calls a system, the config's validation (zod) only for a command that
 * reads the config. Chunks are named by what they were split off for (`axios-…`, `schema-…`).
 */
const tmp = useTmpDir('iex-sync-start-');
const closing: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closing.splice(0).map((close) => close()));
});

const BIN = fileURLToPath(new URL('../../bin/iex-sync.js', import.meta.url));
/** A module hook that writes every module the process loads to stderr, one `LOADED <url>` a line. */
const TRACE = `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(\`export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  process._rawDebug('LOADED ' + resolved.url);
  return resolved;
}\`));`;

/** The bundle's files a run of the built CLI loads, by name without the hash (`axios`, `schema`, `chunk`, `main`), with the bytes of each, and their paths. */
function loads(args: string[], dir: string): Promise<{ code: number | null; loaded: Map<string, number>; files: string[] }> {
  const hook = join(dir, 'trace.mjs');
  writeFileSync(hook, TRACE);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', hook, BIN, ...args], { cwd: dir });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.resume();
    child.on('close', (code) => {
      const loaded = new Map<string, number>();
      const files: string[] = [];
      for (const [, url] of stderr.matchAll(/^LOADED (\S+)$/gm)) {
        const name = /\/dist\/bundle\/([a-z-]+?)(?:-[A-Z0-9]{8})?\.js$/.exec(url!)?.[1];
        if (!name) continue;
        loaded.set(name, (loaded.get(name) ?? 0) + statSync(fileURLToPath(url!)).size);
        files.push(fileURLToPath(url!));
      }
      resolve({ code, loaded, files });
    });
  });
}

describe('what the built CLI loads', () => {
  it('loads axios only for a command that calls a system, and little more than its entry for --version', async () => {
    const dir = tmp();
    const world: CountingWorld = await startCountingWorld(dir);
    closing.push(() => world.close());
    world.place(newBuyer(1));

    const orders = await loads(['-c', world.configPath, 'orders'], dir);
    expect(orders.code).toBe(0);
    expect([...orders.loaded.keys()]).toEqual(expect.arrayContaining(['main', 'schema', 'axios']));

    const history = await loads(['-c', world.configPath, 'history'], dir);
    expect(history.code).toBe(0);
    expect(history.loaded.has('axios')).toBe(false);

    const version = await loads(['--version'], dir);
    expect(version.code).toBe(0);
    expect(version.loaded.has('axios') || version.loaded.has('schema')).toBe(false);
    const bytes = (run: { loaded: Map<string, number> }) => [...run.loaded.values()].reduce((sum, size) => sum + size, 0);
    // The entry (commander and the command definitions) and a few small shared chunks: no connector, no config validation.
    expect(bytes(version)).toBeLessThan(bytes(orders) / 5);
  });

  it('a quiet run with --config loads no config search, no zod locale, no form-data, and imports no Node module as ESM', async () => {
    const dir = tmp();
    const world: CountingWorld = await startCountingWorld(dir);
    closing.push(() => world.close());
    const orders = await loads(['-c', world.configPath, 'orders'], dir);
    expect(orders.code).toBe(0);
    // esbuild marks where each package's code begins (`// node_modules/<package>/…`, relative to the project).
    const sources = orders.files.map((file) => readFileSync(file, 'utf8')).join('\n');
    const packages = new Set([...sources.matchAll(/^\/\/ (?:\S*\/)?node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)].map(([, name]) => name));
    for (const unneeded of ['cosmiconfig', 'js-yaml', 'form-data', 'mime-db']) expect(packages.has(unneeded), unneeded).toBe(false);
    expect(sources).not.toMatch(/^\/\/ (?:\S*\/)?node_modules\/zod\/v4\/locales\/(?!en\.js)/m);
    // Node's own modules and better-sqlite3 are required: an ESM import of one costs a facade over all its exports.
    expect(sources).not.toMatch(/^import [^;]*? from "(node:[^"]+|better-sqlite3)";$/ms);
  });
});
