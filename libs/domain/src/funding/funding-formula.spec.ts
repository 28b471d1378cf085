import * as fc from 'fast-check';
import type { Violation } from '../errors/violation';
import {
  checkFundingRule,
  computeFundingSplit,
  FundingLine,
  FundingRequest,
  FundingRule,
  FundingShareRule,
} from './funding-formula';
import { Dec, formatMinorUnits, minorUnitDigits } from './money';

const THREE_FOR_ONE: FundingRule = {
  shares: [
    { role: 'migrants', weight: '25' },
    { role: 'municipal', weight: '25' },
    { role: 'state', weight: '25' },
    { role: 'federal', weight: '25' },
  ],
};

const A_MILLION_PESOS: FundingRequest = { total: '1000000.00', currency: 'MXN' };

function linesOf(rule: FundingRule, request: FundingRequest): FundingLine[] {
  const result = computeFundingSplit(rule, request);
  if (!result.ok) throw new Error(`expected a split, got ${JSON.stringify(result.violations)}`);
  expect(sumOf(result.split.lines, result.split.currency)).toBe(result.split.total);
  return result.split.lines;
}

function violationsOf(rule: FundingRule, request: FundingRequest): Violation[] {
  const result = computeFundingSplit(rule, request);
  if (result.ok) throw new Error(`expected violations, got ${JSON.stringify(result.split)}`);
  return result.violations;
}

/** Sum of the lines, exact, at the currency's precision. */
function sumOf(lines: FundingLine[], currency = 'MXN'): string {
  return lines
    .reduce((acc, l) => acc.plus(l.amount), new Dec(0))
    .toFixed(minorUnitDigits(currency));
}

/** Role -> amount, for compact assertions on lines that carry nothing else. */
function amounts(lines: FundingLine[]): [string, string][] {
  return lines.map((l) => [l.coversRole ? `${l.role}->${l.coversRole}` : l.role, l.amount]);
}

function equalShares(...roles: string[]): FundingRule {
  return { shares: roles.map((role) => ({ role, weight: '1' })) };
}

describe('computeFundingSplit: the Mexican matching formulas', () => {
  it('3x1: four 25% shares of MXN 1,000,000.00 are 250,000.00 each', () => {
    const result = computeFundingSplit(THREE_FOR_ONE, A_MILLION_PESOS);
    expect(result).toEqual({
      ok: true,
      split: {
        currency: 'MXN',
        total: '1000000.00',
        lines: [
          { role: 'migrants', amount: '250000.00' },
          { role: 'municipal', amount: '250000.00' },
          { role: 'state', amount: '250000.00' },
          { role: 'federal', amount: '250000.00' },
        ],
      },
    });
  });

  it('1x1: migrants and one government level, dollar for dollar', () => {
    expect(amounts(linesOf(equalShares('migrants', 'state'), A_MILLION_PESOS))).toEqual([
      ['migrants', '500000.00'],
      ['state', '500000.00'],
    ]);
  });

  it('2x1: migrants, state and federal in thirds, summing to the centavo', () => {
    expect(amounts(linesOf(equalShares('migrants', 'state', 'federal'), A_MILLION_PESOS))).toEqual([
      ['migrants', '333333.34'],
      ['state', '333333.33'],
      ['federal', '333333.33'],
    ]);
  });

  it('4x1: a private partner joins the 3x1 match in fifths', () => {
    const fourForOne = equalShares('migrants', 'municipal', 'state', 'federal', 'private');
    expect(amounts(linesOf(fourForOne, A_MILLION_PESOS))).toEqual([
      ['migrants', '200000.00'],
      ['municipal', '200000.00'],
      ['state', '200000.00'],
      ['federal', '200000.00'],
      ['private', '200000.00'],
    ]);
  });

  it('gives the centavos of an uneven total to the earliest shares: 100.01 in thirds', () => {
    expect(
      amounts(linesOf(equalShares('a', 'b', 'c'), { total: '100.01', currency: 'MXN' })),
    ).toEqual([
      ['a', '33.34'],
      ['b', '33.34'],
      ['c', '33.33'],
    ]);
  });

  it('gives a leftover centavo to the largest remainder, not just the first share', () => {
    const rule: FundingRule = {
      shares: [
        { role: 'a', weight: '1' },
        { role: 'b', weight: '2' },
      ],
    };
    expect(amounts(linesOf(rule, { total: '0.01', currency: 'MXN' }))).toEqual([
      ['a', '0.00'],
      ['b', '0.01'],
    ]);
  });

  it('splits by unequal and fractional weights', () => {
    const rule: FundingRule = {
      shares: [
        { role: 'migrants', weight: '0.5' },
        { role: 'state', weight: '0.25' },
        { role: 'federal', weight: '0.25' },
      ],
    };
    expect(amounts(linesOf(rule, A_MILLION_PESOS))).toEqual([
      ['migrants', '500000.00'],
      ['state', '250000.00'],
      ['federal', '250000.00'],
    ]);
  });

  it('works in a currency with no minor unit (XOF)', () => {
    expect(
      amounts(linesOf(equalShares('a', 'b', 'c'), { total: '1000', currency: 'XOF' })),
    ).toEqual([
      ['a', '334'],
      ['b', '333'],
      ['c', '333'],
    ]);
  });

  it('writes the total at the currency precision', () => {
    const result = computeFundingSplit(THREE_FOR_ONE, { total: '1000000', currency: 'MXN' });
    expect(result.ok && result.split.total).toBe('1000000.00');
  });
});

