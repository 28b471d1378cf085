import type Decimal from 'decimal.js';
import { requireLocalDate } from '../calendar/local-date';
import { Dec, formatMinorUnits, parseAmount } from '../funding/money';
import type { Instalment, LoanSchedule } from './instalment-schedule';

/**
 * What happened to a loan after its schedule was set: repayments the institution received
 * (each with its receipt reference) and a write-off. Dates are the borrower's calendar dates.
 */
export type LoanEvent =
  | { kind: 'REPAYMENT'; on: string; amount: string; reference: string }
  | { kind: 'WRITE_OFF'; on: string; reason: string; reference: string }
  /**
   * New instalments for the principal outstanding on `on` (computed then, with the borrower's
   * calendar): the unpaid principal of every instalment is moved into them, interest already
   * due stays due, interest not yet due is no longer owed.
   */
  | { kind: 'RESCHEDULE'; on: string; reference: string; instalments: Instalment[] };

export type InstalmentStatus = 'PAID' | 'PARTLY_PAID' | 'DUE' | 'OVERDUE' | 'FUTURE' | 'WAIVED';

export interface InstalmentPosition {
  number: number;
  dueOn: string;
  principalDue: string;
  interestDue: string;
  principalPaid: string;
  interestPaid: string;
  status: InstalmentStatus;
  /** Days between its due date and the day it was paid in full, or `asOf` while unpaid. */
  daysLate: number;
}

export type LoanStatus = 'CURRENT' | 'IN_ARREARS' | 'REPAID' | 'WRITTEN_OFF';

export interface LoanPosition {
  currency: string;
  status: LoanStatus;
  principalDisbursed: string;
  principalRepaid: string;
  principalOutstanding: string;
  principalWrittenOff: string;
  interestPaid: string;
  /** Principal and interest of instalments due before `asOf` and not yet paid. */
  arrears: string;
  /** Days since the due date of the oldest instalment still unpaid on `asOf`; 0 when none. */
  daysPastDue: number;
  /** Repayments beyond everything scheduled (to be refunded to the borrower). */
  overpaid: string;
  /**
   * What repays the loan in full on `asOf`: everything due, the next instalment (paid ahead)
   * and the principal after it. 0 once repaid or written off.
   */
  payoff: string;
  instalments: InstalmentPosition[];
}

/**
 * The loan as of a day: each repayment pays, oldest instalment first, its interest and then
 * its principal, so arrears are cleared before anything falls due later; what is left pays
 * the next instalment ahead of its date, and anything beyond prepays the principal of the
 * instalments after it in order (their interest stays as scheduled, and is waived once no
 * principal is left). A write-off moves the
 * principal then outstanding out of the portfolio; a later recovery counts as repaid and
 * reduces what was written off. Whatever the events:
 * disbursed = repaid + outstanding + written off.
 */
