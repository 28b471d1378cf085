import { holidaysOf, isWorkingDay } from '../working-calendar';
import { nonWorkingWeekdays, weekdaysOf } from './official-list';

/**
 * Ecuador: Código del Trabajo art. 65 and LOSEP (Disposición General Cuarta) as reformed by the
 * Ley Orgánica Reformatoria, R.O. Supl. 906 of 2016-12-20 — 1 Jan, Carnival Mon–Tue, Good
 * Friday, 1 and 24 May, 10 Aug, 9 Oct, 2 and 3 Nov, 25 Dec, with the transfer rule applied in
 * holiday-corrections.ts — plus the days the President suspends by executive decree.
 * 2025: Ministerio de Turismo, calendario de feriados 2023–2025 (published 2022-12-06);
 *   Decretos Ejecutivos 474 (2–3 January), 598 (17 April, recoverable suspension) and 172
 *   (9 October).
 * 2026: Viceministerio de Turismo, calendario oficial 2026–2030 (published 2025-09-01);
 *   Decreto Ejecutivo 249 (2 January). Decrees after the stored sources (none found) are missing.
 * The library is wrong three ways: it has Holy Thursday (not a holiday since the 2016 reform),
 * Guayaquil's independence on 10 September instead of 9 October, and no transfers.
 */
const EC = { country: 'EC' };

const OFFICIAL_2025 = [
  '2025-01-01',
  '2025-01-02', // D.E. 474
  '2025-01-03', // D.E. 474
  '2025-03-03', // Carnaval
  '2025-03-04',
  '2025-04-17', // D.E. 598: working day suspended (not a feriado; offices closed)
  '2025-04-18', // Viernes Santo
  '2025-05-02', // 1 May (Thursday) → Friday
  '2025-05-23', // 24 May (Saturday) → Friday
  '2025-08-11', // 10 August (Sunday) → Monday
  '2025-10-09', // D.E. 172
  '2025-10-10', // 9 October (Thursday) → Friday
  '2025-11-03', // Independencia de Cuenca (Monday)
  '2025-11-04', // Difuntos (Sunday 2 November) → Tuesday
  '2025-12-25',
];
const OFFICIAL_2026 = [
  '2026-01-01',
  '2026-01-02', // D.E. 249
  '2026-02-16',
  '2026-02-17',
  '2026-04-03',
  '2026-05-01',
  '2026-05-25', // 24 May (Sunday) → Monday
  '2026-08-10',
  '2026-10-09',
  '2026-11-02',
  '2026-11-03',
  '2026-12-25',
];

describe('Ecuador (EC): feriados nacionales with the transfer law', () => {
  it.each([
    [2025, OFFICIAL_2025],
    [2026, OFFICIAL_2026],
  ])('%i: exactly the official weekdays', (year, official) => {
    expect(nonWorkingWeekdays(year, EC)).toEqual(weekdaysOf('EC', official));
  });

  it.each([
    // Earlier official calendars (Ministerio de Turismo, as reported): the rule, not dates.
    ['2017-05-26', '24 May 2017 (Wednesday) → Friday'],
    ['2017-08-11', '10 August 2017 (Thursday) → Friday'],
    ['2018-04-30', '1 May 2018 (Tuesday) → Monday (Decreto 379 recalls the rule)'],
    ['2019-11-01', 'Difuntos 2019 (Saturday) → Friday'],
    ['2019-11-04', 'Cuenca 2019 (Sunday) → Monday'],
    ['2022-11-03', '2–3 November 2022 (Wed–Thu) → Thu–Fri'],
    ['2022-11-04', '2–3 November 2022 (Wed–Thu) → Thu–Fri'],
    ['2022-12-26', 'Christmas 2022 (Sunday) → Monday'],
    ['2023-01-02', 'New Year 2023 (Sunday) → Monday'],
    ['2024-11-01', 'Difuntos 2024 (Saturday) → Friday'],
    ['2024-11-04', 'Cuenca 2024 (Sunday) → Monday'],
  ])('%s is a holiday (%s)', (date) => {
    expect(isWorkingDay(date, EC)).toBe(false);
  });

  it('moves a Saturday 1 January to the Friday of the year before', () => {
    // 1 January 2022 was a Saturday: the rest day was Friday 31 December 2021.
    expect(holidaysOf(2021, EC).map((h) => h.date)).toContain('2021-12-31');
    expect(isWorkingDay('2022-11-02', EC)).toBe(true); // Wednesday of the 2022 pair, moved
  });
});
