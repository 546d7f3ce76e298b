import { copyFile, constants } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError } from '../config/errors.js';

/** The documented example config shipped with the package (package.json "files"). */
const EXAMPLE_CONFIG = new URL('../../sync.config.example.yaml', import.meta.url);

/** `init`: writes the commented starter config to `path`; never overwrites an existing file. */
export async function writeStarterConfig(path: string): Promise<string> {
  const target = resolve(path);
  try {
    await copyFile(EXAMPLE_CONFIG, target, constants.COPYFILE_EXCL);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new ConfigError([`${target} already exists: init never overwrites a config; edit it, or remove it first`]);
    }
    throw error;
  }
  return target;
}
