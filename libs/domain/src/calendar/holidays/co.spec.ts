import { nonWorkingWeekdays, weekdaysOf } from './official-list';

/**
 * Colombia: Ley 51 de 1983 (Ley Emiliani) — fixed days plus the religious/civic days moved to
 * the following Monday — and from 2026 Ley 2578 del 1 de junio de 2026, art. 6 (Nuestra Señora
 * del Rosario de Chiquinquirá, 9 July, moved by Ley 51: Monday 13 July 2026), announced by the
 * Ministerio del Interior on 2026-06-05. 2025: 18 festivos (Jul 20 on a Sunday); 2026: 18 per the
 * calendars published in January 2026, plus 13 July = 19.
 * The library agrees, Chiquinquirá included; no correction.
 */
const CO = { country: 'CO' };

const OFFICIAL_2025 = [
  '2025-01-01',
  '2025-01-06', // Reyes
  '2025-03-24', // San José
  '2025-04-17', // Jueves Santo
  '2025-04-18', // Viernes Santo
  '2025-05-01',
  '2025-06-02', // Ascensión
  '2025-06-23', // Corpus Christi
  '2025-06-30', // Sagrado Corazón and San Pedro y San Pablo, both moved to this Monday
  '2025-07-20', // Sunday
  '2025-08-07',
  '2025-08-18', // Asunción
  '2025-10-13', // Día de la Raza
  '2025-11-03', // Todos los Santos
  '2025-11-17', // Independencia de Cartagena
  '2025-12-08',
  '2025-12-25',
];
const OFFICIAL_2026 = [
  '2026-01-01',
  '2026-01-12',
  '2026-03-23',
  '2026-04-02',
  '2026-04-03',
  '2026-05-01',
  '2026-05-18',
  '2026-06-08',
  '2026-06-15',
  '2026-06-29',
  '2026-07-13', // Virgen de Chiquinquirá, Ley 2578 de 2026
  '2026-07-20',
  '2026-08-07',
  '2026-08-17',
  '2026-10-12',
  '2026-11-02',
  '2026-11-16',
  '2026-12-08',
  '2026-12-25',
];

describe('Colombia (CO): festivos of Ley 51 de 1983', () => {
  it.each([
    [2025, OFFICIAL_2025],
    [2026, OFFICIAL_2026],
  ])('%i: exactly the official weekdays', (year, official) => {
    expect(nonWorkingWeekdays(year, CO)).toEqual(weekdaysOf('CO', official));
  });
});
