import * as fc from 'fast-check';
import {
  checkFundingRule,
  computeFundingSplit,
  FundingLine,
  FundingRequest,
  FundingRule,
} from './funding-formula';
import { convertIntoRoundingDown, Dec, formatMinorUnits } from './money';

// Ceilings and backstop limits stated in a funder's own currency: a Moroccan province that
// budgets in dirhams caps its share of a project budgeted in euros.

const PILOT: FundingRule = {
  shares: [
    { role: 'es-municipal', weight: '50' },
    {
      role: 'ma-provincial',
      weight: '50',
      currency: 'MAD',
      ceiling: { amount: '300000', currency: 'MAD' },
    },
  ],
};
/** 0.0925 EUR per MAD, as the rates table quotes it. */
const IN_EUR = (total: string): FundingRequest => ({
  total,
  currency: 'EUR',
  exchangeRates: { MAD: '0.0925' },
});

function linesOf(rule: FundingRule, request: FundingRequest): FundingLine[] {
  const result = computeFundingSplit(rule, request);
  if (!result.ok) throw new Error(`expected a split, got ${JSON.stringify(result.violations)}`);
  return result.split.lines;
}

describe('computeFundingSplit: amounts stated in another currency', () => {
  it('caps a share at its ceiling in the funder currency, converted at the request rate', () => {
    // 300,000 MAD × 0.0925 = 27,750.00 EUR; half of 80,000 would be 40,000.
    const lines = linesOf(PILOT, IN_EUR('80000.00'));
    expect(lines.map((l) => [l.role, l.amount])).toEqual([
      ['es-municipal', '52250.00'],
      ['ma-provincial', '27750.00'],
    ]);
    expect(lines[1].pledged).toEqual({ amount: '300000.00', currency: 'MAD', rate: '0.0925' });
  });

  it('leaves the share alone below the ceiling', () => {
    const lines = linesOf(PILOT, IN_EUR('50000.00'));
    expect(lines[1]).toMatchObject({ amount: '25000.00', pledged: { amount: '270270.27' } });
  });

  it('a ceiling in the project currency stated as an object needs no rate', () => {
    const rule: FundingRule = {
      shares: [
        { role: 'a', weight: '1' },
        { role: 'b', weight: '1', ceiling: { amount: '100.00', currency: 'EUR' } },
      ],
    };
    expect(linesOf(rule, { total: '1000.00', currency: 'EUR' }).map((l) => l.amount)).toEqual([
      '900.00',
      '100.00',
    ]);
  });

  it('needs a rate for a ceiling in another currency, even when the role pledges in the project one', () => {
    const rule: FundingRule = {
      shares: [
        { role: 'a', weight: '1' },
        { role: 'b', weight: '1', ceiling: { amount: '1000', currency: 'USD' } },
      ],
    };
    const result = computeFundingSplit(rule, { total: '1000.00', currency: 'EUR' });
    expect(result).toEqual({
      ok: false,
      violations: [
        {
          path: 'exchangeRates.USD',
          message: 'is required: the ceiling of b is in USD (EUR per 1 USD, e.g. "17.2500")',
        },
      ],
    });
  });

  it('converts a backstop limit stated in the backstop currency, and names it in the refusal', () => {
    const rule: FundingRule = {
      shares: [
        { role: 'migrants', weight: '1' },
        { role: 'ma-municipal', weight: '1', currency: 'MAD' },
        { role: 'ma-central', weight: '1', currency: 'MAD' },
      ],
      backstop: {
        role: 'ma-central',
        covers: ['ma-municipal'],
        limit: { amount: '100000', currency: 'MAD' },
      },
    };
    const request = { ...IN_EUR('30000.00'), shortfalls: { 'ma-municipal': '9250.01' } };
    const result = computeFundingSplit(rule, request);
    expect(result).toEqual({
      ok: false,
      violations: [
        {
          path: 'shortfalls.ma-municipal',
          message:
            'the backstop (ma-central) covers at most 9250.00 EUR (100000 MAD) per project; ' +
            'the shortfalls come to 9250.01 EUR',
        },
      ],
    });
    const fits = linesOf(rule, { ...request, shortfalls: { 'ma-municipal': '9250.00' } });
    expect(fits.at(-1)).toMatchObject({
      role: 'ma-central',
      coversRole: 'ma-municipal',
      amount: '9250.00',
      pledged: { amount: '100000.00', currency: 'MAD' },
    });
  });

  it('checks a stated amount against its own currency and names the field', () => {
    const rule = {
      shares: [
        { role: 'a', weight: '1', ceiling: { amount: '10.5', currency: 'XOF' } },
        { role: 'b', weight: '1', ceiling: { amount: '10', currency: 'ZZZ' } },
        { role: 'c', weight: '1', ceiling: 12 },
      ],
    } as unknown as FundingRule;
    expect(checkFundingRule(rule)).toEqual([
      {
        path: 'shares[0].ceiling.amount',
        message: expect.stringContaining('XOF'),
      },
      {
        path: 'shares[1].ceiling.currency',
        message: '"ZZZ" is not an ISO 4217 currency code in use',
      },
      { path: 'shares[2].ceiling', message: 'must be a decimal string, such as "1000000.00"' },
    ]);
  });
});

