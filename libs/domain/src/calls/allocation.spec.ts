import * as fc from 'fast-check';
import Decimal from 'decimal.js';
import { formatMinorUnits, parseAmount } from '../funding/money';
import {
  allocate,
  withdraw,
  type Allocation,
  type AllocationInput,
  type LastFitRule,
} from './allocation';
import { rank, type Candidate, type Ranked } from './ranking';

/**
 * Ayuntamiento de Madrid, co-development call 2008: EUR 2,000,000.00 for projects proposed by
 * NGOs and migrant associations (ten were funded). Fourteen applications, listed here by
 * expected rank; `madrid-10` and `madrid-11` tie on the total and are separated by impact.
 *
 * Running sums down the ranking: ranks 1–9 request 1,752,950.00, leaving 247,050.00, which
 * cannot cover rank 10 (258,000.00) but can cover rank 11 (162,500.00).
 */
const applications: [id: string, total: string, impact: string, requested: string][] = [
  ['madrid-01', '91.2500', '95.0000', '198000.00'], // drinking water, Loja (Ecuador)
  ['madrid-02', '88.7500', '90.0000', '215500.00'], // municipal planning office, Cochabamba
  ['madrid-03', '86.0000', '85.0000', '172300.00'], // women's savings cooperative, Kayes
  ['madrid-04', '84.5000', '80.0000', '240000.00'], // rural health post, Quetzaltenango
  ['madrid-05', '82.2500', '85.0000', '185750.00'], // vocational school, Tangier
  ['madrid-06', '80.0000', '75.0000', '160000.00'], // remittance-backed microcredit, Santo Domingo
  ['madrid-07', '78.7500', '80.0000', '226400.00'], // irrigation, Chimborazo
  ['madrid-08', '77.0000', '70.0000', '150000.00'], // local council capacity, Guayaquil
  ['madrid-09', '75.5000', '75.0000', '205000.00'], // coffee producers' association, Junín
  ['madrid-10', '73.2500', '80.0000', '258000.00'], // school buildings, Oruro
  ['madrid-11', '73.2500', '65.0000', '162500.00'], // return-migration advice centre, Dakar
  ['madrid-12', '68.0000', '60.0000', '230000.00'], // road to market, Cusco
  ['madrid-13', '61.5000', '55.0000', '175000.00'], // youth radio, Bogotá
  ['madrid-14', '44.7500', '40.0000', '151200.00'], // sports ground, Tetouan (below the threshold)
];

const candidates: Candidate[] = applications.map(
  ([applicationId, total, impact, requested], i) => ({
    applicationId,
    total,
    byCriterion: { impact },
    submittedAt: `2008-04-${String(10 + i).padStart(2, '0')}T09:00:00+02:00`,
    requested,
  }),
);

// Loaded in reverse, to show that the ranking, not the load order, drives the allocation.
const ranked = rank([...candidates].reverse(), [
  { by: 'CRITERION', criterionId: 'impact' },
  { by: 'EARLIER_SUBMISSION' },
]);

const madrid = (lastFit: LastFitRule, more: Partial<AllocationInput> = {}): AllocationInput => ({
  ranked,
  budget: '2000000.00',
  currency: 'EUR',
  lastFit,
  minimumTotal: '50',
  ...more,
});

const ranks = (n: number[]) => n.map((r) => `madrid-${String(r).padStart(2, '0')}`);
const fundedIds = (a: Allocation) => a.funded.map((f) => f.applicationId);
const reserveIds = (a: Allocation) => a.reserve.map((r) => r.applicationId);
const grants = (a: Allocation) => Object.fromEntries(a.funded.map((f) => [f.applicationId, f]));

