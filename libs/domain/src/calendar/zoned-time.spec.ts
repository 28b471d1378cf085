import { parseLocalDate } from './local-date';
import { assertTimeZone, endOfLocalDay, instantOfLocalDateTime, localDateOf } from './zoned-time';

function day(date: string): number {
  const parsed = parseLocalDate(date);
  if (parsed === undefined) throw new Error(`bad test date ${date}`);
  return parsed;
}

describe('localDateOf', () => {
  it.each([
    // Friday 19:30 in Mexico City (UTC−6 all year since 2022) is already Saturday in UTC.
    ['2026-03-07T01:30:00Z', 'America/Mexico_City', '2026-03-06'],
    // 00:30 on Tuesday in Madrid (CET, UTC+1) is still Monday in UTC.
    ['2026-03-09T23:30:00Z', 'Europe/Madrid', '2026-03-10'],
    ['2026-07-01T00:00:00Z', 'UTC', '2026-07-01'],
    ['2026-06-30T23:59:59.999Z', 'UTC', '2026-06-30'],
  ])('%s in %s is %s', (instant, zone, expected) => {
    expect(localDateOf(new Date(instant), zone)).toBe(expected);
  });

  it('refuses an invalid Date and an unknown zone', () => {
    expect(() => localDateOf(new Date('nope'), 'UTC')).toThrow(/invalid Date/);
    expect(() => assertTimeZone('Mars/Olympus_Mons')).toThrow(/not an IANA time zone/);
  });
});

describe('endOfLocalDay', () => {
  it.each([
    // Mexico City: UTC−6 with no DST since the Ley de los Husos Horarios (October 2022).
    ['2026-03-17', 'America/Mexico_City', '2026-03-18T05:59:59.999Z'],
    // Madrid: CET before the last Sunday of March, CEST after, CET again after late October.
    ['2026-03-28', 'Europe/Madrid', '2026-03-28T22:59:59.999Z'],
    ['2026-03-29', 'Europe/Madrid', '2026-03-29T21:59:59.999Z'], // 23-hour day
    ['2026-10-25', 'Europe/Madrid', '2026-10-25T22:59:59.999Z'], // 25-hour day
    ['2026-10-24', 'Europe/Madrid', '2026-10-24T21:59:59.999Z'],
    // The Canaries keep an hour behind the peninsula.
    ['2026-12-17', 'Atlantic/Canary', '2026-12-17T23:59:59.999Z'],
    // Chile falls back at 24:00 on Saturday 4 April 2026, so 23:00–23:59 happens twice; the
    // day ends at the second 23:59:59.999 (UTC−4), not the first (02:59:59.999Z).
    ['2026-04-04', 'America/Santiago', '2026-04-05T03:59:59.999Z'],
    // Samoa skipped Friday 30 December 2011 (UTC−10 → UTC+14): the nearest end is the jump.
    ['2011-12-29', 'Pacific/Apia', '2011-12-30T09:59:59.999Z'],
    ['2011-12-30', 'Pacific/Apia', '2011-12-30T09:59:59.999Z'],
  ])('%s in %s ends at %s', (date, zone, expected) => {
    const end = endOfLocalDay(day(date), zone);
    expect(end.toISOString()).toBe(expected);
  });

  it('is always the last millisecond of the local date in DST-observing zones', () => {
    const zones = ['Europe/Madrid', 'America/Santiago', 'America/New_York', 'Australia/Sydney'];
    for (const zone of zones) {
      for (let d = day('2026-01-01'); d < day('2027-01-01'); d++) {
        const end = endOfLocalDay(d, zone);
        const expected = new Date(d * 86_400_000).toISOString().slice(0, 10);
        expect(localDateOf(end, zone)).toBe(expected);
        expect(localDateOf(new Date(end.getTime() + 1), zone)).not.toBe(expected);
      }
    }
  });
});

describe('instantOfLocalDateTime', () => {
  it('reads a local wall time in its zone', () => {
    expect(instantOfLocalDateTime('2008-04-02T14:00', 'Europe/Madrid').toISOString()).toBe(
      '2008-04-02T12:00:00.000Z',
    );
    expect(instantOfLocalDateTime('2008-01-15T14:00:30', 'Europe/Madrid').toISOString()).toBe(
      '2008-01-15T13:00:30.000Z',
    );
    expect(instantOfLocalDateTime('2026-03-18T09:00', 'America/Mexico_City').toISOString()).toBe(
      '2026-03-18T15:00:00.000Z',
    );
  });

  it('takes the first occurrence of a repeated hour and the first instant after a skipped one', () => {
    // Madrid falls back at 03:00 CEST on 25 Oct 2026: 02:30 happens twice.
    expect(instantOfLocalDateTime('2026-10-25T02:30', 'Europe/Madrid').toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
    // Madrid springs forward at 02:00 CET on 29 Mar 2026: 02:30 never happens.
    expect(instantOfLocalDateTime('2026-03-29T02:30', 'Europe/Madrid').toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
  });

  it('refuses what is not a date-time', () => {
    expect(() => instantOfLocalDateTime('2026-02-30T10:00', 'Europe/Madrid')).toThrow(RangeError);
    expect(() => instantOfLocalDateTime('tomorrow', 'Europe/Madrid')).toThrow(RangeError);
    expect(() => instantOfLocalDateTime('2026-02-10T10:00', 'Mars/Olympus')).toThrow(RangeError);
  });
});
