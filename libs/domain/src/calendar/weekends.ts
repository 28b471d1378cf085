import { DayNumber, formatDayNumber } from './local-date';

/**
 * The weekly rest days of a country's public administration, as data: a deadline counted in
 * working days skips them. Saturday and Sunday unless listed here; a country whose week
 * changed lists each period with the date it took effect.
 */

/** getUTCDay numbering: 0 = Sunday … 6 = Saturday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface WeekendPeriod {
  /** First date ('YYYY-MM-DD') of this week; absent for the earliest period. */
  from?: string;
  days: readonly Weekday[];
  source: string;
}

const SATURDAY_SUNDAY: readonly Weekday[] = [6, 0];

export const WEEKENDS: Readonly<Record<string, readonly WeekendPeriod[]>> = {
  KM: [
    {
      // Monday–Thursday full days, Friday and Saturday mornings: only Sunday was off.
      days: [0],
      source:
        'Horaires de la fonction publique before the 2025 reform (Friday 7:30–11:00, Saturday ' +
        '7:30–12:00), as described by the Directeur général de la Fonction publique (RFI, 2025-03)',
    },
    {
      from: '2025-09-30',
      days: [6, 0],
      source:
        'Décret n° 25-115/PR of 2025-09-19 (five-day week in the public administrations, Monday ' +
        'to Friday) and arrêté n° 25-075/FOP of 2025-09-20 fixing the hours, applied from ' +
        '30 September 2025 (Al-Watwan); Saturday and Sunday "non ouvrables"',
    },
  ],
  MA: [
    {
      days: SATURDAY_SUNDAY,
      source:
        'Décret n° 2.05.916 of 20 July 2005 fixing the working days and hours of the public ' +
        'administrations and collectivités territoriales: Monday to Friday',
    },
  ],
};

function weekdayOf(day: DayNumber): Weekday {
  // 1970-01-01 was a Thursday: day 0 → 4 in getUTCDay numbering (0 = Sunday).
  return ((((day + 4) % 7) + 7) % 7) as Weekday;
}

/** The rest days in force in `country` on `day`. */
export function weekendDaysOn(country: string, day: DayNumber): readonly Weekday[] {
  const periods = WEEKENDS[country];
  if (!periods) return SATURDAY_SUNDAY;
  const date = formatDayNumber(day);
  let days = SATURDAY_SUNDAY;
  for (const p of periods) if (p.from === undefined || p.from <= date) days = p.days;
  return days;
}

export function isWeekendIn(country: string, day: DayNumber): boolean {
  return weekendDaysOn(country, day).includes(weekdayOf(day));
}
