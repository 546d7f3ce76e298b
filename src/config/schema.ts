import * as z from 'zod';
import { describeIssues } from './problems.js';
import { generalSettings } from './sections/general.js';
import { configSections, type SectionName } from './sections/index.js';

/** The one schema of sync.config.yaml. Sections are optional here; each command requires its own. */
export const configSchema = z.strictObject(configSections).partial().extend(generalSettings);

export type SyncConfig = z.output<typeof configSchema>;

/** A config in which the sections a command asked for are present. */
export type ConfigWith<S extends SectionName> = SyncConfig & Required<Pick<SyncConfig, S>>;

export type Validated = { ok: true; config: SyncConfig } | { ok: false; problems: string[] };

/**
 * A config checked against the schema, its problems as sentences (problems.ts: with the schema, so
 * a command loads both in one go). Parsed without zod's JIT, which generates code for each object
 * schema: that pays off over many parses, not the one a run makes.
 */
export function validateConfig(input: unknown, fileName: string): Validated {
  const result = configSchema.safeParse(input, { jitless: true });
  return result.success ? { ok: true, config: result.data } : { ok: false, problems: describeIssues(configSchema, result.error.issues, fileName) };
}
