import type { Instalment } from './instalment-schedule';
import type { LoanEvent } from './loan-position';

/** A loan event as stored: one row per receipt reference. */
export interface LoanEventRow {
  kind: LoanEvent['kind'];
  reference: string;
  /** YYYY-MM-DD */
  on: string;
  /** Repayments only, without trailing zeros. */
  amount: string | null;
  reason: string | null;
  /** Reschedulings only. */
  instalments: Instalment[] | null;
}

export function loanEventOf(r: LoanEventRow): LoanEvent {
  const { kind, reference, on } = r;
  if (kind === 'REPAYMENT') return { kind, reference, on, amount: r.amount! };
  if (kind === 'WRITE_OFF') return { kind, reference, on, reason: r.reason ?? '' };
  return { kind, reference, on, instalments: r.instalments! };
}
