import { stringify } from 'yaml';
import { loadWholeConfig, type LoadedConfig } from '../config/load.js';
import { maskSecrets } from '../config/mask.js';

/**
 * `config check`: loads and validates every section the file has (throws ConfigError listing each
 * problem) and returns the resolved config with secrets masked, ready to print.
 */
export async function checkConfig(options: { path?: string | undefined; cwd: string; env: NodeJS.ProcessEnv }): Promise<LoadedConfig> {
  const loaded = await loadWholeConfig(options);
  return { file: loaded.file, config: maskSecrets(loaded.config) };
}

/** The checked config as YAML, the way the file is written. */
export function configAsYaml(config: LoadedConfig['config']): string {
  return stringify(config);
}
