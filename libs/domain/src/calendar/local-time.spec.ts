import { localIsoTime } from './local-time';

describe('localIsoTime', () => {
  it('shows an instant on the clock of its zone, with the offset in force then', () => {
    const endOfDayInMexico = new Date('2027-01-21T05:59:59.999Z');
    expect(localIsoTime(endOfDayInMexico, 'America/Mexico_City')).toBe(
      '2027-01-20T23:59:59.999-06:00',
    );
    expect(localIsoTime(new Date('2026-07-01T10:00:00Z'), 'Europe/Madrid')).toBe(
      '2026-07-01T12:00:00.000+02:00',
    );
    expect(localIsoTime(new Date('2026-07-01T10:00:00Z'), 'Africa/Dakar')).toBe(
      '2026-07-01T10:00:00.000+00:00',
    );
  });
});
