import { cosmiconfig } from 'cosmiconfig';
import { MODULE_NAME, parseConfigYaml } from './parse.js';

// Searched from the working folder up to the project's root (the folder with a package.json).
const SEARCH_PLACES = [
  'sync.config.yaml',
  'sync.config.yml',
  `.${MODULE_NAME}rc`,
  `.${MODULE_NAME}rc.yaml`,
  `.${MODULE_NAME}rc.yml`,
  `.${MODULE_NAME}rc.json`,
  'package.json',
];

export interface FoundConfig {
  file: string;
  raw: unknown;
}

/**
 * The config file found from `cwd`, when no file is named. Kept apart from the loader because
 * cosmiconfig and its parsers cost start-up time that a run with `--config` does not need.
 */
export async function searchConfig(cwd: string): Promise<FoundConfig | undefined> {
  const explorer = cosmiconfig(MODULE_NAME, {
    searchPlaces: SEARCH_PLACES,
    searchStrategy: 'project',
    loaders: { '.yaml': parseConfigYaml, '.yml': parseConfigYaml, '.json': parseConfigYaml, noExt: parseConfigYaml },
    cache: false,
  });
  const result = await explorer.search(cwd);
  return result ? { file: result.filepath, raw: result.config } : undefined;
}
