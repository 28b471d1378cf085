import { nonWorkingWeekdays, weekdaysOf } from './official-list';

/**
 * Senegal: loi n° 74-52 of 4 November 1974 on the fête nationale and the fêtes légales, as
 * amended (loi n° 83-18; loi n° 2013-06 of 11 December 2013 adding the Grand Magal de Touba),
 * and décret n° 74-1125 of 19 November 1974, whose art. 8 lets the President declare a bridge
 * day. Only Korité and Tabaski falling on a Sunday give the Monday off (Ministère du Travail,
 * note of August 2021). Lunar dates are those of the CONACOC (Commission nationale de
 * concertation sur le croissant lunaire), which the State follows; the CMS often celebrates a
 * day earlier, and the Magal's date is set by the Mouride religious commission.
 *
 * 2026: no CONACOC proclamation was found in the stored sources for any lunar feast; the
 * library's tabular dates stand, marked UNCONFIRMED. No presidential bridge day was found for
 * 2025 or 2026.
 */
const SN = { country: 'SN' };

const OFFICIAL_2025 = [
  '2025-01-01',
  '2025-03-31', // Korité (CONACOC, 2025-03-30; library: Sunday 30 plus its Monday)
  '2025-04-04', // Fête nationale
  '2025-04-21', // Lundi de Pâques
  '2025-05-01',
  '2025-05-29', // Ascension
  '2025-06-07', // Saturday — Tabaski (CONACOC, 2025-05-28; library: Friday 6 June, corrected)
  '2025-06-09', // Lundi de Pentecôte
  '2025-07-05', // Saturday — Tamkharit (commission, June 2025)
  '2025-08-13', // Grand Magal (library: 12 August, corrected)
  '2025-08-15', // Assomption
  // Maouloud: the CONACOC fixed the Gamou on Thursday 4 September; whether the chômé day was
  // that Thursday or Friday 5 September could not be confirmed (library: Thursday).
  '2025-09-04', // UNCONFIRMED (see above)
  '2025-11-01', // Saturday
  '2025-12-25',
];
const OFFICIAL_2026 = [
  '2026-01-01',
  '2026-03-20', // UNCONFIRMED: Korité (library date)
  '2026-04-04', // Saturday
  '2026-04-06',
  '2026-05-01',
  '2026-05-14',
  '2026-05-25',
  '2026-05-27', // UNCONFIRMED: Tabaski (library date)
  '2026-06-25', // UNCONFIRMED: Tamkharit (library date)
  '2026-08-01', // Saturday — UNCONFIRMED: Grand Magal (library date)
  '2026-08-15', // Saturday
  '2026-08-25', // UNCONFIRMED: Maouloud (library date)
  '2026-11-01', // Sunday
  '2026-12-25',
];

describe('Senegal (SN): fêtes légales', () => {
  it.each([
    [2025, OFFICIAL_2025],
    [2026, OFFICIAL_2026],
  ])('%i: exactly the official weekdays', (year, official) => {
    expect(nonWorkingWeekdays(year, SN)).toEqual(weekdaysOf('SN', official));
  });
});
