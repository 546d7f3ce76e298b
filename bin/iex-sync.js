#!/usr/bin/env node
// Runs the built CLI: npm run build bundles it into dist/bundle/ (a few files load far faster than
// hundreds of modules, on every cron run). Kept tiny so start-up stays light.
import { main } from '../dist/bundle/main.js';

// A reader that stops early (`iex-sync history | head`) is not an error: stop quietly.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

main(process.argv).then((code) => {
  process.exitCode = code;
});
