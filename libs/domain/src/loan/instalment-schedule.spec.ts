import * as fc from 'fast-check';
import { Dec } from '../funding/money';
import { instalmentSchedule } from './instalment-schedule';
import { checkLoanTerms, type LoanTerms } from './loan-terms';
import { loanTermsArbitrary } from './__tests__/loan-terms.arbitrary';

/** Saturdays and Sundays off, and 4 April (Senegal's Independence Day). */
const weekdaysBut4April = (date: string) => {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day !== 0 && day !== 6 && !date.endsWith('-04-04');
};

const FLAT_XOF: LoanTerms = {
  principal: '1200000',
  currency: 'XOF',
  annualRatePercent: '24',
  method: 'FLAT',
  frequency: 'MONTHLY',
  instalments: 12,
};

describe('instalmentSchedule', () => {
  it('flat: the same interest on the original principal every month, the principal in equal parts', () => {
    const s = instalmentSchedule(FLAT_XOF, '2026-01-31', weekdaysBut4April);
    expect(s.instalments).toHaveLength(12);
    expect(s.instalments[0]).toEqual({
      number: 1,
      // 28 February 2026 is a Saturday: due on Monday 2 March.
      dueOn: '2026-03-02',
      principal: '100000',
      interest: '24000',
      total: '124000',
    });
    // The month's last day when it has no 31st; 31 May 2026 is a Sunday.
    expect(s.instalments.slice(1, 4).map((i) => i.dueOn)).toEqual([
      '2026-03-31',
      '2026-04-30',
      '2026-06-01',
    ]);
    // 4 April 2025 is a Friday and a holiday: due the Monday after.
    const april = instalmentSchedule(FLAT_XOF, '2025-03-04', weekdaysBut4April);
    expect(april.instalments[0].dueOn).toBe('2025-04-07');
    expect(s.totalInterest).toBe('288000');
    expect(s.fee).toBe('0');
  });

  it('declining balance: equal instalments, interest on what is left, the last one takes the rest', () => {
    const s = instalmentSchedule(
      {
        ...FLAT_XOF,
        principal: '10000.00',
        currency: 'EUR',
        annualRatePercent: '12',
        method: 'DECLINING_BALANCE',
        feePercent: '1.5',
      },
      '2026-01-15',
      () => true,
    );
    expect(s.instalments[0]).toMatchObject({
      principal: '788.49',
      interest: '100.00',
      total: '888.49',
    });
    expect(s.instalments[5].total).toBe('888.49');
    expect(s.instalments[11]).toMatchObject({
      principal: '879.67',
      interest: '8.80',
      total: '888.47',
    });
    expect(s.totalInterest).toBe('661.86');
    expect(s.fee).toBe('150.00');
  });

  it('grace periods: interest only, then the principal', () => {
    const s = instalmentSchedule(
      { ...FLAT_XOF, gracePeriods: 3, instalments: 6 },
      '2026-01-10',
      () => true,
    );
    expect(s.instalments.map((i) => [i.dueOn, i.principal, i.interest])).toEqual([
      ['2026-02-10', '0', '24000'],
      ['2026-03-10', '0', '24000'],
      ['2026-04-10', '0', '24000'],
      ['2026-05-10', '200000', '24000'],
      ['2026-06-10', '200000', '24000'],
      ['2026-07-10', '200000', '24000'],
      ['2026-08-10', '200000', '24000'],
      ['2026-09-10', '200000', '24000'],
      ['2026-10-10', '200000', '24000'],
    ]);
  });

  it('weekly and quarterly periods; an interest-free loan', () => {
    const weekly = instalmentSchedule(
      {
        ...FLAT_XOF,
        frequency: 'WEEKLY',
        annualRatePercent: '0',
        method: 'DECLINING_BALANCE',
        instalments: 7,
      },
      '2026-01-05',
      () => true,
    );
    expect(weekly.instalments.map((i) => i.dueOn).slice(0, 2)).toEqual([
      '2026-01-12',
      '2026-01-19',
    ]);
    expect(weekly.instalments.map((i) => i.principal)).toEqual([
      '171429',
      '171429',
      '171429',
      '171429',
      '171428',
      '171428',
      '171428',
    ]);
    expect(weekly.totalInterest).toBe('0');
    const quarterly = instalmentSchedule(
      { ...FLAT_XOF, frequency: 'QUARTERLY', instalments: 4 },
      '2026-11-30',
      () => true,
    );
    expect(quarterly.instalments.map((i) => i.dueOn)).toEqual([
      '2027-02-28',
      '2027-05-30',
      '2027-08-30',
      '2027-11-30',
    ]);
    expect(quarterly.instalments[0].interest).toBe('72000');
  });

  it('refuses terms it was not given checked', () => {
    expect(
      checkLoanTerms({
        ...FLAT_XOF,
        principal: '100.5',
        instalments: 0,
        annualRatePercent: '-1',
        frequency: 'DAILY' as never,
      }),
    ).toEqual([
      { path: 'principal', message: '"100.5" has 1 decimals; XOF has 0' },
      {
        path: 'annualRatePercent',
        message: 'must be a yearly rate in percent from "0" to "200", e.g. "18"',
      },
      { path: 'frequency', message: 'must be one of WEEKLY, FORTNIGHTLY, MONTHLY, QUARTERLY' },
      { path: 'instalments', message: 'must be a whole number from 1' },
    ]);
    expect(() =>
      instalmentSchedule({ ...FLAT_XOF, instalments: 0 }, '2026-01-01', () => true),
    ).toThrow('unchecked loan terms: instalments');
  });
});

describe('instalmentSchedule: properties', () => {
  it('repays exactly the principal, in whole cents, on working days in order', () => {
    fc.assert(
      fc.property(loanTermsArbitrary, (terms) => {
        const s = instalmentSchedule(terms, '2026-03-31', weekdaysBut4April);
        const cents = (a: string) => new Dec(a).times(100);
        const principal = s.instalments.reduce((sum, i) => sum.plus(i.principal), new Dec(0));
        expect(principal.toFixed(2)).toBe(terms.principal);
        expect(s.instalments).toHaveLength(terms.instalments + terms.gracePeriods);
        for (const [k, i] of s.instalments.entries()) {
          for (const a of [i.principal, i.interest, i.total]) {
            expect(cents(a).isInteger() && !cents(a).isNegative()).toBe(true);
          }
          expect(weekdaysBut4April(i.dueOn)).toBe(true);
          if (k > 0) expect(i.dueOn >= s.instalments[k - 1].dueOn).toBe(true);
          if (k < terms.gracePeriods) expect(i.principal).toBe('0.00');
        }
        if (terms.method === 'DECLINING_BALANCE') {
          // Interest only falls as the principal is repaid.
          const interest = s.instalments.map((i) => new Dec(i.interest));
          interest.slice(1).forEach((x, k) => expect(x.lessThanOrEqualTo(interest[k])).toBe(true));
        }
      }),
      { numRuns: 300 },
    );
  });
});
