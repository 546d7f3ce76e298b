import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/bench/**', 'node_modules/**'],
    pool: 'forks',
    // Flow and crash tests talk HTTP to simulators and spawn the CLI: give them room on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
