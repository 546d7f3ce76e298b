import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { validateTopLevel } from '../../src/config/top-level.js';

/**
 * `history` and `status` check the top-level keys without zod (start-up time); these cases hold
 * that light check to the one zod schema, so the two can never disagree.
 */
const CASES: ReadonlyArray<[string, Record<string, unknown>]> = [
  ['nothing: the defaults', {}],
  ['a store path', { store: './data/sync.db' }],
  ['a known zone', { timezone: 'Europe/Helsinki' }],
  ['an unknown zone', { timezone: 'Mars/Olympus' }],
  ['an empty store', { store: '' }],
  ['a store that is a number', { store: 42 }],
  ['a misspelt key', { stor: './x.db' }],
  ['an unknown key', { color: 'blue' }],
];

describe('validateTopLevel', () => {
  it.each(CASES)('agrees with the zod schema on %s', (_name, tree) => {
    const zod = configSchema.safeParse(tree);
    let light: unknown;
    try {
      light = validateTopLevel(tree, 'sync.config.yaml');
    } catch {
      light = undefined;
    }
    expect(light !== undefined).toBe(zod.success);
    if (zod.success) expect(light).toEqual({ store: zod.data.store, timezone: zod.data.timezone });
  });

  it('names the key and suggests the one meant', () => {
    expect(() => validateTopLevel({ stor: 'x.db' }, 'sync.config.yaml')).toThrow(/stor is not a known key in sync\.config\.yaml: did you mean store\?/);
  });
});
