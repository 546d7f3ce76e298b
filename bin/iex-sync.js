#!/usr/bin/env node
// Runs the built CLI (npm run build writes dist/). Kept tiny so start-up stays light.
import { main } from '../dist/cli/main.js';

main(process.argv).then((code) => {
  process.exitCode = code;
});
