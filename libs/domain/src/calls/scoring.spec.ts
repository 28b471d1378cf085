import * as fc from 'fast-check';
import Decimal from 'decimal.js';
import {
  aggregateScore,
  checkCriteria,
  checkScore,
  type Criterion,
  type EvaluatorScore,
  type ScoreSheet,
} from './scoring';

// The four published criteria of a municipal co-development call, weighted 40/30/20/10.
// Sustainability is marked out of 5 to show that normalisation puts every scale on 0..100.
const criteria: Criterion[] = [
  { id: 'impact', weight: '40', maxScore: '10' },
  { id: 'feasibility', weight: '30', maxScore: '10' },
  { id: 'participation', weight: '20', maxScore: '10' },
  { id: 'sustainability', weight: '10', maxScore: '5' },
];

const mark = (evaluator: string, criterionId: string, score: string): EvaluatorScore => ({
  evaluator,
  criterionId,
  score,
  reason: `${evaluator} on ${criterionId}`,
});

/** One row per criterion, one column per evaluator. */
function sheet(
  evaluators: string[],
  rows: Record<string, string[]>,
  recused: string[] = [],
): ScoreSheet {
  return {
    applicationId: 'app-1',
    scores: Object.entries(rows).flatMap(([criterionId, marks]) =>
      marks.map((score, i) => mark(evaluators[i], criterionId, score)),
    ),
    recused,
  };
}

const threeEvaluators = sheet(['ana', 'ben', 'carla'], {
  impact: ['8', '7', '9'], // mean 8 of 10 → 80
  feasibility: ['6', '7', '5'], // mean 6 of 10 → 60
  participation: ['9', '9', '6'], // mean 8 of 10 → 80
  sustainability: ['4', '3', '2'], // mean 3 of 5 → 60
});

