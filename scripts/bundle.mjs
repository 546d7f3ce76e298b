/**
 * `npm run bundle`: the CLI as one esbuild bundle in dist/bundle/, split at its on-demand imports
 * (`import()`), so a cron run loads a few files instead of some three hundred modules.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';

const OUT_DIR = 'dist/bundle';

/**
 * The native addon (better-sqlite3) is loaded with require(), as the CommonJS packages in the
 * bundle already load theirs: an ESM import of a CommonJS package first has Node scan its source
 * for the names it exports, which costs a cron run a few milliseconds. The import becomes a
 * one-line CommonJS module that requires it.
 */
const REQUIRED = new Set(['better-sqlite3']);
const requireAtRuntime = {
  name: 'require-at-runtime',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^[a-z]/ }, (args) => {
      if (!REQUIRED.has(args.path)) return undefined;
      return args.namespace === 'required' ? { path: args.path, external: true } : { path: args.path, namespace: 'required' };
    });
    pluginBuild.onLoad({ filter: /.*/, namespace: 'required' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
  },
};

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: ['src/cli/main.ts'],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir: OUT_DIR,
  // The compiler, which only tests use.
  external: ['typescript'],
  plugins: [requireAtRuntime],
  // The CommonJS packages in the bundle call require() for Node's own modules.
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
 * Node's own modules are required too, not imported: an ESM import of one builds a facade that
 * reads every export it has (loading node:crypto's webcrypto, node:util's parseArgs, …), about
 * 5 ms over a run's builtins. esbuild writes their imports at the top of each file, as
 * `import name from "node:fs";` or `import { a, b as c } from "node:fs";`: those become
 * `const` declarations from require(). Any other form fails the build rather than stay slow unseen.
 */
const BUILTINS = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
const BUILTIN_IMPORT = /^import (?:([\w$]+)(?:, )?)?(?:\{([^}]*)\})? from "([^"]+)";$/gm;

function requireBuiltins(code, file) {
  const rewritten = code.replace(BUILTIN_IMPORT, (statement, name, names, module) => {
    if (!BUILTINS.has(module) || (name === undefined && names === undefined)) return statement;
    const required = `require(${JSON.stringify(module)})`;
    const bindings = (names ?? '').split(',').map((each) => each.trim().replace(/ as /, ': ')).filter(Boolean);
    const declarations = [name === undefined ? undefined : `${name} = ${required}`, bindings.length > 0 ? `{ ${bindings.join(', ')} } = ${name ?? required}` : undefined];
    return `const ${declarations.filter(Boolean).join(', ')};`;
  });
  const left = [...rewritten.matchAll(/^import [^;]*? from "([^"]+)";$/gms)].map((match) => match[1]).filter((module) => BUILTINS.has(module) && module !== 'node:module');
  if (left.length > 0) throw new Error(`${file}: imports of ${left.join(', ')} in a form the bundle script does not turn into require()`);
  return rewritten;
}

for (const file of readdirSync(OUT_DIR).filter((name) => name.endsWith('.js'))) {
  const path = join(OUT_DIR, file);
  writeFileSync(path, requireBuiltins(readFileSync(path, 'utf8'), file));
}