describe('computeFundingSplit: ceilings', () => {
  const withFederalCeiling = (ceiling: string): FundingRule => ({
    shares: THREE_FOR_ONE.shares.map((s) => (s.role === 'federal' ? { ...s, ceiling } : s)),
  });

  it('3x1 with a federal ceiling: the excess goes to the others by their weights', () => {
    expect(amounts(linesOf(withFederalCeiling('200000.00'), A_MILLION_PESOS))).toEqual([
      ['migrants', '266666.67'],
      ['municipal', '266666.67'],
      ['state', '266666.66'],
      ['federal', '200000.00'],
    ]);
  });

  it('leaves a share alone when it is within its ceiling', () => {
    expect(amounts(linesOf(withFederalCeiling('250000.00'), A_MILLION_PESOS))).toEqual(
      amounts(linesOf(THREE_FOR_ONE, A_MILLION_PESOS)),
    );
  });

  it('repeats until stable when the redistribution pushes another share past its ceiling', () => {
    const rule: FundingRule = {
      shares: [
        { role: 'migrants', weight: '25' },
        { role: 'municipal', weight: '25' },
        { role: 'state', weight: '25', ceiling: '260000.00' },
        { role: 'federal', weight: '25', ceiling: '200000.00' },
      ],
    };
    expect(amounts(linesOf(rule, A_MILLION_PESOS))).toEqual([
      ['migrants', '270000.00'],
      ['municipal', '270000.00'],
      ['state', '260000.00'],
      ['federal', '200000.00'],
    ]);
  });

  it('accepts a total exactly at the sum of all ceilings', () => {
    const rule: FundingRule = {
      shares: [
        { role: 'a', weight: '1', ceiling: '600000.00' },
        { role: 'b', weight: '1', ceiling: '400000.00' },
      ],
    };
    expect(amounts(linesOf(rule, A_MILLION_PESOS))).toEqual([
      ['a', '600000.00'],
      ['b', '400000.00'],
    ]);
  });

  it('refuses a total above what all the ceilings allow, naming the figure', () => {
    const rule: FundingRule = {
      shares: [
        { role: 'a', weight: '1', ceiling: '500000.00' },
        { role: 'b', weight: '1', ceiling: '400000.00' },
      ],
    };
    expect(violationsOf(rule, A_MILLION_PESOS)).toEqual([
      {
        path: 'total',
        message: '1000000.00 MXN exceeds the 900000.00 MXN that the ceilings of all shares allow',
      },
    ]);
  });

  it('refuses a ceiling with more decimals than the project currency', () => {
    expect(violationsOf(withFederalCeiling('200000.005'), A_MILLION_PESOS)).toEqual([
      { path: 'shares[3].ceiling', message: '"200000.005" has 3 decimals; MXN has 2' },
    ]);
  });
});