describe('aggregateScore', () => {
  it('weights the normalised criterion means: (40·80 + 30·60 + 20·80 + 10·60) / 100 = 72', () => {
    expect(aggregateScore(criteria, 'WEIGHTED', threeEvaluators, 3)).toEqual({
      ok: true,
      total: '72.0000',
      byCriterion: {
        impact: '80.0000',
        feasibility: '60.0000',
        participation: '80.0000',
        sustainability: '60.0000',
      },
    });
  });

  it('gives a different total under MEAN: (80 + 60 + 80 + 60) / 4 = 70', () => {
    const weighted = aggregateScore(criteria, 'WEIGHTED', threeEvaluators, 3);
    const mean = aggregateScore(criteria, 'MEAN', threeEvaluators, 3);
    expect(mean).toMatchObject({ ok: true, total: '70.0000' });
    expect(mean.ok && weighted.ok && mean.byCriterion).toEqual(weighted.ok && weighted.byCriterion);
  });

  it('reads weights as relative: 4/3/2/1 scores exactly like 40/30/20/10', () => {
    const points = criteria.map((c) => ({ ...c, weight: String(Number(c.weight) / 10) }));
    expect(aggregateScore(points, 'WEIGHTED', threeEvaluators, 3)).toEqual(
      aggregateScore(criteria, 'WEIGHTED', threeEvaluators, 3),
    );
  });

  it('ignores a recused evaluator, whose marks would otherwise change the total', () => {
    const evaluators = ['ana', 'ben', 'carla', 'dario'];
    const rows = {
      impact: ['8', '7', '9', '0'],
      feasibility: ['6', '7', '5', '0'],
      participation: ['9', '9', '6', '0'],
      sustainability: ['4', '3', '2', '0'],
    };
    const recused = aggregateScore(criteria, 'WEIGHTED', sheet(evaluators, rows, ['dario']), 3);
    expect(recused).toEqual(aggregateScore(criteria, 'WEIGHTED', threeEvaluators, 3));
    expect(aggregateScore(criteria, 'WEIGHTED', sheet(evaluators, rows), 3)).toMatchObject({
      ok: true,
      total: '54.0000',
    });
  });

  it("ignores even an invalid mark by a recused evaluator: it is not the committee's mark", () => {
    const s = { ...threeEvaluators, recused: ['dario'] };
    s.scores = [...s.scores, { ...mark('dario', 'impact', '99'), reason: '' }];
    expect(aggregateScore(criteria, 'WEIGHTED', s, 3)).toMatchObject({
      ok: true,
      total: '72.0000',
    });
  });

  it('rounds once, at the end: rounding each criterion first would publish 61.3334', () => {
    // Means 17/3, 20/3, 23/3 and 10/3 of 10: every criterion is a repeating decimal.
    const even = criteria.map((c) => ({ ...c, maxScore: '10' }));
    const result = aggregateScore(
      even,
      'WEIGHTED',
      sheet(['ana', 'ben', 'carla'], {
        impact: ['10', '3', '4'],
        feasibility: ['4', '9', '7'],
        participation: ['8', '6', '9'],
        sustainability: ['0', '7', '3'],
      }),
      3,
    );
    // Exactly (40·170 + 30·200 + 20·230 + 10·100) / 300 = 61.3333…
    expect(result).toEqual({
      ok: true,
      total: '61.3333',
      byCriterion: {
        impact: '56.6667',
        feasibility: '66.6667',
        participation: '76.6667',
        sustainability: '33.3333',
      },
    });
  });

  it('rounds an exact half to even (71.23445 → 71.2344, 71.23455 → 71.2346)', () => {
    const one: Criterion[] = [{ id: 'impact', weight: '1', maxScore: '10' }];
    const total = (a: string, b: string) => {
      const r = aggregateScore(one, 'WEIGHTED', sheet(['ana', 'ben'], { impact: [a, b] }), 2);
      return r.ok ? r.total : r.reason;
    };
    expect(total('7.12344', '7.12345')).toBe('71.2344');
    expect(total('7.12345', '7.12346')).toBe('71.2346');
  });

  it('refuses a criterion with fewer counted evaluators than the minimum, naming it', () => {
    const s = { ...threeEvaluators, recused: ['carla'] };
    expect(aggregateScore(criteria, 'WEIGHTED', s, 3)).toEqual({
      ok: false,
      reason: 'criterion "impact" has 2 counted evaluator score(s); at least 3 needed',
    });
    expect(aggregateScore(criteria, 'WEIGHTED', s, 2)).toMatchObject({ ok: true });

    const missing = {
      ...threeEvaluators,
      scores: threeEvaluators.scores.filter(
        (m) => !(m.criterionId === 'sustainability' && m.evaluator === 'ben'),
      ),
    };
    expect(aggregateScore(criteria, 'MEAN', missing, 3)).toEqual({
      ok: false,
      reason: 'criterion "sustainability" has 2 counted evaluator score(s); at least 3 needed',
    });
  });

  it('refuses an invalid counted mark and a criterion marked twice by one evaluator', () => {
    const bad = { ...threeEvaluators, scores: [...threeEvaluators.scores] };
    bad.scores[0] = mark('ana', 'impact', '11');
    expect(aggregateScore(criteria, 'WEIGHTED', bad, 3)).toEqual({
      ok: false,
      reason: 'score by "ana" on "impact" is invalid: score must be between 0 and 10',
    });
    const twice = {
      ...threeEvaluators,
      scores: [...threeEvaluators.scores, mark('ana', 'impact', '1')],
    };
    expect(aggregateScore(criteria, 'WEIGHTED', twice, 3)).toEqual({
      ok: false,
      reason: '"ana" scored criterion "impact" more than once',
    });
  });

  it('throws on criteria or a minimum that make no call', () => {
    expect(() => aggregateScore([], 'MEAN', threeEvaluators, 1)).toThrow(/at least one criterion/);
    expect(() =>
      aggregateScore([{ id: 'x', weight: '0', maxScore: '10' }], 'MEAN', threeEvaluators, 1),
    ).toThrow(/criteria\.0\.weight/);
    expect(() => aggregateScore(criteria, 'MEAN', threeEvaluators, 0)).toThrow(/minimumEvaluators/);
  });

  it('always lies within 0..100, between the lowest and highest criterion value', () => {
    const score = fc.integer({ min: 0, max: 1000 }).map((n) => new Decimal(n).div(100).toFixed(2));
    fc.assert(
      fc.property(
        fc.array(fc.array(score, { minLength: 3, maxLength: 3 }), { minLength: 4, maxLength: 4 }),
        fc.constantFrom('WEIGHTED' as const, 'MEAN' as const),
        (rows, aggregation) => {
          const even = criteria.map((c) => ({ ...c, maxScore: '10' }));
          const s = sheet(
            ['ana', 'ben', 'carla'],
            Object.fromEntries(even.map((c, i) => [c.id, rows[i]])),
          );
          const r = aggregateScore(even, aggregation, s, 3);
          if (!r.ok) throw new Error(r.reason);
          const values = Object.values(r.byCriterion).map((v) => new Decimal(v));
          const total = new Decimal(r.total);
          expect(total.gte(Decimal.min(...values))).toBe(true);
          expect(total.lte(Decimal.max(...values))).toBe(true);
          expect(total.gte(0) && total.lte(100)).toBe(true);
          expect(r.total).toMatch(/^\d+\.\d{4}$/);
        },
      ),
    );
  });
});

