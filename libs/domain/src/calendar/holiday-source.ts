import Holidays from 'date-holidays';
import { correctHolidays, NamedDate } from './holiday-corrections';
import { DayNumber, formatDayNumber, MS_PER_DAY, parseLocalDate } from './local-date';

/**
 * Access to date-holidays: which countries and states it knows, and the public holidays of a
 * (country, state, year), cached because building a Holidays instance parses the country's
 * rules and computing a year evaluates all of them — far too slow to repeat per application.
 */

export interface LibraryCalendar {
  country: string;
  /** date-holidays' own state code (for Spain it equals the ISO 3166-2 suffix: MD, PV…). */
  state?: string;
}

export interface PublicHolidays {
  days: ReadonlySet<DayNumber>;
  /** One entry per date, sorted; multi-day holidays appear once per day. */
  list: readonly NamedDate[];
}

let metadataInstance: Holidays | undefined;
let countries: Readonly<Record<string, string>> | undefined;
const statesByCountry = new Map<string, Readonly<Record<string, string>>>();
const instances = new Map<string, Holidays>();
const yearCache = new Map<string, PublicHolidays>();

function metadata(): Holidays {
  return (metadataInstance ??= new Holidays());
}

/** Country code → name for every country date-holidays has data for. */
export function libraryCountries(): Readonly<Record<string, string>> {
  return (countries ??= metadata().getCountries());
}

/** State code → name, empty when the library has no subdivisions for the country (e.g. MX). */
export function libraryStates(country: string): Readonly<Record<string, string>> {
  let states = statesByCountry.get(country);
  if (!states) {
    // getStates returns undefined, not {}, for a country without subdivision data.
    states = (metadata().getStates(country) as Record<string, string> | undefined) ?? {};
    statesByCountry.set(country, states);
  }
  return states;
}

function instanceFor(calendar: LibraryCalendar): Holidays {
  const key = `${calendar.country}|${calendar.state ?? ''}`;
  let instance = instances.get(key);
  if (!instance) {
    instance = calendar.state
      ? new Holidays(calendar.country, calendar.state)
      : new Holidays(calendar.country);
    instances.set(key, instance);
  }
  return instance;
}

export function publicHolidaysOf(calendar: LibraryCalendar, year: number): PublicHolidays {
  const key = `${calendar.country}|${calendar.state ?? ''}|${year}`;
  let cached = yearCache.get(key);
  if (!cached) {
    cached = computePublicHolidays(calendar, year);
    yearCache.set(key, cached);
  }
  return cached;
}

function computePublicHolidays(calendar: LibraryCalendar, year: number): PublicHolidays {
  const instance = instanceFor(calendar);
  // A multi-day holiday starting late in December runs into the next year, and a correction can
  // move a holiday across New Year (Ecuador takes a Saturday 1 January on Friday 31 December),
  // so the neighbouring library years are corrected too and everything is clipped to `year`.
  const expanded = [year - 1, year, year + 1].flatMap((y) =>
    correctHolidays(
      calendar.country,
      calendar.state,
      y,
      instance
        .getHolidays(y)
        // Only days off for everyone: 'observance' (Mother's Day), 'bank' (Mexico's Holy
        // Thursday), 'optional' and 'school' days are working days for an administration.
        .filter((h) => h.type === 'public')
        .flatMap((h) => daysCoveredBy(h)),
    ),
  );
  const corrected = expanded.filter((h) => h.date.startsWith(`${year}-`));
  const byDate = new Map<string, NamedDate>();
  // The library can emit two entries for one date (ES-MD 2027: 2 May on a Sunday yields
  // both the moved day and its "día sustituto" on 3 May); the first name is enough.
  for (const h of corrected)
    if (!byDate.has(h.date)) byDate.set(h.date, { date: h.date, name: h.name });
  const list = [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
  const days = new Set(list.map((h) => parseLocalDate(h.date) as DayNumber));
  return { days, list };
}

/**
 * The whole local days a library holiday takes off. `date` is local ('2026-03-20 00:00:00',
 * sometimes with a shift such as ' -0600' for holidays that begin at the previous sunset);
 * start and end are instants, so their difference is the duration. A holiday that begins
 * during the day (AU-NT's Christmas Eve from 19:00) does not make that day non-working.
 */
function daysCoveredBy(h: {
  date: string;
  start: Date;
  end: Date;
  name: string;
  rule?: string;
}): NamedDate[] {
  const first = parseLocalDate(h.date.slice(0, 10));
  if (first === undefined) return [];
  const [hours, minutes] = h.date.slice(11, 16).split(':').map(Number);
  const startsAtMidnight = !(hours > 0 || minutes > 0);
  const durationDays = (h.end.getTime() - h.start.getTime()) / MS_PER_DAY;
  const partOfFirstDay = startsAtMidnight ? 0 : 1 - (hours * 60 + minutes) / (24 * 60);
  const fullDays = Math.round(durationDays - partOfFirstDay);
  const firstFullDay = startsAtMidnight ? first : first + 1;
  const covered: NamedDate[] = [];
  for (let i = 0; i < fullDays; i++) {
    covered.push({ date: formatDayNumber(firstFullDay + i), name: h.name, rule: h.rule });
  }
  return covered;
}