describe('computeFundingSplit: the backstop', () => {
  const federalBackstop = (limit?: string, covers = ['municipal']): FundingRule => ({
    ...THREE_FOR_ONE,
    backstop: { role: 'federal', covers, ...(limit !== undefined ? { limit } : {}) },
  });

  it('federal covers part of a municipal share within its limit, on a separate line', () => {
    const lines = linesOf(federalBackstop('100000.00'), {
      ...A_MILLION_PESOS,
      shortfalls: { municipal: '60000.00' },
    });
    expect(lines).toEqual([
      { role: 'migrants', amount: '250000.00' },
      { role: 'municipal', amount: '190000.00' },
      { role: 'state', amount: '250000.00' },
      { role: 'federal', amount: '250000.00' },
      { role: 'federal', amount: '60000.00', coversRole: 'municipal' },
    ]);
  });

  it('covers a shortfall exactly at the limit, and the whole share, keeping the 0 line', () => {
    const lines = linesOf(federalBackstop('250000.00'), {
      ...A_MILLION_PESOS,
      shortfalls: { municipal: '250000.00' },
    });
    expect(amounts(lines)).toEqual([
      ['migrants', '250000.00'],
      ['municipal', '0.00'],
      ['state', '250000.00'],
      ['federal', '250000.00'],
      ['federal->municipal', '250000.00'],
    ]);
  });

  it('covers without limit when the rule sets none', () => {
    const lines = linesOf(federalBackstop(), {
      ...A_MILLION_PESOS,
      shortfalls: { municipal: '200000.00' },
    });
    expect(lines[4]).toEqual({ role: 'federal', amount: '200000.00', coversRole: 'municipal' });
  });

  it('refuses a shortfall beyond the limit', () => {
    expect(
      violationsOf(federalBackstop('100000.00'), {
        ...A_MILLION_PESOS,
        shortfalls: { municipal: '150000.00' },
      }),
    ).toEqual([
      {
        path: 'shortfalls.municipal',
        message:
          'the backstop (federal) covers at most 100000.00 MXN per project; the shortfalls come to 150000.00 MXN',
      },
    ]);
  });

  it('counts the limit over all shortfalls, naming the one that crosses it', () => {
    const violations = violationsOf(federalBackstop('100000.00', ['municipal', 'state']), {
      ...A_MILLION_PESOS,
      shortfalls: { state: '50000.00', municipal: '60000.00' },
    });
    expect(violations).toEqual([
      {
        path: 'shortfalls.state',
        message:
          'the backstop (federal) covers at most 100000.00 MXN per project; the shortfalls come to 110000.00 MXN',
      },
    ]);
  });

  it('refuses a shortfall larger than the share', () => {
    expect(
      violationsOf(federalBackstop(), {
        ...A_MILLION_PESOS,
        shortfalls: { municipal: '250000.01' },
      }),
    ).toEqual([
      {
        path: 'shortfalls.municipal',
        message: 'municipal cannot fall short by 250000.01 MXN: its share is 250000.00 MXN',
      },
    ]);
  });

  it('refuses shortfalls the backstop does not cover, or with no backstop, or of no role', () => {
    expect(
      violationsOf(federalBackstop(), {
        ...A_MILLION_PESOS,
        shortfalls: { state: '1.00', nobody: '1.00', municipal: '1.001' },
      }),
    ).toEqual([
      { path: 'shortfalls.state', message: 'the backstop (federal) does not cover state' },
      { path: 'shortfalls.nobody', message: '"nobody" is not a funding role of this rule' },
      { path: 'shortfalls.municipal', message: '"1.001" has 3 decimals; MXN has 2' },
    ]);
    expect(
      violationsOf(THREE_FOR_ONE, { ...A_MILLION_PESOS, shortfalls: { municipal: '1.00' } }),
    ).toEqual([
      {
        path: 'shortfalls.municipal',
        message: "the rule has no backstop to cover municipal's shortfall",
      },
    ]);
  });

  it('takes a zero shortfall as none', () => {
    const lines = linesOf(THREE_FOR_ONE, { ...A_MILLION_PESOS, shortfalls: { municipal: '0.00' } });
    expect(lines).toHaveLength(4);
  });
});

