import type { CalendarCorrections, HolidayCorrection, NamedDate } from './holiday-correction-types';
import { HOLIDAY_CORRECTIONS } from './holiday-corrections.data';
import { formatDayNumber, parseLocalDate } from './local-date';

export type { CalendarCorrections, HolidayCorrection, NamedDate } from './holiday-correction-types';

/**
 * Where date-holidays 3.37 is wrong for the jurisdictions codev serves, the fix lives in
 * holiday-corrections.data.ts (one entry per correction, each citing its legal source) and in
 * the two statutory rules below that are easier to state as code than as dates. This is a list
 * of corrections to the library, not a holiday table: a calendar without entries is the
 * library's. The corrections are idempotent, so an upgraded library that agrees does no harm;
 * remove an entry once the library has it right.
 *
 * Order, per library year: dated corrections (so a moved lunar feast keeps its rule), then the
 * recurring ones (rules removed, days added every year, feasts extended to two days), then the
 * statutory rules (Mexico's transmission day, Ecuador's transfer law). Rules only ever touch the
 * entries tagged with their library rule, never a day added by a dated correction.
 */

const MONTH_DAY = /^(\d{2})-(\d{2})$/;

/** Everything wrong with the correction data, as sentences; empty when it is sound. */
export function correctionProblems(data: readonly CalendarCorrections[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const calendar of data) {
    const where = calendar.state ? `${calendar.country}-${calendar.state}` : calendar.country;
    if (!/^[A-Z]{2}$/.test(calendar.country)) problems.push(`${where}: bad country code`);
    if (seen.has(where)) problems.push(`${where}: listed twice; merge its corrections`);
    seen.add(where);
    calendar.corrections.forEach((c, i) => {
      const at = `${where}[${i}] ${c.kind}`;
      if (!c.source.trim()) problems.push(`${at}: no source`);
      const dates =
        c.kind === 'move'
          ? [c.from, c.to]
          : c.kind === 'add' || c.kind === 'remove'
            ? [c.date]
            : [];
      for (const d of dates)
        if (parseLocalDate(d) === undefined) problems.push(`${at}: bad date ${d}`);
      if (c.kind === 'addYearly') {
        const m = MONTH_DAY.exec(c.monthDay);
        const valid = m && parseLocalDate(`2024-${c.monthDay}`) !== undefined;
        if (!valid) problems.push(`${at}: bad month-day ${c.monthDay}`);
      }
      if (c.kind === 'extendRule' && (!Number.isInteger(c.days) || c.days < 2)) {
        problems.push(`${at}: days must be an integer of at least 2`);
      }
    });
  }
  return problems;
}

const dataProblems = correctionProblems(HOLIDAY_CORRECTIONS);
if (dataProblems.length > 0) {
  throw new Error(`holiday-corrections.data.ts is invalid: ${dataProblems.join('; ')}`);
}

function correctionsFor(country: string, state: string | undefined): HolidayCorrection[] {
  // A regional calendar is the national one plus the region's own corrections.
  return HOLIDAY_CORRECTIONS.filter(
    (c) => c.country === country && (c.state === undefined || c.state === state),
  ).flatMap((c) => c.corrections);
}

function inRange(year: number, from?: number, to?: number): boolean {
  return (from === undefined || year >= from) && (to === undefined || year <= to);
}

function addDays(date: string, days: number): string {
  return formatDayNumber((parseLocalDate(date) as number) + days);
}

function applyDated(
  year: number,
  list: NamedDate[],
  corrections: HolidayCorrection[],
): NamedDate[] {
  const prefix = `${year}-`;
  let result = list;
  for (const c of corrections) {
    if (c.kind === 'remove' && c.date.startsWith(prefix)) {
      result = result.filter((h) => h.date !== c.date);
    } else if (c.kind === 'move' && c.from.startsWith(prefix)) {
      result = result.map((h) => (h.date === c.from ? { ...h, date: c.to } : h));
    } else if (c.kind === 'add' && c.date.startsWith(prefix)) {
      // Added even where the library has the date, so that a rule removed later (Ecuador's
      // Holy Thursday) cannot take a decreed day with it.
      if (!result.some((h) => h.date === c.date && h.rule === undefined)) {
        result = [...result, { date: c.date, name: c.name }];
      }
    }
  }
  return result;
}

function applyRecurring(
  year: number,
  list: NamedDate[],
  corrections: HolidayCorrection[],
): NamedDate[] {
  let result = list;
  for (const c of corrections) {
    if (c.kind === 'removeRule' && inRange(year, c.fromYear, c.toYear)) {
      result = result.filter((h) => h.rule !== c.rule);
    } else if (c.kind === 'addYearly' && inRange(year, c.fromYear, c.toYear)) {
      const date = `${year}-${c.monthDay}`;
      if (!result.some((h) => h.date === date && h.rule === c.monthDay)) {
        result = [...result, { date, name: c.name, rule: c.monthDay }];
      }
    } else if (c.kind === 'extendRule' && inRange(year, c.fromYear, c.toYear)) {
      const extra = result
        .filter((h) => h.rule === c.rule)
        .flatMap((h) =>
          Array.from({ length: c.days - 1 }, (_, i) => ({
            date: addDays(h.date, i + 1),
            name: `${h.name} (${i + 2})`,
          })),
        )
        .filter((e) => !result.some((h) => h.date === e.date));
      result = [...result, ...extra];
    }
  }
  return result;
}

/** First year the President takes office on 1 October (constitutional reform, DOF 2014-02-10). */
const OCTOBER_TRANSMISSION_FROM = 2024;

