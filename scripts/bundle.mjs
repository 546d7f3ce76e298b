/**
 * `npm run bundle`: the CLI as one esbuild bundle in dist/bundle/, split at its on-demand imports
 * (`import()`), so a cron run loads a few files instead of some three hundred modules.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';

const OUT_DIR = 'dist/bundle';

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: ['src/cli/main.ts'],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir: OUT_DIR,
  // The native addon (required: see below), and the compiler, which only tests use.
  external: ['better-sqlite3', 'typescript'],
  // require() for the CommonJS packages in the bundle and for the imports rewritten below.
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  alias: {
    // axios's Node build imports the form-data package (with mime-db's table of every media type,
    // half of axios's chunk) for multipart bodies, on every run that calls a system. This tool sends
    // none; should one ever be sent, Node's own FormData stands in, which axios streams itself.
    'form-data': './scripts/node-form-data.js',
  },
  logLevel: 'warning',
});

/**
 * Node's own modules and the native addon are loaded with require(), as the CommonJS packages in
 * the bundle load theirs: an ESM import of a builtin builds a facade that reads every export it
 * has (node:crypto's webcrypto, node:util's parseArgs, …), and of a CommonJS package has Node scan
 * its sources for export names first; about 10 ms of a quiet run. esbuild writes these imports at
 * the top of each file, as `import name from "node:fs";` or `import { a, b as c } from "node:fs";`:
 * they become `const` declarations from require(). Any other form fails the build rather than
 * stay slow unseen.
 */
const REQUIRED = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`), 'better-sqlite3']);
const IMPORT_LINE = /^import (?:([\w$]+)(?:, )?)?(?:\{([^}]*)\})? from "([^"]+)";$/gm;

function requireAtRuntime(code, file) {
  const rewritten = code.replace(IMPORT_LINE, (statement, name, names, module) => {
    if (!REQUIRED.has(module) || (name === undefined && names === undefined)) return statement;
    const required = `require(${JSON.stringify(module)})`;
    const specifiers = (names ?? '').split(',').map((each) => each.trim().split(/\s+as\s+/)).filter(([imported]) => imported);
    // `default` is the module itself (module.exports), as with an ESM import of CommonJS.
    const defaults = [name, ...specifiers.filter(([imported]) => imported === 'default').map(([, local]) => local)].filter(Boolean);
    const bindings = specifiers.filter(([imported]) => imported !== 'default').map(([imported, local]) => (local ? `${imported}: ${local}` : imported));
    const declarations = [...defaults.map((local) => `${local} = ${required}`), ...(bindings.length > 0 ? [`{ ${bindings.join(', ')} } = ${defaults[0] ?? required}`] : [])];
    return `const ${declarations.join(', ')};`;
  });
  const left = [...rewritten.matchAll(/^import [^;]*? from "([^"]+)";$/gms)].map((match) => match[1]).filter((module) => REQUIRED.has(module) && module !== 'node:module');
  if (left.length > 0) throw new Error(`${file}: imports of ${left.join(', ')} in a form the bundle script does not turn into require()`);
  return rewritten;
}

for (const file of readdirSync(OUT_DIR).filter((name) => name.endsWith('.js'))) {
  const path = join(OUT_DIR, file);
  writeFileSync(path, requireAtRuntime(readFileSync(path, 'utf8'), file));
}
