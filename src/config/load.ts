import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { substituteEnv } from './env.js';
import { ConfigError } from './errors.js';
import { parseConfigText } from './parse.js';
import type { ConfigWith, SyncConfig } from './schema.js';
import type { FoundConfig } from './search.js';
import { SECTION_NAMES, type SectionName } from './section-names.js';
import { validateTopLevel } from './top-level.js';

export interface LoadConfigOptions<S extends SectionName> {
  /** `-c, --config`; else the environment's IEX_SYNC_CONFIG; else a search from `cwd`. */
  path?: string | undefined;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The sections the command uses: only these are read, filled from the environment and required. */
  sections: readonly S[];
  /** Sections the command uses when the file has them (smtp for invoice mails): read and checked then, never required. */
  optional?: readonly SectionName[] | undefined;
}

export interface LoadedConfig<C extends SyncConfig = SyncConfig> {
  config: C;
  /** The file it came from; undefined when none was found and the command needs no section. */
  file: string | undefined;
}

/**
 * The file `--config` or IEX_SYNC_CONFIG names, read directly: the search (cosmiconfig and its
 * parsers) is loaded only when no file is named, so a cron run with `-c` starts lighter.
 */
async function readGivenConfig(file: string, source: string): Promise<FoundConfig> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ConfigError([`config file ${file} (from ${source}) does not exist: create it with \`iex-sync init\``]);
    }
    throw error;
  }
  return { file, raw: parseConfigText(file, content) };
}

async function findConfig(options: LoadConfigOptions<SectionName>): Promise<FoundConfig | undefined> {
  const given = options.path ?? options.env.IEX_SYNC_CONFIG;
  if (given) return readGivenConfig(resolve(options.cwd, given), options.path ? '--config' : 'IEX_SYNC_CONFIG');
  const { searchConfig } = await import('./search.js');
  return searchConfig(options.cwd);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Validates the top-level keys and the given sections; relative paths resolve against `baseDir`. */
async function validate(raw: unknown, sections: readonly SectionName[], baseDir: string, fileName: string, env: NodeJS.ProcessEnv): Promise<SyncConfig> {
  const tree = raw ?? {};
  if (!isPlainObject(tree)) throw new ConfigError([`${fileName} must be a mapping of keys (store:, webshop:, …)`]);
  // Sections the command does not use are left out before the environment is read, so a cron job
  // for `history` needs none of the other systems' secrets.
  const unused = new Set<string>(SECTION_NAMES.filter((name) => !sections.includes(name)));
  const used = Object.fromEntries(Object.entries(tree).filter(([key]) => !unused.has(key)));
  const config = sections.length === 0 ? validateTopLevel(substituteEnv(used, env) as Record<string, unknown>, fileName) : await validateWithSchema(used, tree, sections, fileName, env);
  return { ...config, store: isAbsolute(config.store) ? config.store : resolve(baseDir, config.store) };
}

/** The whole zod schema, loaded only by commands that use a section. */
async function validateWithSchema(
  used: Record<string, unknown>,
  tree: Record<string, unknown>,
  sections: readonly SectionName[],
  fileName: string,
  env: NodeJS.ProcessEnv,
): Promise<SyncConfig> {
  const { validateConfig } = await import('./schema.js');
  const result = validateConfig(substituteEnv(used, env), fileName);
  const problems = result.ok ? [] : result.problems;
  for (const section of sections) {
    if (tree[section] === undefined) problems.push(`the ${section} section is required here: add ${section}: to ${fileName} (see sync.config.example.yaml)`);
  }
  if (!result.ok || problems.length > 0) throw new ConfigError(problems);
  return result.config;
}

function noConfigFound(cwd: string): ConfigError {
  return new ConfigError([
    `no config file found from ${cwd} (sync.config.yaml, .iex-syncrc*, or "iex-sync" in package.json): create one with \`iex-sync init\` or pass --config <file>`,
  ]);
}

async function fromFile(found: FoundConfig | undefined, sections: readonly SectionName[], options: LoadConfigOptions<SectionName>): Promise<LoadedConfig> {
  if (!found && sections.length > 0) throw noConfigFound(options.cwd);
  const fileName = found ? basename(found.file) : 'sync.config.yaml';
  const baseDir = found ? dirname(found.file) : options.cwd;
  return { config: await validate(found?.raw, sections, baseDir, fileName, options.env), file: found?.file };
}

/**
 * Loads the config a command needs: finds the file, reads only the top-level keys and the sections
 * asked for, substitutes `${NAME}` from the environment and validates. Every problem is a ConfigError
 * whose lines say how to fix it. With no file, a command that needs no section runs on the defaults
 * (relative to `cwd`).
 */
export async function loadConfig<S extends SectionName>(options: LoadConfigOptions<S>): Promise<LoadedConfig<ConfigWith<S>>> {
  const found = await findConfig(options);
  const raw = isPlainObject(found?.raw) ? found.raw : {};
  const present = (options.optional ?? []).filter((name) => raw[name] !== undefined && !(options.sections as readonly SectionName[]).includes(name));
  const loaded = await fromFile(found, [...options.sections, ...present], options);
  return loaded as LoadedConfig<ConfigWith<S>>;
}

/** Loads and validates every section the file has (for `config check`). A missing file is an error. */
export async function loadWholeConfig(options: Omit<LoadConfigOptions<SectionName>, 'sections'>): Promise<LoadedConfig> {
  const withNone = { ...options, sections: [] };
  const found = await findConfig(withNone);
  if (!found) throw noConfigFound(options.cwd);
  const raw = isPlainObject(found.raw) ? found.raw : {};
  return fromFile(found, SECTION_NAMES.filter((name) => raw[name] !== undefined), withNone);
}
