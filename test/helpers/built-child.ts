import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The built JavaScript of a child process written in TypeScript, e.g.
 * `test/engine/fixtures/crash-child.ts` (relative to the repository). Plain `node` starts it in a
 * fraction of `--import tsx`'s time, which counts when a crash suite starts dozens of them.
 * tsconfig.test-children.json lists the children and builds them (and what they import) into
 * `.tmp/test-children/` (ignored by git); `npm test` runs it before the tests.
 */
const OUT = fileURLToPath(new URL('../../.tmp/test-children/', import.meta.url));

export function builtChild(source: string): string {
  const built = `${OUT}${source.replace(/\.ts$/, '.js')}`;
  if (!existsSync(built)) throw new Error(`${built} is not built: run \`npm run build:test-children\` (\`npm test\` does), or list ${source} in tsconfig.test-children.json`);
  return built;
}
