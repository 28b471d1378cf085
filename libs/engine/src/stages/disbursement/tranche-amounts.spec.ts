import Decimal from 'decimal.js';
import * as fc from 'fast-check';
import { trancheAmounts } from './tranche-amounts';

describe('trancheAmounts', () => {
  it('splits 50/30/20 per funder', () => {
    const out = trancheAmounts(
      [{ role: 'federal', amount: '250000.00' }],
      [
        { id: 'advance', percent: '50' },
        { id: 'progress', percent: '30' },
        { id: 'completion', percent: '20' },
      ],
      2,
    );
    expect(out.map((t) => t.amount)).toEqual(['125000.00', '75000.00', '50000.00']);
  });

  it('always adds up to the committed amount exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 ** 12 }),
        fc.integer({ min: 1, max: 99 }),
        (cents, p) => {
          const amount = new Decimal(cents).dividedBy(100).toFixed(2);
          const parts = trancheAmounts(
            [{ role: 'r', amount }],
            [
              { id: 'a', percent: String(p) },
              { id: 'b', percent: String(100 - p) },
            ],
            2,
          );
          const sum = parts.reduce((s, t) => s.plus(t.amount), new Decimal(0));
          expect(sum.toFixed(2)).toBe(amount);
          parts.forEach((t) => expect(new Decimal(t.amount).isNegative()).toBe(false));
        },
      ),
    );
  });
});
