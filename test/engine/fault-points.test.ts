import { describe, expect, it } from 'vitest';
import { parseFaultSpec } from '../../src/engine/fault-points.js';

describe('IEX_SYNC_FAULT', () => {
  it('names points with an optional hit count, several separated by commas', () => {
    expect(parseFaultSpec(undefined)).toBeUndefined();
    expect(parseFaultSpec('')).toBeUndefined();
    expect(parseFaultSpec('after-create:rackbeat-order@3, before-commit:economic-document')).toEqual(
      new Map([
        ['after-create:rackbeat-order', 3],
        ['before-commit:economic-document', 1],
      ]),
    );
  });

  it('refuses a count that is not a positive whole number', () => {
    expect(() => parseFaultSpec('after-create:order@0')).toThrow(/positive count/);
    expect(() => parseFaultSpec('after-create:order@x')).toThrow(/positive count/);
  });
});