describe('computeFundingSplit: currencies and the pooled minimum', () => {
  it('records the USD pledge of migrants at the rate given', () => {
    const rule: FundingRule = {
      shares: THREE_FOR_ONE.shares.map((s) =>
        s.role === 'migrants' ? { ...s, currency: 'USD' } : s,
      ),
    };
    const lines = linesOf(rule, { ...A_MILLION_PESOS, exchangeRates: { USD: '17.2500' } });
    expect(lines[0]).toEqual({
      role: 'migrants',
      amount: '250000.00',
      pledged: { amount: '14492.75', currency: 'USD', rate: '17.2500' },
    });
    expect(lines.slice(1).every((l) => l.pledged === undefined)).toBe(true);
  });

  it('needs a rate for each foreign currency', () => {
    const rule: FundingRule = { shares: [{ role: 'migrants', weight: '1', currency: 'USD' }] };
    expect(violationsOf(rule, A_MILLION_PESOS)).toEqual([
      {
        path: 'exchangeRates.USD',
        message: 'is required: migrants pledges in USD (MXN per 1 USD, e.g. "17.2500")',
      },
    ]);
  });

  it('converts a backstop line too when the backstop pledges in another currency', () => {
    const rule: FundingRule = {
      shares: [
        { role: 'municipal', weight: '1' },
        { role: 'agency', weight: '1', currency: 'EUR' },
      ],
      backstop: { role: 'agency', covers: ['municipal'] },
    };
    const lines = linesOf(rule, {
      total: '200.00',
      currency: 'MXN',
      exchangeRates: { EUR: '20' },
      shortfalls: { municipal: '40.00' },
    });
    expect(lines[2]).toEqual({
      role: 'agency',
      amount: '40.00',
      coversRole: 'municipal',
      pledged: { amount: '2.00', currency: 'EUR', rate: '20' },
    });
  });

  const miComunidad: FundingRule = {
    shares: [
      { role: 'migrants', weight: '50', currency: 'USD' },
      { role: 'state', weight: '50' },
    ],
    minimumPooled: { role: 'migrants', amount: '60000.00', currency: 'USD' },
  };

  it('Mi Comunidad: migrants pooling USD 60,869.57 meet the USD 60,000 minimum', () => {
    const lines = linesOf(miComunidad, {
      total: '2100000.00',
      currency: 'MXN',
      exchangeRates: { USD: '17.25' },
    });
    expect(lines[0].pledged).toEqual({ amount: '60869.57', currency: 'USD', rate: '17.25' });
  });

  it('Mi Comunidad: exactly the minimum is enough', () => {
    const request = { total: '2070000.00', currency: 'MXN', exchangeRates: { USD: '17.25' } };
    expect(linesOf(miComunidad, request)[0].pledged?.amount).toBe('60000.00');
  });

  it('Mi Comunidad: below the minimum, naming both figures', () => {
    expect(
      violationsOf(miComunidad, {
        total: '1897500.00',
        currency: 'MXN',
        exchangeRates: { USD: '17.25' },
      }),
    ).toEqual([
      {
        path: 'minimumPooled',
        message: 'migrants pool 55000.00 USD, below the minimum of 60000.00 USD',
      },
    ]);
  });

  it('a minimum in the project currency needs no rate', () => {
    const rule: FundingRule = {
      ...THREE_FOR_ONE,
      minimumPooled: { role: 'migrants', amount: '300000.00', currency: 'MXN' },
    };
    expect(violationsOf(rule, A_MILLION_PESOS)).toEqual([
      {
        path: 'minimumPooled',
        message: 'migrants pool 250000.00 MXN, below the minimum of 300000.00 MXN',
      },
    ]);
  });

  it('a minimum in a foreign currency needs its rate even if the role pays in MXN', () => {
    const rule: FundingRule = {
      ...THREE_FOR_ONE,
      minimumPooled: { role: 'migrants', amount: '10000.00', currency: 'USD' },
    };
    expect(violationsOf(rule, A_MILLION_PESOS)).toEqual([
      {
        path: 'exchangeRates.USD',
        message: 'is required: the pooled minimum is in USD (MXN per 1 USD, e.g. "17.2500")',
      },
    ]);
  });

  it('counts only what the role still pays after its shortfall', () => {
    const rule: FundingRule = {
      ...THREE_FOR_ONE,
      minimumPooled: { role: 'municipal', amount: '200000.00', currency: 'MXN' },
      backstop: { role: 'federal', covers: ['municipal'] },
    };
    expect(
      violationsOf(rule, { ...A_MILLION_PESOS, shortfalls: { municipal: '60000.00' } }),
    ).toEqual([
      {
        path: 'minimumPooled',
        message: 'municipal pool 190000.00 MXN, below the minimum of 200000.00 MXN',
      },
    ]);
  });
});

