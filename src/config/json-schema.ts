import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { configSchema } from './schema.js';

/** Where the generated schema is shipped (package.json "files": config/). */
export const JSON_SCHEMA_FILE = new URL('../../config/sync.config.schema.json', import.meta.url);

/** The config's JSON schema, generated from the one zod schema (what a file may contain, before defaults). */
export function configJsonSchemaText(): string {
  const schema = z.toJSONSchema(configSchema, { io: 'input' });
  return `${JSON.stringify({ ...schema, title: 'iex-sync config (sync.config.yaml)' }, null, 2)}\n`;
}

// `npx tsx src/config/json-schema.ts` regenerates the file (test/config/json-schema.test.ts checks it is current).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(JSON_SCHEMA_FILE, configJsonSchemaText());
}
