import { Violation } from '../errors/violation';
import {
  libraryCountries,
  LibraryCalendar,
  libraryStates,
  publicHolidaysOf,
} from './holiday-source';
import { DayNumber, formatDayNumber, parseLocalDate, requireLocalDate, yearOf } from './local-date';
import { isWeekendIn } from './weekends';
import { endOfLocalDay, localDayOf } from './zoned-time';

/**
 * Working days of a jurisdiction, for deadlines such as the 30 working days a federal delegation
 * has to rule on a project's viability, or the 10 a call gives applicants to fix defects.
 * A working day is not in the country's weekend (Saturday and Sunday unless weekends.ts says
 * otherwise, as for the Comoros) and not a public holiday of the country, of the subdivision,
 * or one of the local days the caller lists.
 */
export interface CalendarRef {
  /** ISO 3166-1 alpha-2, e.g. 'MX', 'ES'. */
  country: string;
  /** ISO 3166-2, e.g. 'ES-MD', for regional holidays; only where date-holidays has them. */
  subdivision?: string;
  /** Local holidays as 'YYYY-MM-DD' (a Spanish municipality's two days, a state's own days). */
  extraHolidays?: string[];
}

export interface DeadlineSpec {
  workingDays: number;
  calendar: CalendarRef;
  /** IANA zone of the jurisdiction whose calendar counts, e.g. 'America/Mexico_City'. */
  timeZone: string;
}

interface ResolvedCalendar {
  library: LibraryCalendar;
  extra: ReadonlySet<DayNumber>;
  /** Public holidays of a year; memoised per call so a loop over days skips the cache keys. */
  holidaysIn: (year: number) => ReadonlySet<DayNumber>;
}

const COUNTRY = /^[A-Z]{2}$/;
const SUBDIVISION = /^([A-Z]{2})-([A-Z0-9]{1,3})$/;

function at(path: string, field: string): string {
  return path ? `${path}.${field}` : field;
}

/** Everything wrong with `ref`, each violation naming `path` and the offending field. */
export function checkCalendarRef(ref: CalendarRef, path: string): Violation[] {
  const violations: Violation[] = [];
  if (!COUNTRY.test(ref.country)) {
    violations.push({
      path: at(path, 'country'),
      message: `"${ref.country}" is not an ISO 3166-1 alpha-2 code such as "MX"`,
    });
  } else if (!Object.hasOwn(libraryCountries(), ref.country)) {
    violations.push({
      path: at(path, 'country'),
      message: `"${ref.country}" is not a country with a holiday calendar in date-holidays`,
    });
  } else if (ref.subdivision !== undefined) {
    const problem = subdivisionProblem(ref.country, ref.subdivision);
    if (problem) violations.push({ path: at(path, 'subdivision'), message: problem });
  }
  (ref.extraHolidays ?? []).forEach((date, i) => {
    if (parseLocalDate(date) === undefined) {
      violations.push({
        path: at(path, `extraHolidays[${i}]`),
        message: `"${date}" is not a calendar date YYYY-MM-DD`,
      });
    }
  });
  return violations;
}

function subdivisionProblem(country: string, subdivision: string): string | undefined {
  const match = SUBDIVISION.exec(subdivision);
  if (!match) return `"${subdivision}" is not an ISO 3166-2 code such as "ES-MD"`;
  if (match[1] !== country) return `"${subdivision}" is not a subdivision of ${country}`;
  const states = Object.keys(libraryStates(country));
  if (states.length === 0) {
    // Mexico is such a country: date-holidays has federal holidays only.
    return (
      `date-holidays has no regional calendars for ${country}; leave subdivision out ` +
      'and list the regional holidays in extraHolidays'
    );
  }
  // For the countries checked (ES) date-holidays' state codes are the ISO 3166-2 suffixes,
  // so no mapping is needed; a country where they differ would need one here.
  if (!states.includes(match[2])) {
    const known = states.map((s) => `${country}-${s}`).join(', ');
    return `"${subdivision}" is not a subdivision date-holidays knows (known: ${known})`;
  }
  return undefined;
}

