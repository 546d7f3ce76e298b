import { readFileSync } from 'node:fs';
import { ConfigError } from './errors.js';
import { closestMatch } from './suggest.js';
import { isKnownTimeZone } from '../domain/time.js';

/**
 * The top-level keys (`store`, `timezone`) for commands that use no section (`history`, `status`),
 * checked without loading the zod schema: cron may run those every minute, and zod alone costs
 * more start-up time than the rest of `history` (issue: start-up stays light). The rules come from
 * config/sync.config.schema.json, which is generated from the one zod schema and kept in step with
 * it by a test, so there is still one source of truth.
 */
interface JsonSchemaProperty {
  type?: string;
  default?: unknown;
  minLength?: number;
}

interface GeneratedSchema {
  properties: Record<string, JsonSchemaProperty>;
}

const SCHEMA_FILE = new URL('../../config/sync.config.schema.json', import.meta.url);

export interface TopLevelSettings {
  store: string;
  timezone: string;
}

/** Validates the top-level keys of a parsed (and env-substituted) config; sections are left alone. */
export function validateTopLevel(tree: Record<string, unknown>, fileName: string): TopLevelSettings {
  const { properties } = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as GeneratedSchema;
  const known = Object.keys(properties);
  const problems: string[] = [];
  for (const key of Object.keys(tree)) {
    if (known.includes(key)) continue;
    const suggestion = closestMatch(key, known);
    problems.push(`${key} is not a known key in ${fileName}${suggestion ? `: did you mean ${suggestion}?` : ` (known: ${known.join(', ')})`}`);
  }
  const text = (key: keyof TopLevelSettings): string => {
    const value = tree[key] ?? properties[key]?.default;
    if (typeof value !== 'string' || value.length === 0) {
      problems.push(`${key} must be a non-empty text in ${fileName}, e.g. ${key}: ${String(properties[key]?.default)}`);
      return '';
    }
    return value;
  };
  const settings = { store: text('store'), timezone: text('timezone') };
  if (settings.timezone && !isKnownTimeZone(settings.timezone)) {
    problems.push(`timezone: is not a time zone this system knows (use an IANA name such as Europe/Copenhagen)`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return settings;
}
