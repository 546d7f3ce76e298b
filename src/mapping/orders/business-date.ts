/**
 * The calendar date of an instant in the business time zone (design, "Money and time"):
 * an order paid at 00:30 on 1 January in Copenhagen is dated 1 January, even though it is still
 * 31 December in UTC.
 */
export function businessDate(instant: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** How far `timeZone` is ahead of UTC at `instant`, in milliseconds (Copenhagen in summer: +2 h). */
function zoneOffsetMs(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((candidate) => candidate.type === type)?.value);
  const wallClock = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wallClock - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant a calendar date (`YYYY-MM-DD`) begins in the business time zone. */
export function startOfBusinessDay(date: string, timeZone: string): Date {
  const midnightUtc = Date.parse(`${date}T00:00:00Z`);
  // The zone's offset at that midnight; a second pass settles a date whose offset changes that night.
  const first = midnightUtc - zoneOffsetMs(new Date(midnightUtc), timeZone);
  return new Date(midnightUtc - zoneOffsetMs(new Date(first), timeZone));
}
