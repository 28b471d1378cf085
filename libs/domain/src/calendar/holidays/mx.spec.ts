import { holidaysOf, isWorkingDay } from '../working-calendar';
import { nonWorkingWeekdays, weekdaysOf } from './official-list';

/**
 * Mexico, federal. Which list governs administrative deadlines: the Ley Federal del Trabajo
 * art. 74 list (what date-holidays encodes) is the mandatory rest days of private employment.
 * Federal agencies (SEDESOL/Bienestar, which runs 3x1) compute plazos under the Ley Federal de
 * Procedimiento Administrativo art. 28: Saturdays, Sundays and the days the offices do not work,
 * which are the rest days of federal public servants fixed by the Calendario Oficial (Decreto
 * por el que se establece el Calendario Oficial, DOF 1993-10-06, art. segundo as reformed DOF
 * 2006-01-27 and DOF 2024-07-12; LFTSE art. 29): LFT art. 74's days plus 5 May. Bank holidays
 * (Holy Thursday/Friday, 2 November, 12 December) are not on it; an agency that closes on them
 * publishes an acuerdo de días inhábiles in the DOF, which goes in extraHolidays.
 * Jornada electoral days (LFT art. 74 fr. IX) fell on Sundays in 2025 (1 June, judicial election).
 */
const MX = { country: 'MX' };

const OFFICIAL_2025 = [
  '2025-01-01', // Año Nuevo
  '2025-02-03', // first Monday of February (5 February, Constitution)
  '2025-03-17', // third Monday of March (21 March, Benito Juárez)
  '2025-05-01', // Día del Trabajo
  '2025-05-05', // Batalla de Puebla: Calendario Oficial only (library: not a holiday)
  '2025-09-16', // Independencia
  '2025-11-17', // third Monday of November (20 November, Revolución)
  '2025-12-25', // Navidad
];

const OFFICIAL_2026 = [
  '2026-01-01',
  '2026-02-02',
  '2026-03-16',
  '2026-05-01',
  '2026-05-05', // Calendario Oficial (library: not a holiday)
  '2026-09-16',
  '2026-11-16',
  '2026-12-25',
];

describe('Mexico (MX): the federal administration’s non-working days', () => {
  it.each([
    [2025, OFFICIAL_2025],
    [2026, OFFICIAL_2026],
  ])('%i: exactly the Calendario Oficial weekdays', (year, official) => {
    expect(nonWorkingWeekdays(year, MX)).toEqual(weekdaysOf('MX', official));
  });

  it('keeps the library’s bank-only days as working days', () => {
    for (const date of ['2025-04-17', '2025-04-18', '2026-11-02', '2025-12-12']) {
      expect([date, isWorkingDay(date, MX)]).toEqual([date, true]);
    }
  });

  it('names 5 May in the list of holidays', () => {
    expect(holidaysOf(2026, MX)).toContainEqual({
      date: '2026-05-05',
      name: 'Aniversario de la Batalla de Puebla',
    });
  });
});