/**
 * Ley Federal del Trabajo art. 74 fr. VII and the Calendario Oficial (DOF 1993-10-06, reformed
 * DOF 2024-07-12): "el 1o. de octubre de cada seis años, cuando corresponda a la transmisión del
 * Poder Ejecutivo Federal". date-holidays still has the pre-2024 1 December rule ("12-01 every 6
 * years since 1934"), so it reports Sunday 1 December 2024 and misses Tuesday 1 October 2024
 * (and would do the same in 2030).
 */
function correctMexicanTransmission(year: number, holidays: NamedDate[]): NamedDate[] {
  if (year < OCTOBER_TRANSMISSION_FROM) return holidays;
  const kept = holidays.filter((h) => !h.rule?.startsWith('12-01 every 6 years'));
  const date = `${year}-10-01`;
  const due = (year - OCTOBER_TRANSMISSION_FROM) % 6 === 0;
  if (!due || kept.some((h) => h.date === date)) return kept;
  return [...kept, { date, name: 'Transmisión del Poder Ejecutivo Federal', rule: '10-01' }];
}

/** Ley Orgánica Reformatoria a la LOSEP y al Código del Trabajo, R.O. Supl. 906, 2016-12-20. */
const ECUADOR_TRANSFERS_FROM = 2017;
/** Movable statutory days, by the month-day the law names (library rule or yearly addition). */
const ECUADOR_MOVABLE = ['05-01', '05-24', '08-10', '10-09'];
/** Not moved to the nearest Monday/Friday, but moved off a weekend (1 Jan 2022 → Fri 31 Dec). */
const ECUADOR_WEEKEND_ONLY = ['01-01', '12-25'];

function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/**
 * Ecuador's transfer law (LOSEP Disposición General Cuarta and Código del Trabajo art. 65, as
 * reformed by R.O. Supl. 906 of 20 December 2016), which date-holidays does not apply: a holiday
 * on a Tuesday is taken the Monday before, on a Wednesday or Thursday the Friday after, on a
 * Saturday the Friday before and on a Sunday the Monday after; 1 January and 25 December only
 * move off a weekend, and Carnival and Good Friday never move. For the 2–3 November pair:
 * Mon–Tue and Thu–Fri stay; Tue–Wed → Mon–Tue; Wed–Thu → Thu–Fri; Fri–Sat → Thu–Fri;
 * Sat–Sun → Fri and Mon; Sun–Mon → Mon–Tue. Checked against the official 2025 and 2026
 * calendars and, as reported in the press, those of 2017–2019 and 2022–2024 (holidays/ec.spec.ts).
 */
function transferEcuadorianHolidays(year: number, holidays: NamedDate[]): NamedDate[] {
  if (year < ECUADOR_TRANSFERS_FROM) return holidays;
  const shift = (h: NamedDate, days: number): NamedDate =>
    days === 0 ? h : { ...h, date: addDays(h.date, days), name: `${h.name} (traslado)` };
  const SINGLE: Record<number, number> = { 2: -1, 3: 2, 4: 1, 6: -1, 0: 1 };
  const WEEKEND: Record<number, number> = { 6: -1, 0: 1 };
  const isStatutory = (h: NamedDate, md: string) => h.rule === md && h.date === `${year}-${md}`;
  const pairFirst = holidays.find((h) => isStatutory(h, '11-02'));
  const pairSecond = holidays.find((h) => isStatutory(h, '11-03'));
  return holidays.map((h) => {
    if (ECUADOR_MOVABLE.some((md) => isStatutory(h, md))) {
      return shift(h, SINGLE[weekdayOf(h.date)] ?? 0);
    }
    if (ECUADOR_WEEKEND_ONLY.some((md) => isStatutory(h, md))) {
      return shift(h, WEEKEND[weekdayOf(h.date)] ?? 0);
    }
    if (pairFirst && pairSecond && (h === pairFirst || h === pairSecond)) {
      const first = weekdayOf(pairFirst.date);
      // Which day of the pair moves, and by how much, keyed by the weekday of 2 November.
      const moves: Record<number, [NamedDate, number]> = {
        2: [pairSecond, -2], // Tue–Wed: Wednesday to the Monday before
        3: [pairFirst, 2], // Wed–Thu: Wednesday to the Friday
        5: [pairSecond, -2], // Fri–Sat: Saturday to the Thursday
        6: [h, h === pairFirst ? -1 : 1], // Sat–Sun: each to the nearest weekday
        0: [pairFirst, 2], // Sun–Mon: Sunday to the Tuesday
      };
      const move = moves[first];
      return move && move[0] === h ? shift(h, move[1]) : h;
    }
    return h;
  });
}

/**
 * The library's public holidays of one library year (`year`, expanded to whole days, which may
 * run into the next year) with every correction applied. The caller clips to the year it wants.
 */
export function correctHolidays(
  country: string,
  state: string | undefined,
  year: number,
  holidays: NamedDate[],
): NamedDate[] {
  const corrections = correctionsFor(country, state);
  let result = applyDated(year, holidays, corrections);
  result = applyRecurring(year, result, corrections);
  if (country === 'MX') result = correctMexicanTransmission(year, result);
  if (country === 'EC') result = transferEcuadorianHolidays(year, result);
  return result;
}

/** For the tests: the correction entries of a calendar, national ones included. */
export function correctionsOf(country: string, state?: string): readonly HolidayCorrection[] {
  return correctionsFor(country, state);
}
