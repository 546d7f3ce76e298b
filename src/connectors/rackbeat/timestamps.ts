import { formatWallTime, isKnownTimeZone, wallAsUtcMs, wallTimeToUtc, zoneOffsetMs, type WallTime } from '../../domain/time.js';

/**
 * Rackbeat writes times without a zone, in two formats: `2025-02-10 05:13:05` (the Rackbeat API
 * docs' webhook examples) and `2025-02-10T05:13:05+01:00` (what its laravel-client SDK parses). A
 * zoneless time is wall-clock time in the account's zone, `rackbeat.timezone`; inside the tool
 * every time is a UTC Date.
 */

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Throws a RangeError naming the setting when `timeZone` is not an IANA zone Node knows. */
export function assertTimeZone(timeZone: string): void {
  if (!isKnownTimeZone(timeZone)) {
    throw new RangeError(`rackbeat.timezone: unknown time zone ${JSON.stringify(timeZone)} (use an IANA name like Europe/Copenhagen)`);
  }
}

/** Reads a Rackbeat timestamp (either format, zoneless or not) into a UTC Date. */
export function parseRackbeatTime(text: string, timeZone: string): Date {
  const match = TIMESTAMP.exec(text.trim());
  if (!match) throw new TypeError(`not a Rackbeat timestamp: ${JSON.stringify(text)}`);
  const [, year, month, day, hour = '0', minute = '0', second = '0', zone] = match;
  const wall: WallTime = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second),
  };
  if (zone === undefined) return wallTimeToUtc(wall, timeZone);
  if (zone === 'Z') return new Date(wallAsUtcMs(wall));
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetMs = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  return new Date(wallAsUtcMs(wall) - offsetMs);
}

/** Reads an optional timestamp (`booked_at: null`). */
export function parseOptionalRackbeatTime(text: string | null | undefined, timeZone: string): Date | undefined {
  return text ? parseRackbeatTime(text, timeZone) : undefined;
}

const pad = (value: number): string => String(value).padStart(2, '0');

/** `YYYY-MM-DD HH:MM:SS` in `timeZone`: the form the temporal filters take (Rackbeat API docs, "Filtering"). */
export function formatRackbeatTime(date: Date, timeZone: string): string {
  return formatWallTime(date, timeZone);
}

/** `YYYY-MM-DDTHH:MM:SS+01:00` in `timeZone`: the older form (Rackbeat's laravel-client SDK parses `Y-m-d\TH:i:sP`). */
export function formatRackbeatIsoTime(date: Date, timeZone: string): string {
  const offsetMinutes = Math.round(zoneOffsetMs(date.getTime(), timeZone) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${formatRackbeatTime(date, timeZone).replace(' ', 'T')}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** `YYYY-MM-DD` in `timeZone`, for date fields such as `order_date`. */
export function formatRackbeatDate(date: Date, timeZone: string): string {
  return formatRackbeatTime(date, timeZone).slice(0, 10);
}