describe('checkScore', () => {
  const ok = mark('ana', 'impact', '7.5');

  it('accepts a reasoned mark on the scale, ends included', () => {
    expect(checkScore(criteria, ok)).toEqual([]);
    expect(checkScore(criteria, { ...ok, score: '0' })).toEqual([]);
    expect(checkScore(criteria, { ...ok, score: '10' })).toEqual([]);
    expect(checkScore(criteria, { ...ok, criterionId: 'sustainability', score: '5' })).toEqual([]);
  });

  it('names each problem by its field', () => {
    expect(checkScore(criteria, { ...ok, criterionId: 'charm' })).toEqual([
      { path: 'criterionId', message: '"charm" is not a criterion of this call' },
    ]);
    expect(checkScore(criteria, { ...ok, score: '10.01' })).toEqual([
      { path: 'score', message: 'must be between 0 and 10' },
    ]);
    expect(checkScore(criteria, { ...ok, criterionId: 'sustainability', score: '6' })).toEqual([
      { path: 'score', message: 'must be between 0 and 5' },
    ]);
    expect(checkScore(criteria, { ...ok, score: '-1' })).toEqual([
      { path: 'score', message: 'must be between 0 and 10' },
    ]);
    for (const score of ['seven', '7,5', '1e1', '', ' 7', '.5', 'NaN']) {
      expect(checkScore(criteria, { ...ok, score })).toEqual([
        { path: 'score', message: 'must be a decimal string, such as "7.5"' },
      ]);
    }
    expect(checkScore(criteria, { ...ok, reason: '   ' })).toEqual([
      { path: 'reason', message: 'must not be blank' },
    ]);
  });

  it('reports every problem of one mark at once', () => {
    const paths = checkScore(criteria, {
      evaluator: '',
      criterionId: 'x',
      score: 'y',
      reason: '',
    }).map((v) => v.path);
    expect(paths).toEqual(['evaluator', 'criterionId', 'score', 'reason']);
  });
});

describe('checkCriteria', () => {
  it('accepts the published criteria and refuses blank, repeated or non-positive ones', () => {
    expect(checkCriteria(criteria)).toEqual([]);
    expect(
      checkCriteria([
        { id: 'a', weight: '40', maxScore: '10' },
        { id: 'a', weight: '-1', maxScore: '0' },
        { id: ' ', weight: '1', maxScore: '10' },
      ]).map((v) => v.path),
    ).toEqual(['1.id', '1.weight', '1.maxScore', '2.id']);
  });
});
