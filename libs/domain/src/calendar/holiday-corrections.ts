/**
 * Where date-holidays 3.37 is wrong for the jurisdictions codev serves, the fix lives here,
 * and only here: this is a list of corrections to the library, not a holiday table. Every
 * entry was checked against the official calendar it cites; remove it once the library
 * agrees (the corrections are idempotent, so an upgraded library does no harm meanwhile).
 */

export interface NamedDate {
  date: string;
  name: string;
  /** The date-holidays rule that produced the date, when it came from the library. */
  rule?: string;
}

interface DatedCorrection {
  country: string;
  /** date-holidays state code; absent for a correction to the national calendar. */
  state?: string;
  add?: NamedDate[];
  remove?: string[];
}

/**
 * Regional calendars are fixed by decree every year, while date-holidays encodes them as
 * recurring rules, so a region's choice among the "replaceable" national days drifts from the
 * library. Verified against the published 2025 and 2026 calendars of ES-MD and the Basque
 * Country; other years and regions are the library's unless listed.
 */
const DATED_CORRECTIONS: DatedCorrection[] = [
  {
    // ES-MD's 2025 calendar swapped San José (19 March, which the library
    // already leaves out as an observance) for Santiago Apóstol on Friday 25 July 2025.
    country: 'ES',
    state: 'MD',
    add: [{ date: '2025-07-25', name: 'Santiago Apóstol' }],
  },
  {
    // The Basque Government's 2025 calendar has no San José; the library's rule makes every
    // 19 March a holiday in ES-PV (it is correct again for 2026, which reinstated it).
    country: 'ES',
    state: 'PV',
    remove: ['2025-03-19'],
  },
];

/** First year the President takes office on 1 October (constitutional reform, DOF 2014-02-10). */
const OCTOBER_TRANSMISSION_FROM = 2024;

/**
 * Ley Federal del Trabajo art. 74 fr. VII: "el 1o. de octubre de cada seis años, cuando
 * corresponda a la transmisión del Poder Ejecutivo Federal". date-holidays still has the
 * pre-2024 1 December rule ("12-01 every 6 years since 1934"), so it reports Sunday
 * 1 December 2024 and misses Tuesday 1 October 2024 (and would do the same in 2030).
 */
function correctMexicanTransmission(year: number, holidays: NamedDate[]): NamedDate[] {
  if (year < OCTOBER_TRANSMISSION_FROM) return holidays;
  const kept = holidays.filter((h) => !h.rule?.startsWith('12-01 every 6 years'));
  const date = `${year}-10-01`;
  const due = (year - OCTOBER_TRANSMISSION_FROM) % 6 === 0;
  if (!due || kept.some((h) => h.date === date)) return kept;
  return [...kept, { date, name: 'Transmisión del Poder Ejecutivo Federal' }];
}

/** The library's public holidays of one calendar year with the corrections above applied. */
export function correctHolidays(
  country: string,
  state: string | undefined,
  year: number,
  holidays: NamedDate[],
): NamedDate[] {
  let result = country === 'MX' ? correctMexicanTransmission(year, holidays) : holidays;
  const prefix = `${year}-`;
  for (const c of DATED_CORRECTIONS) {
    if (c.country !== country || (c.state !== undefined && c.state !== state)) continue;
    const removed = new Set(c.remove?.filter((d) => d.startsWith(prefix)));
    result = result.filter((h) => !removed.has(h.date));
    for (const added of c.add ?? []) {
      if (added.date.startsWith(prefix) && !result.some((h) => h.date === added.date)) {
        result = [...result, added];
      }
    }
  }
  return result;
}