describe('stated ceilings: properties', () => {
  const minorUnits = (amount: string) => new Dec(amount).times(100);

  it('the pledge of a capped share, converted back half-even, never passes its ceiling', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 100n, max: 10n ** 12n }),
        fc.bigInt({ min: 1n, max: 10n ** 11n }),
        fc.integer({ min: 1, max: 2_000_000 }),
        fc.integer({ min: 0, max: 6 }),
        (totalMinor, ceilingMinor, rateDigits, rateScale) => {
          const rate = new Dec(rateDigits).dividedBy(new Dec(10).pow(rateScale)).toFixed();
          const ceiling = formatMinorUnits(new Dec(ceilingMinor.toString()), 'MAD');
          const rule: FundingRule = {
            shares: [
              { role: 'a', weight: '1' },
              {
                role: 'b',
                weight: '3',
                currency: 'MAD',
                ceiling: { amount: ceiling, currency: 'MAD' },
              },
            ],
          };
          const total = formatMinorUnits(new Dec(totalMinor.toString()), 'EUR');
          const result = computeFundingSplit(rule, {
            total,
            currency: 'EUR',
            exchangeRates: { MAD: rate },
          });
          if (!result.ok) {
            // Only a share worth less than half a centime at this rate: refused, never 0 MAD.
            expect(result.violations).toEqual([
              { path: 'exchangeRates.MAD', message: expect.stringMatching(/would pledge 0 MAD/) },
            ]);
            return;
          }
          const lines = result.split.lines;
          const capped = lines[1];
          expect(new Dec(capped.pledged!.amount).lessThanOrEqualTo(ceiling)).toBe(true);
          // And the cap is the largest such amount: one more cent would pass the ceiling.
          const cap = convertIntoRoundingDown(
            new Dec(ceilingMinor.toString()),
            'MAD',
            'EUR',
            new Dec(rate),
          );
          expect(minorUnits(capped.amount).lessThanOrEqualTo(cap)).toBe(true);
          expect(cap.plus(1).dividedBy(rate).greaterThan(ceilingMinor.toString())).toBe(true);
          expect(lines.reduce((s, l) => s.plus(l.amount), new Dec(0)).toFixed(2)).toBe(total);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a rate at which a real share would be pledged as nothing', () => {
    const rule: FundingRule = {
      shares: [
        { role: 'migrants', weight: '25', currency: 'USD' },
        { role: 'state', weight: '75' },
      ],
    };
    const result = computeFundingSplit(rule, {
      total: '1000000.00',
      currency: 'MXN',
      exchangeRates: { USD: '1000000000000' },
    });
    expect(result).toEqual({
      ok: false,
      violations: [
        {
          path: 'exchangeRates.USD',
          message:
            'at 1000000000000 MXN per USD, migrants would pledge 0 USD for a share of 250000.00 MXN: the rate cannot be right',
        },
      ],
    });
  });

  it('never pledges 0 for a share that is not 0, at any rate', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        fc.integer({ min: 1, max: 10 ** 9 }),
        fc.integer({ min: 0, max: 10 }),
        (totalMinor, rateDigits, rateScale) => {
          const rate = new Dec(rateDigits).dividedBy(new Dec(10).pow(rateScale)).toFixed();
          const rule: FundingRule = {
            shares: [
              { role: 'a', weight: '1' },
              { role: 'b', weight: '1', currency: 'USD' },
            ],
          };
          const total = formatMinorUnits(new Dec(totalMinor.toString()), 'MXN');
          const result = computeFundingSplit(rule, {
            total,
            currency: 'MXN',
            exchangeRates: { USD: rate },
          });
          if (!result.ok) return;
          for (const l of result.split.lines)
            if (l.pledged && !new Dec(l.amount).isZero())
              expect(new Dec(l.pledged.amount).isZero()).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});
