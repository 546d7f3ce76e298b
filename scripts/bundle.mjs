/**
 * `npm run bundle`: the CLI as one esbuild bundle in dist/bundle/, split at its on-demand imports
 * (`import()`), so a cron run loads a few files instead of some three hundred modules.
 */
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: ['src/cli/main.ts'],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir: 'dist/bundle',
  // A native addon, and the compiler only tests use.
  external: ['better-sqlite3', 'typescript'],
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
