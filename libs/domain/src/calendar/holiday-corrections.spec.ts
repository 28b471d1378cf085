import { correctHolidays, correctionProblems, correctionsOf } from './holiday-corrections';
import { HOLIDAY_CORRECTIONS } from './holiday-corrections.data';
import { WEEKENDS } from './weekends';

describe('holiday corrections data', () => {
  it('is valid: real dates, a source for every entry, one block per calendar', () => {
    expect(correctionProblems(HOLIDAY_CORRECTIONS)).toEqual([]);
  });

  it('reports bad entries by calendar and index', () => {
    expect(
      correctionProblems([
        {
          country: 'XX',
          corrections: [{ kind: 'add', date: '2025-02-30', name: 'x', source: '' }],
        },
        { country: 'XX', corrections: [] },
      ]),
    ).toEqual([
      'XX[0] add: no source',
      'XX[0] add: bad date 2025-02-30',
      'XX: listed twice; merge its corrections',
    ]);
  });

  it('applies national corrections to regions too, and a region’s only to it', () => {
    expect(correctionsOf('ES', 'MD').some((c) => c.kind === 'add' && c.date === '2025-07-25')).toBe(
      true,
    );
    expect(correctionsOf('ES', 'PV').some((c) => c.kind === 'add')).toBe(false);
  });

  it('is idempotent: correcting an already corrected year changes nothing', () => {
    const library = [
      { date: '2025-03-30', name: 'عيد الفطر', rule: '1 Shawwal' },
      { date: '2025-01-01', name: 'Nouvel An', rule: '01-01' },
    ];
    const once = correctHolidays('MA', undefined, 2025, library);
    const twice = correctHolidays('MA', undefined, 2025, once);
    const dates = (l: { date: string }[]) => l.map((h) => h.date).sort();
    expect(dates(twice)).toEqual(dates(once));
    expect(dates(once)).toEqual([
      '2025-01-01',
      '2025-01-14',
      '2025-03-31',
      '2025-04-01',
      '2025-06-09',
    ]);
  });

  it('gives every weekend period a source, in date order', () => {
    for (const periods of Object.values(WEEKENDS)) {
      const froms = periods.map((p) => p.from ?? '');
      expect(froms).toEqual([...froms].sort());
      for (const p of periods) expect(p.source.trim()).not.toBe('');
    }
  });
});
