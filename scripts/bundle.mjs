/**
 * `npm run bundle`: the CLI as one esbuild bundle in dist/bundle/, split at its on-demand imports
 * (`import()`), so a cron run loads a few files instead of some three hundred modules.
 */
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

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
  outdir: 'dist/bundle',
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
