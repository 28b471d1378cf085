import { nonWorkingWeekdays, weekdaysOf } from './official-list';

/**
 * United States, federal: the legal public holidays of 5 U.S.C. 6103(a) as observed by OPM
 * (a Saturday holiday on the Friday before, a Sunday one on the Monday after), plus the days
 * the President closed the executive departments by executive order, which federal offices do
 * not work (and which FRCP 6(a)(6) counts as legal holidays when "declared a holiday by the
 * President"). State calendars are out of scope.
 * 2025: Inauguration Day (20 January, DC area only) coincided with Martin Luther King Jr. Day.
 * 2026: no closure order was found; one issued later belongs in holiday-corrections.data.ts.
 */
const US = { country: 'US' };

const OFFICIAL_2025 = [
  '2025-01-01',
  '2025-01-09', // EO 14133 (Carter day of mourning) — library: missing, corrected
  '2025-01-20',
  '2025-02-17',
  '2025-05-26',
  '2025-06-19',
  '2025-07-04',
  '2025-09-01',
  '2025-10-13',
  '2025-11-11',
  '2025-11-27',
  '2025-12-24', // EO of 2025-12-18 — library: missing, corrected
  '2025-12-25',
  '2025-12-26', // EO of 2025-12-18 — library: missing, corrected
];
const OFFICIAL_2026 = [
  '2026-01-01',
  '2026-01-19',
  '2026-02-16',
  '2026-05-25',
  '2026-06-19',
  '2026-07-03', // Independence Day observed (4 July is a Saturday)
  '2026-09-07',
  '2026-10-12',
  '2026-11-11',
  '2026-11-26',
  '2026-12-25',
];

describe('United States (US): federal holidays and closures', () => {
  it.each([
    [2025, OFFICIAL_2025],
    [2026, OFFICIAL_2026],
  ])('%i: exactly the official weekdays', (year, official) => {
    expect(nonWorkingWeekdays(year, US)).toEqual(weekdaysOf('US', official));
  });
});
