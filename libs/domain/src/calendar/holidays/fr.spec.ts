import { nonWorkingWeekdays, weekdaysOf } from './official-list';

/**
 * France (metropolitan, outside Alsace-Moselle): the eleven jours fériés of the Code du travail
 * art. L3133-1, as listed by service-public.fr and the fonction publique calendars (e.g. FO
 * Fonctionnaires, calendrier 2026). Deadlines that end on a Saturday, Sunday or jour férié run
 * to the next working day. Lundi de Pentecôte stays a jour férié even where it is worked as the
 * journée de solidarité (loi n° 2004-626, art. 6); Alsace-Moselle's Good Friday and 26 December
 * are not in the national calendar (use FR with extraHolidays there).
 * The library agrees; no correction.
 */
const FR = { country: 'FR' };

const OFFICIAL_2025 = [
  '2025-01-01',
  '2025-04-21', // Lundi de Pâques
  '2025-05-01',
  '2025-05-08',
  '2025-05-29', // Ascension
  '2025-06-09', // Lundi de Pentecôte
  '2025-07-14',
  '2025-08-15',
  '2025-11-01', // Saturday
  '2025-11-11',
  '2025-12-25',
];
const OFFICIAL_2026 = [
  '2026-01-01',
  '2026-04-06',
  '2026-05-01',
  '2026-05-08',
  '2026-05-14',
  '2026-05-25',
  '2026-07-14',
  '2026-08-15', // Saturday
  '2026-11-01', // Sunday
  '2026-11-11',
  '2026-12-25',
];

describe('France (FR): jours fériés of the Code du travail', () => {
  it.each([
    [2025, OFFICIAL_2025],
    [2026, OFFICIAL_2026],
  ])('%i: exactly the official weekdays', (year, official) => {
    expect(nonWorkingWeekdays(year, FR)).toEqual(weekdaysOf('FR', official));
  });
});
