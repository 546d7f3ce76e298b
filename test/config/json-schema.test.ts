import { readFileSync } from 'node:fs';
import { Validator, type Schema } from 'jsonschema';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { configJsonSchemaText, JSON_SCHEMA_FILE } from '../../src/config/json-schema.js';
import { loadWholeConfig } from '../../src/config/load.js';
import { SECTION_NAMES } from '../../src/config/sections/index.js';

const EXAMPLE = new URL('../../sync.config.example.yaml', import.meta.url);

describe('config/sync.config.schema.json', () => {
  it('is generated from the zod schema (regenerate: npx tsx src/config/json-schema.ts)', () => {
    expect(readFileSync(JSON_SCHEMA_FILE, 'utf8')).toBe(configJsonSchemaText());
  });

  it('accepts sync.config.example.yaml, which documents every key', () => {
    const schema = JSON.parse(configJsonSchemaText()) as { properties: Record<string, { properties?: Record<string, unknown> }> };
    const example = readFileSync(EXAMPLE, 'utf8');
    // Every key appears in the example, set or commented out.
    for (const [key, property] of Object.entries(schema.properties)) {
      expect(example).toMatch(new RegExp(`^${key}:`, 'm'));
      for (const inner of Object.keys(property.properties ?? {})) expect(example).toMatch(new RegExp(`^ +(# )?${inner}:`, 'm'));
    }
    // ${NAME} placeholders are not URLs, so check the structure without formats.
    const result = new Validator().validate(parse(example), { ...schema, $schema: undefined } as Schema);
    expect(result.errors.map((error) => error.stack)).toEqual([]);
  });

  it('the example loads once its environment variables are set', async () => {
    const env = Object.fromEntries([...readFileSync(EXAMPLE, 'utf8').matchAll(/^\s+\w+: \$\{(\w+)\}/gm)].map((match) => [match[1], 'x'.repeat(20)]));
    const { config } = await loadWholeConfig({ path: EXAMPLE.pathname, cwd: '/', env });
    expect(Object.keys(config)).toEqual(expect.arrayContaining([...SECTION_NAMES]));
  });
});