describe('allocate: Ayuntamiento de Madrid 2008', () => {
  it('ranks the tie at 73.25 by impact', () => {
    expect(ranked.map((r) => r.applicationId)).toEqual(
      ranks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]),
    );
    expect(ranked[10]).toMatchObject({ rank: 11, tieBrokenBy: 'CRITERION:impact' });
  });

  it('STOP funds ranks 1–9 and stops at rank 10, leaving 247,050.00 unspent', () => {
    const a = allocate(madrid('STOP'));
    expect(fundedIds(a)).toEqual(ranks([1, 2, 3, 4, 5, 6, 7, 8, 9]));
    expect(a.funded.every((f) => !f.partial)).toBe(true);
    expect(grants(a)['madrid-04'].granted).toBe('240000.00');
    expect(reserveIds(a)).toEqual(ranks([10, 11, 12, 13]));
    expect(a.excluded).toEqual([
      {
        applicationId: 'madrid-14',
        rank: 14,
        reason: "total 44.7500 is below the call's minimum of 50",
      },
    ]);
    expect([a.committed, a.remaining]).toEqual(['1752950.00', '247050.00']);
  });

  it('SKIP_TO_NEXT_THAT_FITS passes over rank 10 and funds rank 11: ten projects', () => {
    const a = allocate(madrid('SKIP_TO_NEXT_THAT_FITS'));
    expect(fundedIds(a)).toEqual(ranks([1, 2, 3, 4, 5, 6, 7, 8, 9, 11]));
    expect(reserveIds(a)).toEqual(ranks([10, 12, 13]));
    expect(a.excluded.map((x) => x.applicationId)).toEqual(['madrid-14']);
    expect([a.committed, a.remaining]).toEqual(['1915450.00', '84550.00']);
  });

  it('FUND_PARTIALLY offers rank 10 the 247,050.00 that remains and stops there', () => {
    const a = allocate(madrid('FUND_PARTIALLY'));
    expect(fundedIds(a)).toEqual(ranks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    expect(grants(a)['madrid-10']).toEqual({
      applicationId: 'madrid-10',
      rank: 10,
      granted: '247050.00',
      partial: true,
    });
    expect(reserveIds(a)).toEqual(ranks([11, 12, 13]));
    expect([a.committed, a.remaining]).toEqual(['2000000.00', '0.00']);
  });

  it('FUND_PARTIALLY with a minimum share of 0.5 still offers it (247,050 is 95.8% of 258,000)', () => {
    expect(allocate(madrid('FUND_PARTIALLY', { minimumPartialShare: '0.5' }))).toEqual(
      allocate(madrid('FUND_PARTIALLY')),
    );
  });

  it('FUND_PARTIALLY with a minimum share of 0.97 makes no offer and continues as SKIP', () => {
    const a = allocate(madrid('FUND_PARTIALLY', { minimumPartialShare: '0.97' }));
    expect(a).toEqual(allocate(madrid('SKIP_TO_NEXT_THAT_FITS')));
    expect(a.funded.some((f) => f.partial)).toBe(false);
  });

  it('FUND_PARTIALLY makes its offer only at the edge: after a refused offer, it is SKIP', () => {
    const small = rank(
      [
        ['edge', '90', '300.00'], // 100 < 0.5 × 300: no offer, to reserve
        ['after', '80', '150.00'], // 100 ≥ 0.5 × 150, but the offer was the edge's to have
        ['fits', '70', '60.00'],
      ].map(([applicationId, total, requested]) => ({
        applicationId,
        total,
        byCriterion: {},
        submittedAt: '2008-04-01T09:00:00Z',
        requested,
      })),
      [],
    );
    const a = allocate({
      ranked: small,
      budget: '100.00',
      currency: 'EUR',
      lastFit: 'FUND_PARTIALLY',
      minimumPartialShare: '0.5',
    });
    expect(a.funded).toEqual([
      { applicationId: 'fits', rank: 3, granted: '60.00', partial: false },
    ]);
    expect(reserveIds(a)).toEqual(['edge', 'after']);
    expect(a.remaining).toBe('40.00');
  });

  it('funds a request that takes the budget to the last cent', () => {
    const a = allocate(madrid('STOP', { budget: '1752950.00' }));
    expect(fundedIds(a)).toEqual(ranks([1, 2, 3, 4, 5, 6, 7, 8, 9]));
    expect(a.remaining).toBe('0.00');
  });

  it('puts the lowest application in reserve, not excluded, when the call sets no minimum', () => {
    const a = allocate(madrid('STOP', { minimumTotal: undefined }));
    expect(reserveIds(a)).toEqual(ranks([10, 11, 12, 13, 14]));
    expect(a.excluded).toEqual([]);
  });

  it('follows `rank`, not the order of the array', () => {
    const shuffled = [...ranked].sort((a, b) => (a.requested < b.requested ? -1 : 1));
    expect(allocate(madrid('SKIP_TO_NEXT_THAT_FITS', { ranked: shuffled }))).toEqual(
      allocate(madrid('SKIP_TO_NEXT_THAT_FITS')),
    );
  });

  it('throws on input it cannot read', () => {
    expect(() => allocate(madrid('STOP', { budget: '2000000.001' }))).toThrow(
      /budget: .*3 decimals/,
    );
    expect(() => allocate(madrid('STOP', { currency: 'XXQ' }))).toThrow(/ISO 4217/);
    expect(() => allocate(madrid('STOP', { minimumPartialShare: '1.5' }))).toThrow(
      /between 0 and 1/,
    );
    expect(() => allocate(madrid('STOP', { minimumTotal: 'fifty' }))).toThrow(/minimumTotal/);
    const free = { ...ranked[0], requested: '0.00' };
    expect(() => allocate(madrid('STOP', { ranked: [free] }))).toThrow(/requests nothing/);
    expect(() => allocate(madrid('STOP', { ranked: [ranked[0], ranked[0]] }))).toThrow(
      /ranked twice/,
    );
    const sameRank = { ...ranked[1], rank: 1 };
    expect(() => allocate(madrid('STOP', { ranked: [ranked[0], sameRank] }))).toThrow(
      /shared rank/,
    );
  });
});