describe('computeFundingSplit: request validation', () => {
  it('reports every problem of the request at once', () => {
    const rule: FundingRule = {
      shares: [
        { role: 'migrants', weight: '1', currency: 'USD' },
        { role: 'state', weight: '1' },
      ],
    };
    expect(
      violationsOf(rule, {
        total: '-5',
        currency: 'XYZ',
        exchangeRates: { USD: '0', usd: '17' },
        shortfalls: { nobody: '1' },
      }),
    ).toEqual([
      { path: 'currency', message: '"XYZ" is not an ISO 4217 currency code in use' },
      { path: 'total', message: 'must be a decimal string, such as "1000000.00"' },
      { path: 'exchangeRates.USD', message: 'must be positive' },
      { path: 'exchangeRates.usd', message: '"usd" is not an ISO 4217 currency code in use' },
      { path: 'shortfalls.nobody', message: '"nobody" is not a funding role of this rule' },
    ]);
  });

  it.each([
    ['0.00', 'must be positive'],
    ['1000.001', '"1000.001" has 3 decimals; MXN has 2'],
    ['1,000.00', 'must be a decimal string in MXN, such as "1234.50"'],
  ])('refuses a total of %p', (total, message) => {
    expect(violationsOf(THREE_FOR_ONE, { total, currency: 'MXN' })).toEqual([
      { path: 'total', message },
    ]);
  });

  it('reports the problems of the rule and of the request together', () => {
    const rule: FundingRule = { shares: [{ role: 'migrants', weight: '0' }] };
    expect(violationsOf(rule, { total: '0', currency: 'MXN' })).toEqual([
      { path: 'shares[0].weight', message: 'must be positive' },
      { path: 'total', message: 'must be positive' },
    ]);
  });

  it('a rate for the project currency itself can only be 1', () => {
    expect(
      violationsOf(THREE_FOR_ONE, { ...A_MILLION_PESOS, exchangeRates: { MXN: '2' } }),
    ).toEqual([
      { path: 'exchangeRates.MXN', message: 'the project currency converts to itself at 1' },
    ]);
    expect(
      linesOf(THREE_FOR_ONE, { ...A_MILLION_PESOS, exchangeRates: { MXN: '1.00' } }),
    ).toHaveLength(4);
  });
});

