import { Dec, minorUnitDigits } from '../funding/money';
import type { LoanPosition } from './loan-position';

/** The arrears buckets institutions report, by days past due. */
export const AGEING_BUCKETS = [
  { label: 'CURRENT', from: 0, to: 0 },
  { label: '1-30', from: 1, to: 30 },
  { label: '31-60', from: 31, to: 60 },
  { label: '61-90', from: 61, to: 90 },
  { label: 'OVER_90', from: 91, to: Infinity },
] as const;

export type AgeingBucket = (typeof AGEING_BUCKETS)[number]['label'];

export function ageingBucketOf(daysPastDue: number): AgeingBucket {
  return AGEING_BUCKETS.find((b) => daysPastDue >= b.from && daysPastDue <= b.to)!.label;
}

export interface PortfolioAtRisk {
  currency: string;
  /** Loans with principal outstanding. */
  loans: number;
  outstanding: string;
  /** Outstanding principal of loans more than `days` past due (PAR30: days = 30). */
  atRisk: string;
  loansAtRisk: number;
  /** atRisk / outstanding, as a percentage with two decimals ("12.50"). */
  percent: string;
}

/**
 * Portfolio at risk: the whole outstanding principal of every loan with an instalment more
 * than `days` days overdue, over the outstanding principal of the portfolio — one figure per
 * currency with loans outstanding, since loans in different currencies are not added up.
 * Written-off and repaid loans are out of the portfolio.
 */
export function portfolioAtRisk(
  positions: readonly LoanPosition[],
  days: number,
): PortfolioAtRisk[] {
  const byCurrency = new Map<string, LoanPosition[]>();
  for (const p of positions) {
    if (p.status === 'WRITTEN_OFF' || new Dec(p.principalOutstanding).isZero()) continue;
    byCurrency.set(p.currency, [...(byCurrency.get(p.currency) ?? []), p]);
  }
  return [...byCurrency.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, loans]) => {
      const outstanding = loans.reduce((s, l) => s.plus(l.principalOutstanding), new Dec(0));
      const risky = loans.filter((l) => l.daysPastDue > days);
      const atRisk = risky.reduce((s, l) => s.plus(l.principalOutstanding), new Dec(0));
      const digits = minorUnitDigits(currency);
      return {
        currency,
        loans: loans.length,
        outstanding: outstanding.toFixed(digits),
        atRisk: atRisk.toFixed(digits),
        loansAtRisk: risky.length,
        percent: atRisk.times(100).dividedBy(outstanding).toFixed(2, Dec.ROUND_HALF_EVEN),
      };
    });
}
