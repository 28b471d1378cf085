import * as fc from 'fast-check';
import {
  addWorkingDays,
  CalendarRef,
  checkCalendarRef,
  DeadlineSpec,
  holidaysOf,
  isWorkingDay,
  workingDaysBetween,
} from './working-calendar';
import { localDateOf } from './zoned-time';

const MX: CalendarRef = { country: 'MX' };
const MADRID: CalendarRef = { country: 'ES', subdivision: 'ES-MD' };
const BASQUE: CalendarRef = { country: 'ES', subdivision: 'ES-PV' };
/** Madrid city adds its two local days to the regional calendar: San Isidro and La Almudena. */
const MADRID_CITY_2026: CalendarRef = { ...MADRID, extraHolidays: ['2026-05-15', '2026-11-09'] };

const MEXICO_CITY = 'America/Mexico_City';
const EUROPE_MADRID = 'Europe/Madrid';

function deadline(start: string, workingDays: number, calendar: CalendarRef, timeZone: string) {
  return addWorkingDays(new Date(start), { workingDays, calendar, timeZone }).toISOString();
}

describe('Mexico (Calendario Oficial of the federal administration: LFT art. 74 plus 5 May)', () => {
  it.each([
    // Jan 1, first Monday of Feb, third Monday of Mar, May 1, Sep 16, third Monday of Nov, Dec 25.
    [
      '2025-01-01',
      '2025-02-03',
      '2025-03-17',
      '2025-05-01',
      '2025-09-16',
      '2025-11-17',
      '2025-12-25',
    ],
    [
      '2026-01-01',
      '2026-02-02',
      '2026-03-16',
      '2026-05-01',
      '2026-09-16',
      '2026-11-16',
      '2026-12-25',
    ],
  ])('the federal holidays of %s… are not working days', (...dates: string[]) => {
    for (const date of dates) expect([date, isWorkingDay(date, MX)]).toEqual([date, false]);
  });

  it('lists exactly the federal holidays of 2026', () => {
    // Corrected: 5 May is a rest day of federal public servants (Calendario Oficial, art. 2),
    // which the library, following LFT art. 74 only, leaves out. See holidays/mx.spec.ts.
    expect(holidaysOf(2026, MX).map((h) => h.date)).toEqual([
      '2026-01-01',
      '2026-02-02',
      '2026-03-16',
      '2026-05-01',
      '2026-05-05',
      '2026-09-16',
      '2026-11-16',
      '2026-12-25',
    ]);
  });

  it.each([
    ['2026-02-05', 'the commemorated date of Constitution Day, moved to the Monday'],
    ['2026-11-20', 'the commemorated date of Revolution Day, moved to the Monday'],
    ['2026-04-02', "Holy Thursday, only a 'bank' holiday in date-holidays"],
    ['2026-04-03', "Good Friday, only a 'bank' holiday in date-holidays"],
    ['2025-12-12', "Virgin of Guadalupe, only a 'bank' holiday"],
    ['2026-10-12', 'a Spanish, not a Mexican, holiday'],
  ])('%s is a working day (%s)', (date) => {
    expect(isWorkingDay(date, MX)).toBe(true);
  });

  it('moves the presidential transmission to 1 October from 2024 (the library says 1 December)', () => {
    expect(isWorkingDay('2024-10-01', MX)).toBe(false);
    expect(isWorkingDay('2030-10-01', MX)).toBe(false);
    expect(isWorkingDay('2025-10-01', MX)).toBe(true);
    const dates2024 = holidaysOf(2024, MX).map((h) => h.date);
    expect(dates2024).toContain('2024-10-01');
    expect(dates2024).not.toContain('2024-12-01');
    expect(holidaysOf(2030, MX).map((h) => h.date)).not.toContain('2030-12-01');
    // Before the 2014 reform took effect the transmission was on 1 December (2018: Saturday).
    expect(holidaysOf(2018, MX).map((h) => h.date)).toContain('2018-12-01');
  });

  it('gives a SEDESOL delegation 30 working days across two federal holidays', () => {
    // Submitted Friday 30 Jan 2026, 17:00 in Mexico City (23:00Z). Counting from Monday:
    // Feb 2 holiday; Feb 3–6 → 4; Feb 9–13 → 9; 16–20 → 14; 23–27 → 19; Mar 2–6 → 24;
    // Mar 9–13 → 29; Mar 16 holiday; Tue Mar 17 → 30. End of Mar 17 at UTC−6 (no DST in
    // Mexico City since 2022) is 05:59:59.999Z on Mar 18.
    const due = deadline('2026-01-30T23:00:00Z', 30, MX, MEXICO_CITY);
    expect(due).toBe('2026-03-18T05:59:59.999Z');
    expect(workingDaysBetween('2026-01-30', '2026-03-17', MX)).toBe(30);
  });

  it('counts 30 working days across Independence Day but not Spain’s 12 October', () => {
    // Tue 1 Sep 2026, noon: Sep 2–4 → 3; 7–11 → 8; 14–15 → 10; Sep 16 holiday; 17–18 → 12;
    // 21–25 → 17; Sep 28–Oct 2 → 22; Oct 5–9 → 27; Oct 12–14 → 30 → Wed 14 Oct 2026.
    expect(deadline('2026-09-01T18:00:00Z', 30, MX, MEXICO_CITY)).toBe('2026-10-15T05:59:59.999Z');
  });
});

