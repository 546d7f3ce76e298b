import { ConfigError } from './errors.js';
import { isSecretKey } from './mask.js';

// ${NAME} or ${NAME:-default}, anywhere inside a string value.
const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Replaces `${NAME}` and `${NAME:-default}` in every string of a parsed config with the environment's
 * values: the only way secrets enter the config. As in the shell, an empty variable counts as unset.
 * Every reference to a variable that is unset and has no default is reported at once, with its key.
 */
export function substituteEnv(tree: unknown, env: NodeJS.ProcessEnv): unknown {
  const problems: string[] = [];
  const walk = (value: unknown, path: string): unknown => {
    if (typeof value === 'string') {
      return value.replace(REFERENCE, (_match, name: string, fallback: string | undefined) => {
        const found = env[name];
        if (found !== undefined && found !== '') return found;
        if (fallback !== undefined) return fallback;
        const state = found === '' ? 'is set but empty' : 'is not set';
        // A secret has no sensible default: never suggest one for it.
        const fix = isSecretKey(path.split('.').at(-1) ?? '') ? 'set it to the value from the system' : `set it, or give a default as \${${name}:-value}`;
        problems.push(`${path} uses \${${name}}, but the environment variable ${name} ${state}: ${fix}`);
        return '';
      });
    }
    if (Array.isArray(value)) return value.map((item, index) => walk(item, `${path}[${index}]`));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, walk(item, path ? `${path}.${key}` : key)]),
      );
    }
    return value;
  };
  const result = walk(tree, '');
  if (problems.length > 0) throw new ConfigError(problems);
  return result;
}
