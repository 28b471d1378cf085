import type { Violation } from '../errors/violation';
import { isCurrencyCode, parseAmount, parseDecimal } from '../funding/money';

/**
 * The terms of a micro-loan as a partner institution grants it: what the schedule is computed
 * from. Amounts are decimal strings in major units of `currency`, as everywhere in the engine.
 */

/**
 * FLAT: each period's interest is charged on the original principal (what many micro-finance
 * institutions quote). DECLINING_BALANCE: on the principal still outstanding, with equal
 * instalments (an annuity) once the grace period is over.
 */
export type InterestMethod = 'FLAT' | 'DECLINING_BALANCE';
export const INTEREST_METHODS: readonly InterestMethod[] = ['FLAT', 'DECLINING_BALANCE'];

export type RepaymentFrequency = 'WEEKLY' | 'FORTNIGHTLY' | 'MONTHLY' | 'QUARTERLY';
export const REPAYMENT_FREQUENCIES: readonly RepaymentFrequency[] = [
  'WEEKLY',
  'FORTNIGHTLY',
  'MONTHLY',
  'QUARTERLY',
];

/** Periods in a year: the nominal yearly rate divided by this is the rate of one period. */
export const PERIODS_PER_YEAR: Record<RepaymentFrequency, number> = {
  WEEKLY: 52,
  FORTNIGHTLY: 26,
  MONTHLY: 12,
  QUARTERLY: 4,
};

export interface LoanTerms {
  principal: string;
  currency: string;
  /** Nominal yearly rate in percent, e.g. "18" (0 for an interest-free loan). */
  annualRatePercent: string;
  method: InterestMethod;
  frequency: RepaymentFrequency;
  /** Instalments that repay the principal, after the grace periods. */
  instalments: number;
  /** Periods after disbursement in which only interest is due (a business getting started). */
  gracePeriods?: number;
  /** A one-off fee in percent of the principal, due at disbursement. */
  feePercent?: string;
}

/** The longest schedule accepted: ten years of weekly instalments. */
export const MAX_INSTALMENTS = 520;

/** Every problem of the terms at once, each at the path of its field. */
export function checkLoanTerms(terms: LoanTerms, at = ''): Violation[] {
  const path = (field: string) => (at ? `${at}.${field}` : field);
  const violations: Violation[] = [];
  if (!isCurrencyCode(terms.currency)) {
    violations.push({
      path: path('currency'),
      message: `${JSON.stringify(terms.currency)} is not an ISO 4217 currency code in use`,
    });
  } else {
    const principal = parseAmount(terms.principal, terms.currency);
    if (!principal.ok) violations.push({ path: path('principal'), message: principal.reason });
    else if (principal.value.isZero())
      violations.push({ path: path('principal'), message: 'must be positive' });
  }
  const rate = parseDecimal(terms.annualRatePercent);
  if (rate === undefined || rate.greaterThan(200))
    violations.push({
      path: path('annualRatePercent'),
      message: 'must be a yearly rate in percent from "0" to "200", e.g. "18"',
    });
  if (!INTEREST_METHODS.includes(terms.method))
    violations.push({
      path: path('method'),
      message: `must be one of ${INTEREST_METHODS.join(', ')}`,
    });
  if (!REPAYMENT_FREQUENCIES.includes(terms.frequency))
    violations.push({
      path: path('frequency'),
      message: `must be one of ${REPAYMENT_FREQUENCIES.join(', ')}`,
    });
  const grace = terms.gracePeriods ?? 0;
  if (!Number.isInteger(terms.instalments) || terms.instalments < 1)
    violations.push({ path: path('instalments'), message: 'must be a whole number from 1' });
  if (!Number.isInteger(grace) || grace < 0)
    violations.push({ path: path('gracePeriods'), message: 'must be a whole number from 0' });
  else if (terms.instalments + grace > MAX_INSTALMENTS)
    violations.push({
      path: path('instalments'),
      message: `the schedule would have ${terms.instalments + grace} periods; at most ${MAX_INSTALMENTS}`,
    });
  if (terms.feePercent !== undefined) {
    const fee = parseDecimal(terms.feePercent);
    if (fee === undefined || fee.greaterThan(100))
      violations.push({
        path: path('feePercent'),
        message: 'must be a percentage of the principal from "0" to "100"',
      });
  }
  return violations;
}
