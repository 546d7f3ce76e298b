/**
 * Rackbeat writes times without a zone, in two formats (facts §3.1, pitfall 4):
 * `2025-02-10 05:13:05` (current docs and webhooks) and `2025-02-10T05:13:05+01:00` (older SDK).
 * A zoneless time is wall-clock time in the account's zone, `rackbeat.timezone`; inside the tool
 * every time is a UTC Date (design, "Money and time").
 */

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws a RangeError naming the setting when `timeZone` is not an IANA zone Node knows. */
export function assertTimeZone(timeZone: string): void {
  try {
    formatterFor(timeZone);
  } catch {
    throw new RangeError(`rackbeat.timezone: unknown time zone ${JSON.stringify(timeZone)} (use an IANA name like Europe/Copenhagen)`);
  }
}

function wallTimeAt(utcMs: number, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(utcMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

function wallAsUtcMs(wall: WallTime): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
}

/** How far the zone's clock is ahead of UTC at this instant. */
function zoneOffsetMs(utcMs: number, timeZone: string): number {
  return wallAsUtcMs(wallTimeAt(Math.floor(utcMs / 1000) * 1000, timeZone)) - Math.floor(utcMs / 1000) * 1000;
}

const HALF_DAY_MS = 12 * 3600_000;

/**
 * The UTC instant of a wall-clock time in `timeZone`. In the autumn hour that happens twice the
 * earlier instant wins (a cursor that reads a little early only re-reads); a spring-gap time that
 * never happened is read with the offset before the change.
 */
function wallTimeToUtc(wall: WallTime, timeZone: string): Date {
  const asUtc = wallAsUtcMs(wall);
  const offsets = new Set([zoneOffsetMs(asUtc - HALF_DAY_MS, timeZone), zoneOffsetMs(asUtc + HALF_DAY_MS, timeZone)]);
  const valid = [...offsets].map((offset) => asUtc - offset).filter((utc) => asUtc - zoneOffsetMs(utc, timeZone) === utc);
  if (valid.length > 0) return new Date(Math.min(...valid));
  return new Date(asUtc - zoneOffsetMs(asUtc - HALF_DAY_MS, timeZone));
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

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** `YYYY-MM-DD HH:MM:SS` in `timeZone`: the form the temporal filters take (facts §2.2). */
export function formatRackbeatTime(date: Date, timeZone: string): string {
  const wall = wallTimeAt(date.getTime(), timeZone);
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)} ${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}`;
}

/** `YYYY-MM-DDTHH:MM:SS+01:00` in `timeZone`: the older form (RB-CLIENT parses `Y-m-d\TH:i:sP`). */
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