describe('Spain', () => {
  it('counts 10 working days across the December holidays of Madrid', () => {
    // Tue 1 Dec 2026, 10:00 Madrid. Madrid moved Sunday's Constitution Day to Mon Dec 7;
    // Dec 8 is the Immaculate Conception. Dec 2–4 → 3; 7, 8 holidays; 9–11 → 6;
    // 14–17 → 10 → Thu 17 Dec, ending 23:59:59.999 CET = 22:59:59.999Z.
    expect(deadline('2026-12-01T09:00:00Z', 10, MADRID, EUROPE_MADRID)).toBe(
      '2026-12-17T22:59:59.999Z',
    );
    // The Basque Country did not move Constitution Day, so Dec 7 is a working day there:
    // Dec 2–4 → 3; 7 → 4; 8 holiday; 9–11 → 7; 14–16 → 10 → Wed 16 Dec.
    expect(deadline('2026-12-01T09:00:00Z', 10, BASQUE, EUROPE_MADRID)).toBe(
      '2026-12-16T22:59:59.999Z',
    );
  });

  it('has the twelve 2026 holidays of the Comunidad de Madrid decree on weekdays', () => {
    const weekdays = holidaysOf(2026, MADRID)
      .map((h) => h.date)
      .filter((date) => ![0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay()));
    // The decree's 12 minus Sat May 2 and Sat Aug 15.
    expect(weekdays).toEqual([
      '2026-01-01',
      '2026-01-06',
      '2026-04-02',
      '2026-04-03',
      '2026-05-01',
      '2026-10-12',
      '2026-11-02',
      '2026-12-07',
      '2026-12-08',
      '2026-12-25',
    ]);
  });

  it.each([
    // date, Madrid works?, Basque Country works?, why
    ['2025-05-02', false, true, 'Día de la Comunidad de Madrid (Friday)'],
    ['2025-04-21', true, false, 'Easter Monday, Basque only'],
    ['2026-04-06', true, false, 'Easter Monday, Basque only'],
    ['2026-03-19', true, false, 'San José: Basque in 2026, not Madrid'],
    ['2025-03-19', true, true, 'San José: in neither 2025 calendar (library corrected for PV)'],
    ['2025-07-25', false, false, 'Santiago: both in 2025 (library corrected for Madrid)'],
    ['2026-07-24', true, true, 'an ordinary Friday'],
  ])('%s: Madrid working %p, Basque Country working %p (%s)', (date, madrid, basque) => {
    expect(isWorkingDay(date, MADRID)).toBe(madrid);
    expect(isWorkingDay(date, BASQUE)).toBe(basque);
  });

  it('ignores observances such as Madrid city’s San Isidro unless listed as extra holidays', () => {
    // date-holidays has San Isidro for ES-MD only as an 'observance' (and on May 16).
    expect(isWorkingDay('2026-05-15', MADRID)).toBe(true);
    expect(isWorkingDay('2026-05-15', MADRID_CITY_2026)).toBe(false);
  });

  it('skips local extra holidays in a 10-working-day period', () => {
    // Fri 8 May 2026, noon Madrid. Regional only: May 11–15 → 5; 18–22 → 10 → Fri 22 May.
    expect(deadline('2026-05-08T10:00:00Z', 10, MADRID, EUROPE_MADRID)).toBe(
      '2026-05-22T21:59:59.999Z',
    );
    // Madrid city: May 11–14 → 4; 15 San Isidro; 18–22 → 9; Mon 25 May → 10 (CEST).
    expect(deadline('2026-05-08T10:00:00Z', 10, MADRID_CITY_2026, EUROPE_MADRID)).toBe(
      '2026-05-25T21:59:59.999Z',
    );
    expect(holidaysOf(2026, MADRID_CITY_2026)).toContainEqual({
      date: '2026-05-15',
      name: 'Local holiday',
    });
  });

  it('accepts every autonomous community by its ISO 3166-2 code', () => {
    const communities = ['AN', 'AR', 'AS', 'CB', 'CE', 'CL', 'CM', 'CN', 'CT', 'EX', 'GA', 'IB'];
    communities.push('MC', 'MD', 'ML', 'NC', 'PV', 'RI', 'VC');
    for (const c of communities) {
      expect(checkCalendarRef({ country: 'ES', subdivision: `ES-${c}` }, 'cal')).toEqual([]);
    }
  });
});

