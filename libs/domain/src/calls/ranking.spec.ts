import * as fc from 'fast-check';
import { rank, type Candidate, type TieBreak } from './ranking';

const candidate = (
  applicationId: string,
  total: string,
  more: Partial<Candidate> = {},
): Candidate => ({
  applicationId,
  total,
  byCriterion: { impact: '80.0000', feasibility: '60.0000' },
  submittedAt: '2008-03-10T10:00:00Z',
  requested: '200000.00',
  ...more,
});

const allRules: TieBreak[] = [
  { by: 'CRITERION', criterionId: 'impact' },
  { by: 'EARLIER_SUBMISSION' },
  { by: 'LOWER_REQUEST' },
];

const order = (candidates: Candidate[], tieBreaks: TieBreak[] = allRules) =>
  rank(candidates, tieBreaks).map((r) => [r.applicationId, r.rank, r.tieBrokenBy]);

describe('rank', () => {
  it('puts the higher total first and numbers 1..n', () => {
    expect(
      order([candidate('b', '70.5000'), candidate('a', '9.9999'), candidate('c', '100.0000')]),
    ).toEqual([
      ['c', 1, null],
      ['b', 2, null],
      ['a', 3, null],
    ]);
  });

  it('compares totals as decimals, not as text ("9.5" is below "10")', () => {
    expect(order([candidate('a', '9.5'), candidate('b', '10')])).toEqual([
      ['b', 1, null],
      ['a', 2, null],
    ]);
  });

  it('breaks a tie by the named criterion first', () => {
    const strong = candidate('z', '75.0000', { byCriterion: { impact: '90.0000' } });
    const weak = candidate('a', '75.0000', {
      byCriterion: { impact: '70.0000' },
      submittedAt: '2008-03-01T08:00:00Z',
      requested: '150000.00',
    });
    expect(order([weak, strong])).toEqual([
      ['z', 1, null],
      ['a', 2, 'CRITERION:impact'],
    ]);
  });

  it('then by the earlier submission, comparing instants whatever the offset', () => {
    // 10:00+01:00 (Madrid, winter) is 09:00Z: earlier than 09:30Z.
    const early = candidate('z', '75.0000', { submittedAt: '2008-03-10T10:00:00+01:00' });
    const late = candidate('a', '75.0000', {
      submittedAt: '2008-03-10T09:30:00Z',
      requested: '1.00',
    });
    expect(order([late, early])).toEqual([
      ['z', 1, null],
      ['a', 2, 'EARLIER_SUBMISSION'],
    ]);
  });

  it('then by the lower request', () => {
    const cheap = candidate('z', '75.0000', { requested: '150000.00' });
    const dear = candidate('a', '75.0000', { requested: '150000.01' });
    expect(order([dear, cheap])).toEqual([
      ['z', 1, null],
      ['a', 2, 'LOWER_REQUEST'],
    ]);
  });

  it('and finally by applicationId, when the rules cannot separate them', () => {
    expect(order([candidate('b', '75'), candidate('a', '75'), candidate('c', '75')])).toEqual([
      ['a', 1, null],
      ['b', 2, 'APPLICATION_ID'],
      ['c', 3, 'APPLICATION_ID'],
    ]);
  });

  it('applies the rules in the order the call lists them', () => {
    const early = candidate('a', '75', {
      submittedAt: '2008-03-01T00:00:00Z',
      requested: '250000.00',
    });
    const cheap = candidate('b', '75', {
      submittedAt: '2008-03-02T00:00:00Z',
      requested: '150000.00',
    });
    expect(order([cheap, early], [{ by: 'EARLIER_SUBMISSION' }, { by: 'LOWER_REQUEST' }])).toEqual([
      ['a', 1, null],
      ['b', 2, 'EARLIER_SUBMISSION'],
    ]);
    expect(order([early, cheap], [{ by: 'LOWER_REQUEST' }, { by: 'EARLIER_SUBMISSION' }])).toEqual([
      ['b', 1, null],
      ['a', 2, 'LOWER_REQUEST'],
    ]);
  });

  it('names the rule against the one just above only when the totals are equal', () => {
    const ranked = rank(
      [
        candidate('a', '80', { requested: '100.00' }),
        candidate('b', '80', { requested: '200.00' }),
        candidate('c', '70', { requested: '50.00' }),
      ],
      [{ by: 'LOWER_REQUEST' }],
    );
    expect(ranked.map((r) => r.tieBrokenBy)).toEqual([null, 'LOWER_REQUEST', null]);
  });

  it('returns the candidates with their data, untouched', () => {
    const input = [candidate('a', '50'), candidate('b', '60')];
    const snapshot = JSON.parse(JSON.stringify(input)) as unknown;
    const ranked = rank(input, allRules);
    expect(ranked[0]).toEqual({ ...input[1], rank: 1, tieBrokenBy: null });
    expect(input).toEqual(snapshot);
  });

  it('throws on input it cannot order reproducibly', () => {
    expect(() => rank([candidate('a', '1'), candidate('a', '2')], [])).toThrow(/appears twice/);
    expect(() => rank([candidate('a', '-1')], [])).toThrow(/total must be a non-negative decimal/);
    expect(() => rank([candidate('a', '1', { submittedAt: '2008-03-10T10:00:00' })], [])).toThrow(
      /with an offset/,
    );
    expect(() => rank([candidate('a', '1', { submittedAt: '2008-02-30T10:00:00Z' })], [])).toThrow(
      /with an offset/,
    );
    expect(() => rank([candidate('a', '1')], [{ by: 'CRITERION', criterionId: 'gender' }])).toThrow(
      /byCriterion\["gender"\]/,
    );
  });

  it('gives the same ranking whatever the input order', () => {
    const value = (max: number) => fc.integer({ min: 0, max }).map(String);
    const arbCandidate = fc.record({
      applicationId: fc.string({ minLength: 1, maxLength: 4 }),
      // Few distinct values, so that ties and ties-of-ties are common.
      total: value(3),
      byCriterion: fc.record({ impact: value(2) }),
      submittedAt: fc.integer({ min: 0, max: 2 }).map((d) => `2008-03-0${d + 1}T10:00:00Z`),
      requested: value(2).map((n) => `${n}.00`),
    });
    fc.assert(
      fc.property(
        fc
          .uniqueArray(arbCandidate, { selector: (c) => c.applicationId, maxLength: 12 })
          .chain((cs) =>
            fc.tuple(fc.constant(cs), fc.shuffledSubarray(cs, { minLength: cs.length })),
          ),
        fc.shuffledSubarray(allRules),
        ([candidates, shuffled], tieBreaks) => {
          const ranked = rank(candidates, tieBreaks);
          expect(rank(shuffled, tieBreaks)).toEqual(ranked);
          expect(ranked.map((r) => r.rank)).toEqual(candidates.map((_, i) => i + 1));
          ranked.slice(1).forEach((r, i) => {
            const above = ranked[i];
            expect(Number(r.total) <= Number(above.total)).toBe(true);
            expect(r.tieBrokenBy === null).toBe(r.total !== above.total);
          });
        },
      ),
    );
  });
});
