import { basename, extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from './errors.js';

/** The tool's name: the key a package.json keeps its config under, and cosmiconfig's module name. */
export const MODULE_NAME = 'iex-sync';

/** YAML only (JSON is YAML): a config that runs code could read secrets around ${NAME}. */
export function parseConfigYaml(filePath: string, content: string): unknown {
  try {
    return parseYaml(content) as unknown;
  } catch (error) {
    throw new ConfigError([`${filePath} is not valid YAML: ${(error as Error).message}`]);
  }
}

/**
 * The config in a file's text, read as the search reads it: an empty file holds none, and a
 * package.json keeps it under "iex-sync".
 */
export function parseConfigText(filePath: string, content: string): unknown {
  if (content.trim() === '') return undefined;
  const parsed = parseConfigYaml(filePath, content);
  if (basename(filePath, extname(filePath)) !== 'package') return parsed;
  return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>)[MODULE_NAME] : undefined;
}