describe('checkFundingRule', () => {
  it('accepts the 3x1 rule with a ceiling, a backstop and a minimum', () => {
    expect(
      checkFundingRule({
        shares: [
          { role: 'migrants', weight: '25', currency: 'USD' },
          { role: 'municipal', weight: '25' },
          { role: 'state', weight: '25' },
          { role: 'federal', weight: '25', ceiling: '1000000.00' },
        ],
        minimumPooled: { role: 'migrants', amount: '10000', currency: 'USD' },
        backstop: { role: 'federal', covers: ['municipal', 'state'], limit: '250000.00' },
      }),
    ).toEqual([]);
  });

  it('needs at least one share', () => {
    expect(checkFundingRule({ shares: [] })).toEqual([
      { path: 'shares', message: 'must name at least one funding role' },
    ]);
  });

  it('reports every problem of the rule at once, by path', () => {
    const shares = [
      { role: 'migrants', weight: '25', currency: 'usd' },
      { role: ' ', weight: 'abc' },
      { role: 'state', weight: '25', ceiling: '0' },
      { role: 'migrants', weight: 25 as unknown as string },
      { role: 'federal', weight: '0.000', ceiling: '-1' },
    ] satisfies FundingShareRule[];
    expect(
      checkFundingRule({
        shares,
        minimumPooled: { role: 'club', amount: '60000.001', currency: 'USD' },
        backstop: { role: 'sedesol', covers: ['state', 'federal', 'state', 'nobody'], limit: '0' },
      }),
    ).toEqual([
      { path: 'shares[0].currency', message: '"usd" is not an ISO 4217 currency code in use' },
      { path: 'shares[1].role', message: 'must not be blank' },
      { path: 'shares[1].weight', message: 'must be a decimal string, such as "25" or "1"' },
      { path: 'shares[2].ceiling', message: 'must be positive' },
      {
        path: 'shares[3].role',
        message: '"migrants" is already the role of shares[0]; a role has one share',
      },
      { path: 'shares[3].weight', message: 'must be a decimal string, such as "25" or "1"' },
      { path: 'shares[4].weight', message: 'must be positive' },
      { path: 'shares[4].ceiling', message: 'must be a decimal string, such as "1000000.00"' },
      { path: 'minimumPooled.role', message: '"club" is not a funding role of this rule' },
      { path: 'minimumPooled.amount', message: '"60000.001" has 3 decimals; USD has 2' },
      { path: 'backstop.role', message: '"sedesol" is not a funding role of this rule' },
      { path: 'backstop.covers[2]', message: '"state" is already covered' },
      { path: 'backstop.covers[3]', message: '"nobody" is not a funding role of this rule' },
      { path: 'backstop.limit', message: 'must be positive' },
    ]);
  });

  it('refuses a backstop that covers itself or nobody', () => {
    expect(
      checkFundingRule({ ...THREE_FOR_ONE, backstop: { role: 'federal', covers: ['federal'] } }),
    ).toEqual([
      { path: 'backstop.covers[0]', message: 'the backstop (federal) cannot cover itself' },
    ]);
    expect(
      checkFundingRule({ ...THREE_FOR_ONE, backstop: { role: 'federal', covers: [] } }),
    ).toEqual([{ path: 'backstop.covers', message: 'must name at least one role' }]);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

/** A total of 0.01 .. 1e12 MXN at 2 decimals, as the string a caller sends. */
const totals = fc
  .bigInt({ min: 1n, max: 10n ** 14n })
  .map((minor) => formatMinorUnits(new Dec(minor.toString()), 'MXN'));

/** A positive weight such as "25", "1", "0.333" or "1234.5". */
const weights = fc
  .tuple(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 3 }))
  .map(([digits, scale]) => new Dec(digits).dividedBy(new Dec(10).pow(scale)).toFixed());

/** More runs than fast-check's default 100: these properties are the heart of the module. */
const RUNS = { numRuns: 300 };

const minor = (amount: string): InstanceType<typeof Dec> => new Dec(amount).times(100);

describe('computeFundingSplit: properties', () => {
  it('splits any total by any weights exactly, each line within a centavo of its quota', () => {
    fc.assert(
      fc.property(totals, fc.array(weights, { minLength: 1, maxLength: 8 }), (total, ws) => {
        const rule: FundingRule = { shares: ws.map((weight, i) => ({ role: `r${i}`, weight })) };
        const lines = linesOf(rule, { total, currency: 'MXN' });
        expect(lines).toHaveLength(ws.length);
        const weightSum = ws.reduce((acc, w) => acc.plus(w), new Dec(0));
        lines.forEach((line, i) => {
          expect(new Dec(line.amount).isNegative()).toBe(false);
          // |line - total * w / W| < 1 centavo, cross-multiplied to stay exact.
          const gap = minor(line.amount).times(weightSum).minus(minor(total).times(ws[i]));
          expect(gap.abs().lessThan(weightSum)).toBe(true);
        });
      }),
      RUNS,
    );
  });

  it('with ceilings: no line passes its ceiling and the sum is exact, or the total is refused', () => {
    const share = fc.record({
      weight: weights,
      ceiling: fc.option(fc.bigInt({ min: 1n, max: 10n ** 14n }), { nil: undefined }),
    });
    fc.assert(
      fc.property(totals, fc.array(share, { minLength: 1, maxLength: 8 }), (total, shares) => {
        const rule: FundingRule = {
          shares: shares.map((s, i) => ({
            role: `r${i}`,
            weight: s.weight,
            ...(s.ceiling !== undefined
              ? { ceiling: formatMinorUnits(new Dec(s.ceiling.toString()), 'MXN') }
              : {}),
          })),
        };
        const result = computeFundingSplit(rule, { total, currency: 'MXN' });
        const everyShareCapped = shares.every((s) => s.ceiling !== undefined);
        const capacity = shares.reduce((acc, s) => acc + (s.ceiling ?? 0n), 0n);
        const fits = !everyShareCapped || capacity >= BigInt(minor(total).toFixed());
        expect(result.ok).toBe(fits);
        if (!result.ok) {
          expect(result.violations.map((v) => v.path)).toEqual(['total']);
          return;
        }
        expect(sumOf(result.split.lines)).toBe(total);
        const weightSum = shares.reduce((acc, s) => acc.plus(s.weight), new Dec(0));
        result.split.lines.forEach((line, i) => {
          const amount = minor(line.amount);
          const ceiling = rule.shares[i].ceiling as string | undefined;
          expect(amount.isNegative()).toBe(false);
          if (ceiling !== undefined) expect(amount.lessThanOrEqualTo(minor(ceiling))).toBe(true);
          // Redistribution only ever adds: a share gets at least the floor of its plain quota,
          // unless its ceiling is lower.
          const plainFloor = minor(total).times(shares[i].weight).divToInt(weightSum);
          const floor = ceiling !== undefined ? Dec.min(plainFloor, minor(ceiling)) : plainFloor;
          expect(amount.greaterThanOrEqualTo(floor)).toBe(true);
        });
      }),
      RUNS,
    );
  });

  it('backstop lines never exceed the limit, and the lines still sum to the total', () => {
    const roles = ['migrants', 'municipal', 'state', 'federal'];
    fc.assert(
      fc.property(
        totals,
        fc.bigInt({ min: 1n, max: 10n ** 13n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 13n }), { minLength: 2, maxLength: 2 }),
        (total, limit, [municipal, state]) => {
          const money = (n: bigint): string => formatMinorUnits(new Dec(n.toString()), 'MXN');
          const rule: FundingRule = {
            shares: roles.map((role) => ({ role, weight: '25' })),
            backstop: { role: 'federal', covers: ['municipal', 'state'], limit: money(limit) },
          };
          const result = computeFundingSplit(rule, {
            total,
            currency: 'MXN',
            shortfalls: { municipal: money(municipal), state: money(state) },
          });
          if (!result.ok) {
            expect(result.violations.every((v) => v.path.startsWith('shortfalls.'))).toBe(true);
            // Refused only for a reason: over the limit, or more than a quarter share.
            const quarterFloor = BigInt(minor(total).divToInt(4).toFixed());
            const overShare = municipal > quarterFloor || state > quarterFloor;
            expect(municipal + state > limit || overShare).toBe(true);
            return;
          }
          const { lines } = result.split;
          expect(sumOf(lines)).toBe(total);
          expect(lines.every((l) => !new Dec(l.amount).isNegative())).toBe(true);
          const covered = lines
            .filter((l) => l.coversRole !== undefined)
            .reduce((acc, l) => acc.plus(minor(l.amount)), new Dec(0));
          expect(covered.lessThanOrEqualTo(limit.toString())).toBe(true);
          expect(covered.toFixed()).toBe((municipal + state).toString());
        },
      ),
      RUNS,
    );
  });
});