describe('withdraw: Ayuntamiento de Madrid 2008', () => {
  it('SKIP: the first reserve entry that fits the freed money moves up', () => {
    const input = madrid('SKIP_TO_NEXT_THAT_FITS');
    const before = allocate(input);
    // 84,550.00 + 150,000.00 = 234,550.00: rank 10 (258,000) still does not fit, rank 12 does.
    const after = withdraw(input, before, 'madrid-08');
    expect(fundedIds(after)).toEqual(ranks([1, 2, 3, 4, 5, 6, 7, 9, 11, 12]));
    expect(reserveIds(after)).toEqual(ranks([10, 13]));
    expect([after.committed, after.remaining]).toEqual(['1995450.00', '4550.00']);
    expect(after.excluded).toEqual(before.excluded);
    keepsGrants(before, after, 'madrid-08');
  });

  it('STOP: the reserve moves up in order until one does not fit', () => {
    const input = madrid('STOP');
    const before = allocate(input);
    // 247,050.00 + 240,000.00 = 487,050.00 funds ranks 10 and 11; 66,550.00 cannot fund rank 12.
    const after = withdraw(input, before, 'madrid-04');
    expect(fundedIds(after)).toEqual(ranks([1, 2, 3, 5, 6, 7, 8, 9, 10, 11]));
    expect(reserveIds(after)).toEqual(ranks([12, 13]));
    expect(after.remaining).toBe('66550.00');
    keepsGrants(before, after, 'madrid-04');
  });

  it('FUND_PARTIALLY: the partial grant is kept as it is, and the next in reserve gets the rest', () => {
    const input = madrid('FUND_PARTIALLY');
    const before = allocate(input);
    const after = withdraw(input, before, 'madrid-06');
    expect(grants(after)['madrid-10']).toEqual(grants(before)['madrid-10']);
    expect(grants(after)['madrid-11']).toMatchObject({ granted: '160000.00', partial: true });
    expect(reserveIds(after)).toEqual(ranks([12, 13]));
    expect([after.committed, after.remaining]).toEqual(['2000000.00', '0.00']);
    keepsGrants(before, after, 'madrid-06');
  });

  it('a reserve entry that withdraws is removed and nothing else changes', () => {
    const input = madrid('SKIP_TO_NEXT_THAT_FITS');
    const before = allocate(input);
    const after = withdraw(input, before, 'madrid-12');
    expect(after).toEqual({
      ...before,
      reserve: before.reserve.filter((r) => r.applicationId !== 'madrid-12'),
    });
  });

  it('an excluded application that withdraws is removed too', () => {
    const input = madrid('STOP');
    const after = withdraw(input, allocate(input), 'madrid-14');
    expect(after.excluded).toEqual([]);
    expect(fundedIds(after)).toEqual(fundedIds(allocate(input)));
  });

  it('throws on an unknown or already withdrawn id, and on an allocation of another budget', () => {
    const input = madrid('STOP');
    const a = allocate(input);
    expect(() => withdraw(input, a, 'madrid-99')).toThrow(
      'cannot withdraw "madrid-99": it is neither funded, in reserve nor excluded in this allocation',
    );
    const after = withdraw(input, a, 'madrid-01');
    expect(() => withdraw(input, after, 'madrid-01')).toThrow(/cannot withdraw "madrid-01"/);
    expect(() => withdraw({ ...input, budget: '1000000.00' }, a, 'madrid-01')).toThrow(
      /does not balance/,
    );
  });
});

