import type { CalendarRef } from '../working-calendar';
import { nonWorkingWeekdays, weekdaysOf } from './official-list';

/**
 * Spain: national holidays common to every autonomous community, the Comunidad de Madrid and
 * the País Vasco. Administrative deadlines (Ley 39/2015 art. 30) skip Saturdays, Sundays and the
 * fiestas laborales; the community's calendar of días inhábiles adopts its fiestas laborales
 * (e.g. Comunidad de Madrid, Acuerdo del Consejo de Gobierno of 27-12-2019 for 2020), and
 * municipalities add two local days (extraHolidays).
 *
 * 2025: Resolución de 15 de octubre de 2024, Dirección General de Trabajo, BOE núm. 252 of
 *   18-10-2024 (BOE-A-2024-21316). Madrid: decree approved by the Consejo de Gobierno on
 *   25-09-2024. País Vasco: calendar approved by the Basque Government on 23-04-2024.
 * 2026: Resolución de 17 de octubre de 2025, Dirección General de Trabajo, BOE of 28-10-2025.
 *   Madrid: decree approved by the Consejo de Gobierno on 24-09-2025. País Vasco: Decreto
 *   82/2025, de 8 de abril, BOPV of 25-04-2025.
 * The decree numbers of the two Madrid calendars were not found; their content is as published
 * in the BOE resolutions above (reported in the press the day they were approved).
 */
const ES: CalendarRef = { country: 'ES' };
const MADRID: CalendarRef = { country: 'ES', subdivision: 'ES-MD' };
const BASQUE: CalendarRef = { country: 'ES', subdivision: 'ES-PV' };

const NATIONAL_2025 = [
  '2025-01-01',
  '2025-01-06', // Epifanía: kept by every community
  '2025-04-18', // Viernes Santo
  '2025-05-01',
  '2025-08-15',
  '2025-11-01', // Saturday
  '2025-12-06', // Saturday
  '2025-12-08',
  '2025-12-25',
  // 12 October was a Sunday; its Monday (13 October) is only some communities'.
];
const NATIONAL_2026 = [
  '2026-01-01',
  '2026-01-06',
  '2026-04-03',
  '2026-05-01',
  '2026-08-15', // Saturday
  '2026-10-12',
  '2026-11-01', // Sunday; 2 November is only some communities'
  '2026-12-08',
  '2026-12-25',
];

const MADRID_2025 = [
  '2025-01-01',
  '2025-01-06',
  '2025-04-17', // Jueves Santo
  '2025-04-18',
  '2025-05-01',
  '2025-05-02', // Fiesta de la Comunidad de Madrid
  '2025-07-25', // Santiago Apóstol, instead of San José (library: missing, corrected)
  '2025-08-15',
  '2025-11-01',
  '2025-12-06',
  '2025-12-08',
  '2025-12-25',
];
const MADRID_2026 = [
  '2026-01-01',
  '2026-01-06',
  '2026-04-02',
  '2026-04-03',
  '2026-05-01',
  '2026-05-02', // Saturday, not moved
  '2026-08-15', // Saturday
  '2026-10-12',
  '2026-11-02', // Todos los Santos moved from Sunday
  '2026-12-07', // Constitución moved from Sunday
  '2026-12-08',
  '2026-12-25',
];

const BASQUE_2025 = [
  '2025-01-01',
  '2025-01-06',
  '2025-04-17',
  '2025-04-18',
  '2025-04-21', // Lunes de Pascua
  '2025-05-01',
  '2025-07-25', // Santiago Apóstol
  '2025-08-15',
  '2025-11-01',
  '2025-12-06',
  '2025-12-08',
  '2025-12-25',
  // No San José in 2025 (library: 19 March, corrected).
];
const BASQUE_2026 = [
  '2026-01-01',
  '2026-01-06',
  '2026-03-19', // San José
  '2026-04-02',
  '2026-04-03',
  '2026-04-06',
  '2026-05-01',
  '2026-07-25', // Saturday
  '2026-08-15', // Saturday
  '2026-10-12',
  '2026-12-08',
  '2026-12-25',
];

describe('Spain (ES): national, Comunidad de Madrid and País Vasco', () => {
  it.each([
    ['ES', 2025, ES, NATIONAL_2025],
    ['ES', 2026, ES, NATIONAL_2026],
    ['ES-MD', 2025, MADRID, MADRID_2025],
    ['ES-MD', 2026, MADRID, MADRID_2026],
    ['ES-PV', 2025, BASQUE, BASQUE_2025],
    ['ES-PV', 2026, BASQUE, BASQUE_2026],
  ])('%s %i: exactly the fiestas laborales on weekdays', (_name, year, ref, official) => {
    expect(nonWorkingWeekdays(year, ref)).toEqual(weekdaysOf('ES', official));
  });
});
