/**
 * Calendar dates ('YYYY-MM-DD') as plain day numbers. Working-day arithmetic happens on dates,
 * not instants, so it is done in UTC where every day has 24 hours; time zones only matter when
 * an instant is turned into a date or a date's end into an instant (see zoned-time.ts).
 */

const MS_PER_DAY = 86_400_000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01; a compact key that makes "the next day" an increment. */
export type DayNumber = number;

/** The day number of a 'YYYY-MM-DD' date, or undefined when it is not a real calendar date. */
export function parseLocalDate(localDate: string): DayNumber | undefined {
  const match = LOCAL_DATE.exec(localDate);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  // Date.UTC rolls 2026-02-30 over to March; a round trip catches impossible dates.
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1) return undefined;
  if (back.getUTCDate() !== day) return undefined;
  return ms / MS_PER_DAY;
}

/** Like parseLocalDate, but for dates the caller must get right: throws naming the argument. */
export function requireLocalDate(localDate: string, argument: string): DayNumber {
  const day = parseLocalDate(localDate);
  if (day === undefined) {
    throw new RangeError(`${argument} must be a calendar date YYYY-MM-DD, got "${localDate}"`);
  }
  return day;
}

export function formatDayNumber(day: DayNumber): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function dayNumberFromUtcFields(year: number, month: number, day: number): DayNumber {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

export function yearOf(day: DayNumber): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

export { MS_PER_DAY };