/** No funded project other than `withdrawnId` lost or gained a cent. */
function keepsGrants(before: Allocation, after: Allocation, withdrawnId: string) {
  const now = grants(after);
  for (const f of before.funded) {
    if (f.applicationId !== withdrawnId) expect(now[f.applicationId]).toEqual(f);
  }
}

describe('allocate and withdraw: properties', () => {
  const currencyArb = fc.constantFrom('EUR', 'JPY', 'BHD');
  const ruleArb = fc.constantFrom<LastFitRule>('STOP', 'SKIP_TO_NEXT_THAT_FITS', 'FUND_PARTIALLY');
  const applicationArb = fc.record({
    applicationId: fc.string({ minLength: 1, maxLength: 6 }),
    // Coarse totals, so that ties and the threshold are both common.
    total: fc.integer({ min: 0, max: 20 }).map((n) => String(n * 5)),
    request: fc.integer({ min: 1, max: 3_000_000 }),
  });
  const scenarioArb = fc.record({
    currency: currencyArb,
    budget: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10_000_000 })),
    applications: fc.uniqueArray(applicationArb, {
      selector: (a) => a.applicationId,
      maxLength: 16,
    }),
    lastFit: ruleArb,
    minimumTotal: fc.option(fc.integer({ min: 0, max: 100 }).map(String), { nil: undefined }),
    minimumPartialShare: fc.option(
      fc.integer({ min: 0, max: 100 }).map((n) => new Decimal(n).div(100).toString()),
      { nil: undefined },
    ),
    withdrawals: fc.array(fc.nat(), { maxLength: 10 }),
  });

  type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

  function inputOf(s: Scenario): AllocationInput {
    const candidates = s.applications.map((a): Candidate => ({
      applicationId: a.applicationId,
      total: a.total,
      byCriterion: {},
      submittedAt: '2008-04-01T09:00:00Z',
      requested: formatMinorUnits(new Decimal(a.request), s.currency),
    }));
    return {
      ranked: rank(candidates, [{ by: 'LOWER_REQUEST' }]),
      budget: formatMinorUnits(new Decimal(s.budget), s.currency),
      currency: s.currency,
      lastFit: s.lastFit,
      minimumTotal: s.minimumTotal,
      minimumPartialShare: s.minimumPartialShare,
    };
  }

  it('hold for any budget, requests, scores and rule, after any sequence of withdrawals', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const input = inputOf(s);
        let current = allocate(input);
        let active = input.ranked;
        checkInvariants(input, active, current);
        checkSinglePartial(input, active, current);
        for (const pick of s.withdrawals) {
          const ids = [...current.funded, ...current.reserve, ...current.excluded].map(
            (e) => e.applicationId,
          );
          if (ids.length === 0) break;
          const leaving = ids[pick % ids.length];
          const next = withdraw(input, current, leaving);
          keepsGrants(current, next, leaving);
          active = active.filter((r) => r.applicationId !== leaving);
          checkInvariants(input, active, next);
          current = next;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('allocates the same whatever the order of the ranked list', () => {
    fc.assert(
      fc.property(
        scenarioArb.chain((s) => {
          const input = inputOf(s);
          return fc.tuple(
            fc.constant(input),
            fc.shuffledSubarray(input.ranked, { minLength: input.ranked.length }),
          );
        }),
        ([input, shuffled]) => {
          expect(allocate({ ...input, ranked: shuffled })).toEqual(allocate(input));
        },
      ),
    );
  });
});

