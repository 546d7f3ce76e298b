import { describe, expect, it } from 'vitest';
import {
  assertTimeZone,
  formatRackbeatIsoTime,
  formatRackbeatTime,
  parseRackbeatTime,
} from '../../src/connectors/rackbeat/timestamps.js';

const CPH = 'Europe/Copenhagen';

describe('Rackbeat timestamps (facts §3.1: two formats, no zone)', () => {
  it.each([
    ['2025-02-10 05:13:05', CPH, '2025-02-10T04:13:05.000Z'],
    ['2025-07-10 05:13:05', CPH, '2025-07-10T03:13:05.000Z'],
    ['2025-02-10T05:13:05+01:00', 'UTC', '2025-02-10T04:13:05.000Z'],
    ['2025-02-10T05:13:05-0230', CPH, '2025-02-10T07:43:05.000Z'],
    ['2025-02-10T05:13:05Z', CPH, '2025-02-10T05:13:05.000Z'],
    ['2025-02-10T05:13:05', 'America/New_York', '2025-02-10T10:13:05.000Z'],
    ['2025-02-10', CPH, '2025-02-09T23:00:00.000Z'],
    // The autumn hour that happens twice: the earlier instant.
    ['2025-10-26 02:30:00', CPH, '2025-10-26T00:30:00.000Z'],
    // The spring hour that never happens: read with the winter offset.
    ['2025-03-30 02:30:00', CPH, '2025-03-30T01:30:00.000Z'],
  ])('reads %s in %s as %s', (text, zone, utc) => {
    expect(parseRackbeatTime(text, zone).toISOString()).toBe(utc);
  });

  it('refuses what is not a timestamp', () => {
    expect(() => parseRackbeatTime('10/02/2025', CPH)).toThrow(TypeError);
  });

  it('writes the filter form and the ISO form in the zone, and reads both back to the same instant', () => {
    const instant = new Date('2025-12-31T23:30:00Z');
    expect(formatRackbeatTime(instant, CPH)).toBe('2026-01-01 00:30:00');
    expect(formatRackbeatIsoTime(instant, CPH)).toBe('2026-01-01T00:30:00+01:00');
    expect(parseRackbeatTime(formatRackbeatTime(instant, CPH), CPH)).toEqual(instant);
    expect(parseRackbeatTime(formatRackbeatIsoTime(instant, CPH), 'UTC')).toEqual(instant);
  });

  it('names the setting when the zone is unknown', () => {
    expect(() => assertTimeZone('Europe/Aarhus')).toThrow(/rackbeat\.timezone/);
    expect(() => assertTimeZone(CPH)).not.toThrow();
  });
});
