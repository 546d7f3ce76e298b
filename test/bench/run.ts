/**
 * `npm run bench`: runs every test/bench/*.bench.ts in its own process (so memory readings are
 * its own), one after the other, and prints what each reports. A benchmark prints its results as
 * lines `name: value unit (target …, PASS|MISS)` (report.ts) and exits 1 when any missed; this
 * runner collects the exit codes and exits 1 when any benchmark did.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const benches = readdirSync(here)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => only.length === 0 || only.some((name) => file.includes(name)))
  .sort();

let failed = 0;
for (const file of benches) {
  process.stdout.write(`\n== ${file}\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(here, file)], { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
process.stdout.write(`\n${benches.length} benchmark${benches.length === 1 ? '' : 's'} ran, ${failed} missed a target or failed\n`);
process.exitCode = failed === 0 ? 0 : 1;
