import { isWorkingDay } from '../working-calendar';
import { nonWorkingWeekdays, weekdaysOf } from './official-list';

/**
 * Comoros. The week: the public administration worked Monday to Saturday (Friday and Saturday
 * mornings) until décret n° 25-115/PR of 2025-09-19 and arrêté n° 25-075/FOP of 2025-09-20 moved
 * it to Monday–Friday from 30 September 2025 (weekends.ts), so a holiday on a Saturday before
 * that date was a lost working day.
 * The holidays: décret n° 99-168/CE of 11 November 1999, amended by décret n° 03-066/PR of
 * 14 June 2003 (cited by the Direction générale de la Fonction publique's communiqués), whose
 * text was not found; the fixed days below (1 Jan, 18 Mar Cheikh Al Maarouf, 1 May, 6 Jul
 * Indépendance, 12 Nov Journée Maoré) are the library's and NOT VERIFIED against it. The
 * lunar days are fixed each year by communiqué (three days for Idd el-Fitr and two for Idd
 * el-Adha in recent years); no 2025 or 2026 communiqué was found, so every lunar date below is
 * the library's, UNCONFIRMED. A decree reorganising the holidays was before the Council of
 * Ministers on 2025-10-29; its outcome is unknown.
 */
const KM = { country: 'KM' };

const OFFICIAL_2025 = [
  '2025-01-01',
  '2025-01-27', // UNCONFIRMED: Isra wal Miraj
  '2025-03-18', // Cheikh Al Maarouf
  '2025-03-30', // Sunday — UNCONFIRMED: Idd el-Fitr 1
  '2025-03-31', // UNCONFIRMED: Idd el-Fitr 2
  '2025-04-01', // UNCONFIRMED: Idd el-Fitr 3
  '2025-05-01',
  '2025-06-06', // UNCONFIRMED: Idd el-Adha 1
  '2025-06-07', // Saturday, then a working day — UNCONFIRMED: Idd el-Adha 2
  '2025-06-26', // UNCONFIRMED: Nouvel an islamique
  '2025-07-06', // Sunday — Indépendance
  '2025-09-04', // UNCONFIRMED: Maoulid
  '2025-11-12', // Journée Maoré
];
const OFFICIAL_2026 = [
  '2026-01-01',
  '2026-01-16', // UNCONFIRMED: Isra wal Miraj
  '2026-03-18',
  '2026-03-20', // UNCONFIRMED: Idd el-Fitr 1
  '2026-03-21', // Saturday — UNCONFIRMED: Idd el-Fitr 2
  '2026-03-22', // Sunday — UNCONFIRMED: Idd el-Fitr 3
  '2026-05-01',
  '2026-05-27', // UNCONFIRMED: Idd el-Adha 1
  '2026-05-28', // UNCONFIRMED: Idd el-Adha 2
  '2026-06-16', // UNCONFIRMED: Nouvel an islamique
  '2026-07-06',
  '2026-08-25', // UNCONFIRMED: Maoulid
  '2026-11-12',
];

describe('Comoros (KM): fêtes and the public administration’s week', () => {
  it.each([
    [2025, OFFICIAL_2025],
    [2026, OFFICIAL_2026],
  ])('%i: exactly the listed days outside the weekend', (year, official) => {
    expect(nonWorkingWeekdays(year, KM)).toEqual(weekdaysOf('KM', official));
  });

  it('counts Saturdays as working days until the five-day week of 30 September 2025', () => {
    expect(isWorkingDay('2025-09-27', KM)).toBe(true);
    expect(isWorkingDay('2025-10-04', KM)).toBe(false);
    expect(isWorkingDay('2025-09-28', KM)).toBe(false); // Sunday
  });
});
