import { readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../config/errors.js';
import { fileErrorReason } from '../domain/file-errors.js';
import { businessDate } from '../domain/time.js';

/** The documented example config shipped with the package (package.json "files"). */
const EXAMPLE_CONFIG = new URL('../../sync.config.example.yaml', import.meta.url);

/**
 * `init`: writes the commented starter config to `path`; never overwrites an existing file.
 * The order flow's cut-over (`orders.startFrom`) is set to today, so a first run transfers only
 * what comes from now on.
 */
export async function writeStarterConfig(path: string, today: Date = new Date()): Promise<string> {
  const target = resolve(path);
  const example = await readFile(EXAMPLE_CONFIG, 'utf8');
  const starter = example.replace(/^(\s*startFrom: )\S+/m, `$1${businessDate(today, 'Europe/Copenhagen')}`);
  try {
    await writeFile(target, starter, { flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw new ConfigError([`${target} already exists: init never overwrites a config; edit it, or remove it first`]);
    }
    if (code === 'ENOENT') {
      throw new ConfigError([`cannot write ${target}: the folder ${dirname(target)} does not exist; create it first (mkdir -p ${dirname(target)}) or give another path`]);
    }
    throw new ConfigError([`cannot write ${target} (${fileErrorReason(error)}): give a path in a folder you can write to`]);
  }
  return target;
}