/** Validates once per call so that a bad reference fails loudly instead of silently
 * counting with no holidays (date-holidays accepts unknown countries and states quietly). */
function resolve(ref: CalendarRef): ResolvedCalendar {
  const violations = checkCalendarRef(ref, 'calendar');
  if (violations.length > 0) {
    const summary = violations.map((v) => `${v.path}: ${v.message}`).join('; ');
    throw new RangeError(`Invalid calendar reference: ${summary}`);
  }
  const state = ref.subdivision ? ref.subdivision.slice(3) : undefined;
  const extra = new Set((ref.extraHolidays ?? []).map((d) => parseLocalDate(d) as DayNumber));
  const library = { country: ref.country, state };
  let lastYear = NaN;
  let lastDays: ReadonlySet<DayNumber> = new Set();
  const holidaysIn = (year: number): ReadonlySet<DayNumber> => {
    if (year !== lastYear) [lastYear, lastDays] = [year, publicHolidaysOf(library, year).days];
    return lastDays;
  };
  return { library, extra, holidaysIn };
}

function isWorkingDayNumber(day: DayNumber, calendar: ResolvedCalendar): boolean {
  if (isWeekendIn(calendar.library.country, day) || calendar.extra.has(day)) return false;
  return !calendar.holidaysIn(yearOf(day)).has(day);
}

/** True for dates outside the country's weekend that are neither public nor extra holidays. */
export function isWorkingDay(localDate: string, ref: CalendarRef): boolean {
  return isWorkingDayNumber(requireLocalDate(localDate, 'localDate'), resolve(ref));
}

/**
 * The deadline `spec.workingDays` working days after `startInstant`: the last millisecond
 * (23:59:59.999 in spec.timeZone) of the Nth working day after the local date of the start.
 * The start day never counts, as in Spanish (Ley 39/2015 art. 30) and Mexican (LFPA art. 28)
 * administrative law, whatever the time of day; and it is the local date that counts, so a
 * Friday-evening submission in Mexico City is Friday's even though it is Saturday in UTC.
 */
export function addWorkingDays(startInstant: Date, spec: DeadlineSpec): Date {
  const { workingDays } = spec;
  if (!Number.isInteger(workingDays) || workingDays < 1) {
    throw new RangeError(`workingDays must be an integer of at least 1, got ${workingDays}`);
  }
  const calendar = resolve(spec.calendar);
  let day = localDayOf(startInstant, spec.timeZone);
  for (let counted = 0; counted < workingDays;) {
    day += 1;
    if (isWorkingDayNumber(day, calendar)) counted += 1;
  }
  return endOfLocalDay(day, spec.timeZone);
}

/**
 * Working days in (fromLocalDate, toLocalDate]: the first date excluded, the last included,
 * so that workingDaysBetween(start, deadline) is the N of addWorkingDays. An empty interval
 * (to on or before from) has none, which lets callers ask "how many remain" past a deadline.
 */
export function workingDaysBetween(
  fromLocalDate: string,
  toLocalDate: string,
  ref: CalendarRef,
): number {
  const from = requireLocalDate(fromLocalDate, 'fromLocalDate');
  const to = requireLocalDate(toLocalDate, 'toLocalDate');
  const calendar = resolve(ref);
  let count = 0;
  for (let day = from + 1; day <= to; day++) if (isWorkingDayNumber(day, calendar)) count++;
  return count;
}

/** The holidays of `year` that the calendar counts, public and extra, for display and
 * debugging; weekend holidays are listed too although they change no deadline. */
export function holidaysOf(year: number, ref: CalendarRef): { date: string; name: string }[] {
  if (!Number.isInteger(year)) throw new RangeError(`year must be an integer, got ${year}`);
  const calendar = resolve(ref);
  const holidays = publicHolidaysOf(calendar.library, year).list.map((h) => ({
    date: h.date,
    name: h.name,
  }));
  const known = new Set(holidays.map((h) => h.date));
  for (const day of calendar.extra) {
    const date = formatDayNumber(day);
    if (yearOf(day) === year && !known.has(date)) holidays.push({ date, name: 'Local holiday' });
  }
  return holidays.sort((a, b) => a.date.localeCompare(b.date));
}