describe('time zones', () => {
  it('counts from the LOCAL date of a Friday-evening start that is Saturday in UTC', () => {
    // Fri 6 Mar 2026 19:30 in Mexico City = Sat 01:30Z.
    const fridayEvening = '2026-03-07T01:30:00Z';
    expect(localDateOf(new Date(fridayEvening), MEXICO_CITY)).toBe('2026-03-06');
    // Same deadline as Friday noon: Mar 9–13 → 5 → Fri 13 Mar.
    expect(deadline(fridayEvening, 5, MX, MEXICO_CITY)).toBe('2026-03-14T05:59:59.999Z');
    expect(deadline('2026-03-06T18:00:00Z', 5, MX, MEXICO_CITY)).toBe('2026-03-14T05:59:59.999Z');
  });

  it('counts from the local date where it changes the answer', () => {
    // Thu 5 Mar 2026 19:30 Mexico City is Friday in UTC: 1 working day is Friday, not Monday.
    expect(deadline('2026-03-06T01:30:00Z', 1, MX, MEXICO_CITY)).toBe('2026-03-07T05:59:59.999Z');
    // Tue 10 Mar 00:30 in Madrid is still Monday in UTC: 1 working day is Wednesday.
    expect(deadline('2026-03-09T23:30:00Z', 1, MADRID, EUROPE_MADRID)).toBe(
      '2026-03-11T22:59:59.999Z',
    );
  });

  it('ends at 23:59:59.999 local across the March DST change in Madrid', () => {
    // Mon 16 Mar 2026: 17–20 → 4 (San José is not a Madrid holiday in 2026); 23–27 → 9;
    // clocks go forward Sun 29 Mar; Mon 30 Mar → 10, at CEST (UTC+2).
    expect(deadline('2026-03-16T09:00:00Z', 9, MADRID, EUROPE_MADRID)).toBe(
      '2026-03-27T22:59:59.999Z',
    );
    expect(deadline('2026-03-16T09:00:00Z', 10, MADRID, EUROPE_MADRID)).toBe(
      '2026-03-30T21:59:59.999Z',
    );
  });

  it('ends at 23:59:59.999 local across the October DST change in Madrid', () => {
    // Fri 9 Oct 2026: Mon 12 Oct national holiday; 13–16 → 4; 19–23 → 9 (CEST);
    // clocks go back Sun 25 Oct; Mon 26 Oct → 10, at CET (UTC+1).
    expect(deadline('2026-10-09T08:00:00Z', 9, MADRID, EUROPE_MADRID)).toBe(
      '2026-10-23T21:59:59.999Z',
    );
    expect(deadline('2026-10-09T08:00:00Z', 10, MADRID, EUROPE_MADRID)).toBe(
      '2026-10-26T22:59:59.999Z',
    );
  });
});