/** The invariants of any allocation of `input` over the applications still `active`. */
function checkInvariants(input: AllocationInput, active: Ranked[], a: Allocation) {
  const money = (v: string) => {
    const parsed = parseAmount(v, input.currency);
    if (!parsed.ok) throw new Error(parsed.reason);
    return parsed.value;
  };
  const budget = money(input.budget);
  const committed = money(a.committed);
  const remaining = money(a.remaining);
  const byId = new Map(active.map((r) => [r.applicationId, r]));

  // Money: never over the budget, and every cent accounted for.
  expect(committed.lte(budget)).toBe(true);
  expect(committed.plus(remaining).equals(budget)).toBe(true);
  const sumOfGrants = a.funded.reduce((t, f) => t.plus(money(f.granted)), new Decimal(0));
  expect(sumOfGrants.equals(committed)).toBe(true);
  for (const f of a.funded) {
    const request = money(byId.get(f.applicationId)?.requested ?? 'missing');
    const granted = money(f.granted);
    expect(granted.gt(0)).toBe(true);
    expect(granted.lte(request)).toBe(true);
    if (!f.partial) expect(granted.equals(request)).toBe(true);
    if (f.partial && input.minimumPartialShare !== undefined) {
      expect(granted.gte(request.times(input.minimumPartialShare))).toBe(true);
    }
  }

  // Funded, reserve and excluded partition the active applications, each in ranking order.
  const listed = [...a.funded, ...a.reserve, ...a.excluded].map((e) => e.applicationId);
  expect([...listed].sort()).toEqual(active.map((r) => r.applicationId).sort());
  for (const list of [a.funded, a.reserve, a.excluded]) {
    expect(list.map((e) => e.rank)).toEqual([...list.map((e) => e.rank)].sort((x, y) => x - y));
    list.forEach((e) => expect(e.rank).toBe(byId.get(e.applicationId)?.rank));
  }
  const below = (r: Ranked) =>
    input.minimumTotal !== undefined && new Decimal(r.total).lt(input.minimumTotal);
  expect(a.excluded.map((x) => x.applicationId).sort()).toEqual(
    active
      .filter(below)
      .map((r) => r.applicationId)
      .sort(),
  );

  const eligible = [...active].filter((r) => !below(r)).sort((x, y) => x.rank - y.rank);
  if (input.lastFit === 'STOP') {
    // Strict order: the funded are exactly the top of the eligible ranking.
    expect(a.funded.map((f) => f.applicationId)).toEqual(
      eligible.slice(0, a.funded.length).map((r) => r.applicationId),
    );
    expect(a.funded.some((f) => f.partial)).toBe(false);
  } else {
    // SKIP (and FUND_PARTIALLY, which skips after an offer it cannot make or ends at zero):
    // nothing left in reserve could have been funded in full from what remains.
    for (const r of a.reserve) {
      expect(money(byId.get(r.applicationId)?.requested ?? 'missing').gt(remaining)).toBe(true);
    }
  }
  if (input.lastFit === 'SKIP_TO_NEXT_THAT_FITS') {
    expect(a.funded.some((f) => f.partial)).toBe(false);
  }
}

/** Straight after `allocate`, FUND_PARTIALLY makes at most one partial offer, and it closes the walk. */
function checkSinglePartial(input: AllocationInput, active: Ranked[], a: Allocation) {
  const partial = a.funded.filter((f) => f.partial);
  expect(partial.length).toBeLessThanOrEqual(1);
  if (partial.length === 1) {
    expect(a.remaining).toBe(formatMinorUnits(new Decimal(0), input.currency));
    expect(a.funded.every((f) => f.rank <= partial[0].rank)).toBe(true);
    expect(active.length).toBeGreaterThan(0);
  }
}
