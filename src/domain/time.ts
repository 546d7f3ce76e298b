/**
 * Time on the ground floor: inside the tool every time is a UTC Date;
 * a calendar date or a wall-clock time belongs to a named IANA time zone (the business zone for
 * document dates, `rackbeat.timezone` for Rackbeat's zoneless times).
 */

/** A clock reading in some zone, to the second. */
export interface WallTime {
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

/** True when the runtime knows this IANA zone (e.g. Europe/Copenhagen). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** What a clock in `timeZone` shows at this instant. */
export function wallTimeAt(utcMs: number, timeZone: string): WallTime {
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

/** The wall time read as if it were UTC (a step in converting between zones). */
export function wallAsUtcMs(wall: WallTime): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
}

/** How far `timeZone` is ahead of UTC at this instant, in milliseconds (Copenhagen in summer: +2 h). */
export function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const second = Math.floor(utcMs / 1000) * 1000;
  return wallAsUtcMs(wallTimeAt(second, timeZone)) - second;
}

const HALF_DAY_MS = 12 * 3600_000;

/**
 * The UTC instant of a wall-clock time in `timeZone`. In the autumn hour that happens twice the
 * earlier instant wins (a cursor that reads a little early only re-reads); a spring-gap time that
 * never happened is read with the offset before the change.
 */
export function wallTimeToUtc(wall: WallTime, timeZone: string): Date {
  const asUtc = wallAsUtcMs(wall);
  const offsets = new Set([zoneOffsetMs(asUtc - HALF_DAY_MS, timeZone), zoneOffsetMs(asUtc + HALF_DAY_MS, timeZone)]);
  const valid = [...offsets].map((offset) => asUtc - offset).filter((utc) => asUtc - zoneOffsetMs(utc, timeZone) === utc);
  if (valid.length > 0) return new Date(Math.min(...valid));
  return new Date(asUtc - zoneOffsetMs(asUtc - HALF_DAY_MS, timeZone));
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** `YYYY-MM-DD HH:MM:SS` as a clock in `timeZone` shows it. */
export function formatWallTime(date: Date, timeZone: string): string {
  const wall = wallTimeAt(date.getTime(), timeZone);
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)} ${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}`;
}

/**
 * The calendar date of an instant in the business time zone: an order paid at 00:30 on 1 January
 * in Copenhagen is dated 1 January, even though it is still 31 December in UTC.
 */
export function businessDate(instant: Date, timeZone: string): string {
  return formatWallTime(instant, timeZone).slice(0, 10);
}

/** The instant a calendar date (`YYYY-MM-DD`) begins in `timeZone`. */
export function startOfBusinessDay(date: string, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number);
  return wallTimeToUtc({ year: year ?? 0, month: month ?? 0, day: day ?? 0, hour: 0, minute: 0, second: 0 }, timeZone);
}
