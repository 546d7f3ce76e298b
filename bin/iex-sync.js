#!/usr/bin/env node
// Runs the built CLI (npm run build writes dist/). Kept tiny so start-up stays light.
import { main } from '../dist/cli/main.js';

// A reader that stops early (`iex-sync history | head`) is not an error: stop quietly.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

main(process.argv).then((code) => {
  process.exitCode = code;
});
