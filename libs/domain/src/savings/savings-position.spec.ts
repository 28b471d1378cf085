import * as fc from 'fast-check';
import { Dec } from '../funding/money';
import {
  matchedAmount,
  type SavingsEvent,
  savingsPosition,
  savingsShortfall,
} from './savings-position';

// A migrant in Lyon saves towards a workshop in Thiès: deposits over two calendar years
// against a yearly cap of EUR 20,000 on what counts for tax relief.
const deposit = (on: string, amount: string): SavingsEvent => ({
  kind: 'DEPOSIT',
  reference: `D-${on}`,
  amount,
  on,
});

describe('savingsPosition', () => {
  it('relieves at most the cap of each calendar year’s deposits', () => {
    const p = savingsPosition(
      [
        deposit('2025-11-03', '8000'),
        deposit('2026-01-10', '15000'),
        deposit('2026-06-30', '9000.50'),
      ],
      '20000',
    );
    expect(p.years).toEqual([
      { year: 2025, deposited: '8000', taxRelieved: '8000', aboveCap: '0' },
      { year: 2026, deposited: '24000.5', taxRelieved: '20000', aboveCap: '4000.5' },
    ]);
    expect(p.balance).toBe('32000.5');
  });

  it('takes relief back for savings withdrawn instead of invested', () => {
    const p = savingsPosition(
      [
        deposit('2026-01-10', '12000'),
        {
          kind: 'RELEASE',
          reference: 'R1',
          amount: '9000',
          on: '2026-03-01',
          projectApplicationId: 'p',
        },
        { kind: 'WITHDRAWAL', reference: 'W1', amount: '3000', on: '2026-04-01' },
      ],
      '20000',
    );
    expect(p).toMatchObject({
      released: '9000',
      withdrawn: '3000',
      balance: '0',
      reliefReclaimed: '3000',
    });
  });

  it('adds a matching funder’s premium beside the balance, rounded down', () => {
    expect(matchedAmount('6000', '25', 'EUR')).toBe('1500.00');
    expect(matchedAmount('0.03', '25', 'EUR')).toBe('0.00');
    expect(matchedAmount('1001', '12.5', 'XOF')).toBe('125');
    const p = savingsPosition([
      deposit('2026-01-10', '8000'),
      {
        kind: 'RELEASE',
        reference: 'R1',
        amount: '6000',
        on: '2026-03-01',
        projectApplicationId: 'p',
        matched: '1500.00',
      },
    ]);
    expect(p).toMatchObject({ released: '6000', matched: '1500', balance: '2000' });
  });

  it('refuses to release more than the account holds', () => {
    expect(savingsShortfall([deposit('2026-01-10', '100')], '100.01')).toBe(
      'the account holds 100, less than 100.01',
    );
    expect(savingsShortfall([deposit('2026-01-10', '100')], '100')).toBeUndefined();
  });

  it('accounts for every cent, whatever the events, and never relieves more than the cap', () => {
    const amount = fc
      .integer({ min: 1, max: 5_000_000 })
      .map((c) => new Dec(c).div(100).toString());
    const day = fc
      .date({ min: new Date('2020-01-01'), max: new Date('2026-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    const step = fc.record({
      kind: fc.constantFrom('DEPOSIT', 'DEPOSIT', 'RELEASE', 'WITHDRAWAL'),
      amount,
      on: day,
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), amount, (steps, cap) => {
        // Only what the account accepts is recorded: nothing leaves that is not there.
        const events: SavingsEvent[] = [];
        steps.forEach((s, i) => {
          const e = { ...s, reference: `E${i}`, projectApplicationId: 'p' } as SavingsEvent;
          if (s.kind === 'DEPOSIT' || !savingsShortfall(events, s.amount)) events.push(e);
        });
        const p = savingsPosition(events, cap);
        expect(new Dec(p.balance).gte(0)).toBe(true);
        expect(new Dec(p.released).plus(p.withdrawn).plus(p.balance).eq(p.deposited)).toBe(true);
        for (const y of p.years) {
          expect(new Dec(y.taxRelieved).lte(cap)).toBe(true);
          expect(new Dec(y.taxRelieved).plus(y.aboveCap).eq(y.deposited)).toBe(true);
        }
        const relieved = p.years.reduce((s, y) => s.plus(y.taxRelieved), new Dec(0));
        expect(new Dec(p.reliefReclaimed).lte(Dec.min(relieved, p.withdrawn))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
