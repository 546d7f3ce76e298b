/**
 * The calendar date of an instant in the business time zone (design, "Money and time"):
 * an order paid at 00:30 on 1 January in Copenhagen is dated 1 January, even though it is still
 * 31 December in UTC.
 */
export function businessDate(instant: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}