export function loanPosition(
  schedule: LoanSchedule,
  events: readonly LoanEvent[],
  asOf: string,
): LoanPosition {
  const { currency } = schedule;
  const today = requireLocalDate(asOf, 'asOf');
  const minor = (amount: string) => {
    const parsed = parseAmount(amount, currency);
    if (!parsed.ok) throw new RangeError(parsed.reason);
    return parsed.value;
  };
  const rowOf = (i: Instalment) => ({
    number: i.number,
    dueOn: i.dueOn,
    due: requireLocalDate(i.dueOn, 'dueOn'),
    principalDue: minor(i.principal),
    interestDue: minor(i.interest),
    principalPaid: new Dec(0),
    interestPaid: new Dec(0),
    paidOn: undefined as number | undefined,
  });
  const rows = schedule.instalments.map(rowOf);
  const disbursed = minor(schedule.principal);
  let repaid = new Dec(0);
  let writtenOff = new Dec(0);
  let overpaid = new Dec(0);
  const outstanding = () => disbursed.minus(repaid).minus(writtenOff);

  const sorted = [...events]
    .map((e, order) => ({ e, order, day: requireLocalDate(e.on, 'event date') }))
    .filter((x) => x.day <= today)
    .sort((a, b) => a.day - b.day || a.order - b.order);
  for (const { e, day } of sorted) {
    if (e.kind === 'WRITE_OFF') {
      writtenOff = writtenOff.plus(outstanding());
      continue;
    }
    if (e.kind === 'RESCHEDULE') {
      const kept = rows.flatMap((row) => {
        // What was paid stays paid; the rest of the principal moves to the new instalments,
        // and so does what was not yet due.
        row.principalDue = row.principalPaid;
        if (row.due > day) row.interestDue = row.interestPaid;
        if (row.paidOn === undefined && settled(row)) row.paidOn = Math.min(day, row.due);
        const empty = row.principalDue.plus(row.interestDue).isZero();
        return empty ? [] : [row];
      });
      const added = e.instalments.map(rowOf);
      const moved = added.reduce((sum, r) => sum.plus(r.principalDue), new Dec(0));
      if (!moved.equals(outstanding()))
        throw new RangeError(
          `the rescheduling ${e.reference} spreads ${moved.toString()} minor units, not the ${outstanding().toString()} outstanding`,
        );
      rows.splice(0, rows.length, ...[...kept, ...added].sort((a, b) => a.due - b.due));
      continue;
    }
    let left = minor(e.amount);
    if (!writtenOff.isZero()) {
      // A recovery after the write-off: it takes back what was written off, then is surplus.
      const recovered = Dec.min(left, writtenOff);
      writtenOff = writtenOff.minus(recovered);
      repaid = repaid.plus(recovered);
      overpaid = overpaid.plus(left.minus(recovered));
      continue;
    }
    // What is due (up to this day) first; then the next instalment in full, paid ahead; then
    // the principal of the ones after it, as prepayment.
    let ahead = 0;
    for (const onlyDue of [true, false]) {
      for (const row of rows) {
        if (left.isZero() || outstanding().isZero()) break;
        if (onlyDue && row.due > day) break;
        if (settled(row)) continue;
        if (onlyDue || ahead++ === 0) {
          const interest = Dec.min(left, row.interestDue.minus(row.interestPaid));
          row.interestPaid = row.interestPaid.plus(interest);
          left = left.minus(interest);
        }
        const principal = Dec.min(left, row.principalDue.minus(row.principalPaid));
        row.principalPaid = row.principalPaid.plus(principal);
        repaid = repaid.plus(principal);
        left = left.minus(principal);
        if (row.paidOn === undefined && settled(row)) row.paidOn = day;
      }
    }
    overpaid = overpaid.plus(left);
  }

  const repaidAll = outstanding().isZero() && writtenOff.isZero();
  let arrears = new Dec(0);
  let oldestUnpaid: number | undefined;
  const instalments = rows.map((row): InstalmentPosition => {
    const waived = (repaidAll || !writtenOff.isZero()) && !settled(row);
    const status = statusOf(row, today, waived);
    if (status === 'OVERDUE') {
      arrears = arrears.plus(unpaid(row));
      oldestUnpaid ??= row.due;
    }
    return {
      number: row.number,
      dueOn: row.dueOn,
      principalDue: formatMinorUnits(row.principalDue, currency),
      interestDue: formatMinorUnits(row.interestDue, currency),
      principalPaid: formatMinorUnits(row.principalPaid, currency),
      interestPaid: formatMinorUnits(row.interestPaid, currency),
      status,
      daysLate: Math.max(0, (row.paidOn ?? (waived ? row.due : today)) - row.due),
    };
  });
  let payoff = new Dec(0);
  if (!repaidAll && writtenOff.isZero()) {
    let ahead = 0;
    for (const row of rows) {
      if (settled(row)) continue;
      const principalLeft = row.principalDue.minus(row.principalPaid);
      const interestLeft = row.interestDue.minus(row.interestPaid);
      payoff = payoff.plus(principalLeft);
      if (row.due <= today || ahead++ === 0) payoff = payoff.plus(interestLeft);
    }
  }
  const money = (m: Decimal) => formatMinorUnits(m, currency);
  return {
    currency,
    status: !writtenOff.isZero()
      ? 'WRITTEN_OFF'
      : repaidAll
        ? 'REPAID'
        : oldestUnpaid === undefined
          ? 'CURRENT'
          : 'IN_ARREARS',
    principalDisbursed: money(disbursed),
    principalRepaid: money(repaid),
    principalOutstanding: money(outstanding()),
    principalWrittenOff: money(writtenOff),
    interestPaid: money(rows.reduce((s, r) => s.plus(r.interestPaid), new Dec(0))),
    arrears: money(arrears),
    daysPastDue: oldestUnpaid === undefined ? 0 : today - oldestUnpaid,
    overpaid: money(overpaid),
    payoff: money(payoff),
    instalments,
  };
}

type Row = {
  principalDue: Decimal;
  interestDue: Decimal;
  principalPaid: Decimal;
  interestPaid: Decimal;
};

function statusOf(row: Row & { due: number }, today: number, waived: boolean): InstalmentStatus {
  if (waived) return 'WAIVED';
  if (settled(row)) return 'PAID';
  if (row.due < today) return 'OVERDUE';
  if (row.due === today) return 'DUE';
  return row.principalPaid.plus(row.interestPaid).isZero() ? 'FUTURE' : 'PARTLY_PAID';
}

function unpaid(row: Row): Decimal {
  return row.principalDue.minus(row.principalPaid).plus(row.interestDue).minus(row.interestPaid);
}

function settled(row: Row): boolean {
  return unpaid(row).isZero();
}
