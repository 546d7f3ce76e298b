import { spawn } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
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

/** The bundle's files a run of the built CLI loads, by name without the hash (`axios`, `schema`, `chunk`, `main`), with the bytes of each. */
function loads(args: string[], dir: string): Promise<{ code: number | null; loaded: Map<string, number> }> {
  const hook = join(dir, 'trace.mjs');
  writeFileSync(hook, TRACE);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', hook, BIN, ...args], { cwd: dir });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.resume();
    child.on('close', (code) => {
      const loaded = new Map<string, number>();
      for (const [, url] of stderr.matchAll(/^LOADED (\S+)$/gm)) {
        const name = /\/dist\/bundle\/([a-z-]+?)(?:-[A-Z0-9]{8})?\.js$/.exec(url!)?.[1];
        if (name) loaded.set(name, (loaded.get(name) ?? 0) + statSync(fileURLToPath(url!)).size);
      }
      resolve({ code, loaded });
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
});
