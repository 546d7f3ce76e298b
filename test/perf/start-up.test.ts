import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { useTmpDir } from '../helpers/tmp-dir.js';
import { newBuyer, startCountingWorld, type CountingWorld } from './orders-world.js';

/**
 * Issue 15, start-up: the built CLI loads axios, the config's validation and the connectors only
 * for a command that needs them (axios alone takes about a tenth of a second to load).
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

/** The packages and source folders a run of the built CLI loads. */
function loads(args: string[], dir: string): Promise<{ code: number | null; loaded: Set<string> }> {
  const hook = join(dir, 'trace.mjs');
  writeFileSync(hook, TRACE);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', hook, BIN, ...args], { cwd: dir });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.resume();
    child.on('close', (code) => {
      const loaded = new Set<string>();
      for (const [, url] of stderr.matchAll(/^LOADED (\S+)$/gm)) {
        const name = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url!)?.[1] ?? /\/dist\/([^/]+\/[^/.]+)/.exec(url!)?.[1];
        if (name) loaded.add(name);
      }
      resolve({ code, loaded });
    });
  });
}

describe('what the built CLI loads', () => {
  it('loads axios for an orders run only, and neither the config validation nor a connector for --version', async () => {
    const dir = tmp();
    const world: CountingWorld = await startCountingWorld(dir);
    closing.push(() => world.close());
    world.place(newBuyer(1));

    const orders = await loads(['-c', world.configPath, 'orders'], dir);
    expect(orders.code).toBe(0);
    expect(orders.loaded).toContain('zod');
    expect(orders.loaded).toContain('connectors/rackbeat');
    expect(orders.loaded).toContain('axios');

    const history = await loads(['-c', world.configPath, 'history'], dir);
    expect(history.code).toBe(0);
    expect(history.loaded).toContain('better-sqlite3');
    expect(history.loaded).not.toContain('axios');

    const version = await loads(['--version'], dir);
    expect(version.code).toBe(0);
    const heavy = ['zod', 'axios', 'cosmiconfig', 'yaml', 'better-sqlite3', 'connectors/rackbeat', 'connectors/economic', 'connectors/http'];
    expect([...version.loaded].filter((name) => heavy.includes(name))).toEqual([]);
  });
});
