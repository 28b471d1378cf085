import { DayNumber, dayNumberFromUtcFields, formatDayNumber, MS_PER_DAY } from './local-date';

/**
 * The two conversions between instants and a jurisdiction's calendar that deadlines need,
 * done with the runtime's IANA time-zone data through Intl so no zone library is bundled.
 */

// Building a DateTimeFormat costs far more than using one, and deadlines are computed for
// thousands of applications in a handful of zones.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        // h23, not hour12: false, because some ICU versions print midnight as "24" otherwise.
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new RangeError(`"${timeZone}" is not an IANA time zone known to this runtime`);
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClockAt(instantMs: number, timeZone: string): WallClock {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instantMs)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const { year, month, day, hour, minute, second } = fields;
  return { year, month, day, hour, minute, second };
}

/** Milliseconds to add to UTC to get local wall-clock time at that instant. */
function offsetAt(instantMs: number, timeZone: string): number {
  const w = wallClockAt(instantMs, timeZone);
  const wallMs = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  // The formatter has whole seconds only, so compare against the instant's whole second.
  return wallMs - Math.floor(instantMs / 1000) * 1000;
}

function localDayAt(instantMs: number, timeZone: string): DayNumber {
  const w = wallClockAt(instantMs, timeZone);
  return dayNumberFromUtcFields(w.year, w.month, w.day);
}

/** Throws a RangeError unless `timeZone` is an IANA zone the runtime knows. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

/** The calendar date ('YYYY-MM-DD') that the clocks of `timeZone` show at `instant`. */
export function localDateOf(instant: Date, timeZone: string): string {
  return formatDayNumber(localDayOf(instant, timeZone));
}

export function localDayOf(instant: Date, timeZone: string): DayNumber {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('the instant is an invalid Date');
  return localDayAt(ms, timeZone);
}

/**
 * The last millisecond of local day `day` in `timeZone`: the instant the clocks there show
 * 23:59:59.999 on that date. DST makes the UTC offset of that moment unknowable in advance,
 * so the offsets a day either side are taken (they bracket any transition near it) and the
 * candidate that maps back to the same wall time wins. Should 23:59:59.999 occur twice (a
 * fall-back across midnight) the later occurrence ends the day; should it not occur at all (a
 * spring-forward across midnight) the day ends just before the jump, found by bisection.
 * Usually both offsets agree, so this costs three formatToParts calls (~3.5 µs each).
 */
export function endOfLocalDay(day: DayNumber, timeZone: string): Date {
  const wallMs = (day + 1) * MS_PER_DAY - 1;
  const offsets = new Set([
    offsetAt(wallMs - MS_PER_DAY, timeZone),
    offsetAt(wallMs + MS_PER_DAY, timeZone),
  ]);
  const candidates = [...offsets].map((offset) => wallMs - offset);
  const exact = candidates.filter((t) => t + offsetAt(t, timeZone) === wallMs);
  if (exact.length > 0) return new Date(Math.max(...exact));
  return new Date(lastInstantOfDayInGap(day, timeZone, candidates));
}

function lastInstantOfDayInGap(day: DayNumber, timeZone: string, candidates: number[]): number {
  // In a gap the candidate computed with the earlier offset lands after the jump (next day)
  // and the one with the later offset before it (still `day`).
  let before = Math.min(...candidates);
  let after = Math.max(...candidates);
  if (localDayAt(before, timeZone) > day || localDayAt(after, timeZone) <= day) {
    throw new RangeError(`cannot find the end of ${formatDayNumber(day)} in ${timeZone}`);
  }
  while (after - before > 1) {
    const middle = Math.floor((before + after) / 2);
    if (localDayAt(middle, timeZone) > day) after = middle;
    else before = middle;
  }
  return before;
}

/**
 * The instant the clocks of `timeZone` show `localDateTime` ('YYYY-MM-DDTHH:mm' or with
 * ':ss'), e.g. a call's closing time in the issuer's zone. Like endOfLocalDay, the offsets a
 * day either side bracket any DST change; a wall time that occurs twice resolves to its first
 * occurrence, one skipped by a spring-forward to the first instant after the jump.
 */
export function instantOfLocalDateTime(localDateTime: string, timeZone: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(localDateTime);
  if (!match)
    throw new RangeError(`"${localDateTime}" is not a local date-time (YYYY-MM-DDTHH:mm)`);
  const [year, month, day, hour, minute, second] = match.slice(1).map((v) => Number(v ?? 0));
  const wallMs = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wallMs);
  if (
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    throw new RangeError(`"${localDateTime}" is not a real date and time`);
  }
  const candidates = [
    ...new Set([offsetAt(wallMs - MS_PER_DAY, timeZone), offsetAt(wallMs + MS_PER_DAY, timeZone)]),
  ].map((offset) => wallMs - offset);
  const exact = candidates.filter((t) => t + offsetAt(t, timeZone) === wallMs);
  return new Date(exact.length > 0 ? Math.min(...exact) : Math.max(...candidates));
}
