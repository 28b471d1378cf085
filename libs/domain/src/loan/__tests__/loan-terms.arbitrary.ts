import * as fc from 'fast-check';
import { Dec } from '../../funding/money';

/** Loan terms of any size, rate, method, frequency and grace, in euros. */
export const loanTermsArbitrary = fc.record({
  principal: fc
    .bigInt({ min: 1n, max: 10n ** 12n })
    .map((m) => new Dec(m.toString()).dividedBy(100).toFixed(2)),
  currency: fc.constant('EUR'),
  annualRatePercent: fc
    .integer({ min: 0, max: 6000 })
    .map((bp) => new Dec(bp).dividedBy(100).toFixed()),
  method: fc.constantFrom('FLAT' as const, 'DECLINING_BALANCE' as const),
  frequency: fc.constantFrom(
    'WEEKLY' as const,
    'FORTNIGHTLY' as const,
    'MONTHLY' as const,
    'QUARTERLY' as const,
  ),
  instalments: fc.integer({ min: 1, max: 60 }),
  gracePeriods: fc.integer({ min: 0, max: 6 }),
});