describe('checkCalendarRef', () => {
  it('accepts a country alone and with extra holidays', () => {
    expect(checkCalendarRef(MX, 'calendar')).toEqual([]);
    expect(checkCalendarRef(MADRID_CITY_2026, 'calendar')).toEqual([]);
  });

  it('names the path and field of each problem', () => {
    expect(checkCalendarRef({ country: 'XX' }, 'programme.calendar')).toEqual([
      {
        path: 'programme.calendar.country',
        message: '"XX" is not a country with a holiday calendar in date-holidays',
      },
    ]);
    expect(checkCalendarRef({ country: 'ES', subdivision: 'ES-ZZ' }, 'calendar')).toEqual([
      {
        path: 'calendar.subdivision',
        message: expect.stringMatching(
          /^"ES-ZZ" is not a subdivision date-holidays knows \(known: ES-AN, /,
        ),
      },
    ]);
    expect(
      checkCalendarRef({ country: 'ES', extraHolidays: ['2026-05-15', '2026-13-01'] }, 'c'),
    ).toEqual([
      { path: 'c.extraHolidays[1]', message: '"2026-13-01" is not a calendar date YYYY-MM-DD' },
    ]);
  });

  it.each([
    [{ country: 'mx' }, 'country', /ISO 3166-1 alpha-2/],
    [{ country: 'ES', subdivision: 'Madrid' }, 'subdivision', /ISO 3166-2/],
    [{ country: 'ES', subdivision: 'MX-ZAC' }, 'subdivision', /not a subdivision of ES/],
    // Spanish provinces (Bizkaia) are ISO 3166-2 codes too, but date-holidays has communities.
    [{ country: 'ES', subdivision: 'ES-BI' }, 'subdivision', /not a subdivision date-holidays/],
    // date-holidays has no Mexican state calendars at all.
    [{ country: 'MX', subdivision: 'MX-ZAC' }, 'subdivision', /no regional calendars for MX/],
    [{ country: 'ES', extraHolidays: ['2026-02-30'] }, 'extraHolidays[0]', /calendar date/],
    [{ country: 'ES', extraHolidays: ['15/05/2026'] }, 'extraHolidays[0]', /calendar date/],
  ])('refuses %p at %s', (ref, field, message) => {
    expect(checkCalendarRef(ref, 'calendar')).toEqual([
      { path: `calendar.${field}`, message: expect.stringMatching(message) },
    ]);
  });
});

describe('errors', () => {
  const spec = (workingDays: number): DeadlineSpec => ({
    workingDays,
    calendar: MX,
    timeZone: MEXICO_CITY,
  });

  it.each([0, 1.5, -3, Number.NaN])('refuses workingDays %p', (n) => {
    expect(() => addWorkingDays(new Date('2026-01-05T12:00:00Z'), spec(n))).toThrow(
      `workingDays must be an integer of at least 1, got ${n}`,
    );
  });

  it('refuses an invalid calendar instead of counting without holidays', () => {
    const ref = { country: 'ES', subdivision: 'ES-ZZ' };
    expect(() => isWorkingDay('2026-01-05', ref)).toThrow(/calendar\.subdivision: "ES-ZZ"/);
    expect(() =>
      addWorkingDays(new Date(), { workingDays: 1, calendar: { country: 'XX' }, timeZone: 'UTC' }),
    ).toThrow(/calendar\.country: "XX"/);
  });

  it('refuses bad dates, instants and zones', () => {
    expect(() => isWorkingDay('2026-02-29', MX)).toThrow(/localDate must be a calendar date/);
    expect(() => workingDaysBetween('2026-01-01', 'soon', MX)).toThrow(/toLocalDate/);
    expect(() => addWorkingDays(new Date('x'), spec(1))).toThrow(/invalid Date/);
    expect(() =>
      addWorkingDays(new Date(), { workingDays: 1, calendar: MX, timeZone: 'Mexico' }),
    ).toThrow(/not an IANA time zone/);
  });
});

describe('workingDaysBetween', () => {
  it('counts (from, to] and nothing for an empty interval', () => {
    expect(workingDaysBetween('2026-03-06', '2026-03-09', MX)).toBe(1); // Fri → Mon
    expect(workingDaysBetween('2026-03-09', '2026-03-09', MX)).toBe(0);
    expect(workingDaysBetween('2026-03-13', '2026-03-09', MX)).toBe(0);
    // A whole year: 261 weekdays in 2026 minus the 8 federal holidays (5 May included since
    // the Calendario Oficial correction), all on weekdays.
    expect(workingDaysBetween('2025-12-31', '2026-12-31', MX)).toBe(253);
  });
});

describe('addWorkingDays property', () => {
  const calendars: [CalendarRef, string][] = [
    [MX, MEXICO_CITY],
    [MADRID_CITY_2026, EUROPE_MADRID],
    [BASQUE, EUROPE_MADRID],
    [{ country: 'ES', subdivision: 'ES-CN' }, 'Atlantic/Canary'],
  ];

  it('lands on the end of a working day exactly N working days after the start date', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2024-01-01T00:00:00Z'),
          max: new Date('2027-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 1, max: 60 }),
        fc.constantFrom(...calendars),
        (start, workingDays, [calendar, timeZone]) => {
          const due = addWorkingDays(start, { workingDays, calendar, timeZone });
          const dueDate = localDateOf(due, timeZone);
          expect(isWorkingDay(dueDate, calendar)).toBe(true);
          expect(workingDaysBetween(localDateOf(start, timeZone), dueDate, calendar)).toBe(
            workingDays,
          );
          // The last millisecond of the day: one more and it is the next local date.
          expect(localDateOf(new Date(due.getTime() + 1), timeZone)).not.toBe(dueDate);
          expect(due.getTime()).toBeGreaterThan(start.getTime());
        },
      ),
      { numRuns: 300 },
    );
  });
});
