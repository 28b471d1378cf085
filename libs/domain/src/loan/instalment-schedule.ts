import type Decimal from 'decimal.js';
import { formatDayNumber, requireLocalDate } from '../calendar/local-date';
import { largestRemainder } from '../funding/allocation';
import { Dec, formatMinorUnits, parseAmount, parseDecimal } from '../funding/money';
import { checkLoanTerms, type LoanTerms, PERIODS_PER_YEAR } from './loan-terms';

export interface Instalment {
  /** 1 for the first period after disbursement, grace periods included. */
  number: number;
  /** The calendar due date, moved to the next working day of the borrower's calendar. */
  dueOn: string;
  principal: string;
  interest: string;
  total: string;
}

export interface LoanSchedule {
  currency: string;
  principal: string;
  /** The one-off fee due at disbursement. */
  fee: string;
  totalInterest: string;
  instalments: Instalment[];
}

/** Says whether a 'YYYY-MM-DD' date is a working day where the borrower pays. */
export type WorkingDayTest = (localDate: string) => boolean;

/**
 * The instalments of a loan disbursed on `disbursedOn`: the principal of every instalment adds
 * up exactly to the loan's, each amount is a whole number of minor units, and each due date is
 * the period's calendar date (the same day of the month, or the month's last day when it has
 * fewer) moved forward to the next working day. Pure: the same terms and calendar always give
 * the same schedule, in the API, a workflow or a report.
 */
export function instalmentSchedule(
  terms: LoanTerms,
  disbursedOn: string,
  isWorkingDay: WorkingDayTest,
): LoanSchedule {
  const problems = checkLoanTerms(terms);
  if (problems.length)
    throw new RangeError(`unchecked loan terms: ${problems.map((p) => p.path).join(', ')}`);
  const { currency } = terms;
  const principal = minorOf(terms.principal, currency);
  const rate = parseDecimal(terms.annualRatePercent)!
    .dividedBy(100)
    .dividedBy(PERIODS_PER_YEAR[terms.frequency]);
  const grace = terms.gracePeriods ?? 0;
  const interestOn = (outstanding: Decimal) =>
    outstanding.times(rate).toDecimalPlaces(0, Dec.ROUND_HALF_EVEN);

  const rows: { principal: Decimal; interest: Decimal }[] = [];
  for (let i = 0; i < grace; i++)
    rows.push({ principal: new Dec(0), interest: interestOn(principal) });
  // Interest-free, a declining balance is a flat loan with no interest.
  if (terms.method === 'FLAT' || rate.isZero()) {
    const parts = largestRemainder(
      principal,
      Array.from({ length: terms.instalments }, () => new Dec(1)),
    );
    for (const part of parts) rows.push({ principal: part, interest: interestOn(principal) });
  } else {
    rows.push(...annuity(principal, rate, terms.instalments, interestOn));
  }

  const disbursed = requireLocalDate(disbursedOn, 'disbursedOn');
  const money = (minor: Decimal) => formatMinorUnits(minor, currency);
  const instalments = rows.map((row, i) => ({
    number: i + 1,
    dueOn: nextWorkingDay(periodDate(disbursed, terms.frequency, i + 1), isWorkingDay),
    principal: money(row.principal),
    interest: money(row.interest),
    total: money(row.principal.plus(row.interest)),
  }));
  const fee = principal
    .times(parseDecimal(terms.feePercent ?? '0')!)
    .dividedBy(100)
    .toDecimalPlaces(0, Dec.ROUND_HALF_EVEN);
  return {
    currency,
    principal: money(principal),
    fee: money(fee),
    totalInterest: money(rows.reduce((s, r) => s.plus(r.interest), new Dec(0))),
    instalments,
  };
}

/**
 * Equal instalments P·r / (1 − (1 + r)^−n), rounded up to a minor unit so that the last one
 * (which takes whatever principal is left) is the one that comes out a little smaller.
 */
function annuity(
  principal: Decimal,
  rate: Decimal,
  n: number,
  interestOn: (outstanding: Decimal) => Decimal,
): { principal: Decimal; interest: Decimal }[] {
  const growth = rate.plus(1).pow(n);
  const payment = principal
    .times(rate)
    .times(growth)
    .dividedBy(growth.minus(1))
    .toDecimalPlaces(0, Dec.ROUND_CEIL);
  const rows: { principal: Decimal; interest: Decimal }[] = [];
  let outstanding = principal;
  for (let i = 1; i <= n; i++) {
    const interest = interestOn(outstanding);
    const part = i === n ? outstanding : Dec.min(Dec.max(payment.minus(interest), 0), outstanding);
    rows.push({ principal: part, interest });
    outstanding = outstanding.minus(part);
  }
  return rows;
}

/** The calendar date of the k-th period after `start` (a day number). */
function periodDate(start: number, frequency: LoanTerms['frequency'], k: number): number {
  if (frequency === 'WEEKLY') return start + 7 * k;
  if (frequency === 'FORTNIGHTLY') return start + 14 * k;
  const months = (frequency === 'MONTHLY' ? 1 : 3) * k;
  const d = new Date(start * 86_400_000);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(d.getUTCDate(), lastDay)) / 86_400_000;
}

/** No calendar closes for a month; a search that long means a broken calendar. */
const LONGEST_CLOSURE = 31;

function nextWorkingDay(day: number, isWorkingDay: WorkingDayTest): string {
  for (let d = day; d <= day + LONGEST_CLOSURE; d++) {
    const date = formatDayNumber(d);
    if (isWorkingDay(date)) return date;
  }
  throw new RangeError(`no working day within ${LONGEST_CLOSURE} days of ${formatDayNumber(day)}`);
}

function minorOf(amount: string, currency: string): Decimal {
  const parsed = parseAmount(amount, currency);
  if (!parsed.ok) throw new RangeError(parsed.reason);
  return parsed.value;
}
