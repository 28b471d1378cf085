import Decimal from 'decimal.js';
import { instalmentSchedule, type LoanSchedule } from '@codev/domain/loan/instalment-schedule';
import type { LoanTerms } from '@codev/domain/loan/loan-terms';
import { type LoanEvent, type LoanPosition, loanPosition } from '@codev/domain/loan/loan-position';
import { minorUnitDigits } from '@codev/domain/funding/money';
import { instantOfLocalDateTime } from '@codev/domain/calendar/zoned-time';
import { accounts, type PostingInput, type Projection, type Sql } from '../projection';

/**
 * What a loan effect tells its stage: whether the loan is still open, how late it is, and
 * when to look at it again (the end of the next unpaid due date, or the day it would cross
 * into 30 or 90 days past due), as an instant in the borrower's time zone.
 */
export interface LoanSettled {
  status: LoanPosition['status'];
  arrears: string;
  daysPastDue: number;
  nextCheckAt: string | null;
  /** Set when a due date's passing asked for this look. */
  review?: boolean;
}

interface LoanRow {
  id: string;
  currency: string;
  principal: string;
  base_principal: string;
  programme_currency: string;
  lender_role: string;
  lender_id: string | null;
  schedule: LoanSchedule;
}

/**
 * The loan's row with its schedule, and the money in the one ledger: the disbursement from
 * the lender's commitment, then each repayment split into principal and interest (and what
 * the borrower overpaid), and write-offs — always the difference the position made, so the
 * ledger says what libs/domain's loan position says, whatever order receipts arrive in.
 */
export const loanProjection: Projection = {
  'loan.disburse': async (e, { sql, ledger, calendar, applicationId }): Promise<LoanSettled> => {
    const [app] = (await sql.query(
      `SELECT a.applicant_id, j.code FROM application a JOIN jurisdiction j ON j.id = a.project_jurisdiction_id WHERE a.id = $1`,
      [applicationId],
    )) as { applicant_id: string; code: string }[];
    const terms = {
      ...(e.terms as Omit<LoanTerms, 'principal' | 'currency'>),
      principal: e.principal as string,
      currency: e.currency as string,
    };
    // Instalments fall on the borrower's working days: those of the project's place.
    const schedule = instalmentSchedule(terms as LoanTerms, e.disbursedOn as string, (d) =>
      calendar.isWorkingDay(d, app.code),
    );
    await sql.query(
      `INSERT INTO loan (application_id, stage_id, lender_role, lender_id, borrower_id, currency, principal,
                         programme_currency, base_principal, terms, disbursed_on, disbursement_reference, schedule, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (application_id, stage_id) DO NOTHING`,
      [
        applicationId,
        e.stageId,
        e.lenderRole,
        e.lenderId,
        app.applicant_id,
        e.currency,
        e.principal,
        e.programmeCurrency,
        e.base,
        terms,
        e.disbursedOn,
        e.reference,
        schedule,
        e.recordedBy,
      ],
    );
    const role = e.lenderRole as string;
    const move = (account: string, sign: 1 | -1): PostingInput => ({
      account,
      applicationId,
      partyRole: role,
      organisationId: (e.lenderId as string | null) ?? null,
      amount: new Decimal(e.principal as string).times(sign).toString(),
      currency: e.currency as string,
      base: {
        amount: new Decimal(e.base as string).times(sign).toString(),
        currency: e.programmeCurrency as string,
      },
    });
    await ledger.post(
      e.key as string,
      'LOAN_DISBURSEMENT',
      applicationId,
      `Loan disbursed (${e.reference as string})`,
      [
        move(accounts.committed(applicationId, role), -1),
        move(accounts.disbursed(applicationId, role), 1),
      ],
    );
    // A first look at once: a disbursement reported late may already have instalments overdue.
    const asOf = new Date().toISOString().slice(0, 10);
    const position = loanPosition(schedule, [], asOf);
    return { ...settled(position, asOf, await zoneOf(sql, applicationId, e)), review: true };
  },

  /** A due date (or an ageing threshold) passed: the loan as of today. */
  'loan.review': async (e, { sql, applicationId }): Promise<LoanSettled> => {
    const [loan] = (await sql.query(
      `SELECT id, schedule FROM loan WHERE application_id = $1 AND stage_id = $2`,
      [applicationId, e.stageId],
    )) as Pick<LoanRow, 'id' | 'schedule'>[];
    const asOf = new Date().toISOString().slice(0, 10);
    const position = loanPosition(loan.schedule, await eventsOf(sql, loan.id), asOf);
    return { ...settled(position, asOf, await zoneOf(sql, applicationId, e)), review: true };
  },

  'loan.event': async (e, { sql, ledger, applicationId }): Promise<LoanSettled> => {
    const [loan] = (await sql.query(
      `SELECT id, currency, principal::text, base_principal::text, programme_currency, lender_role, lender_id, schedule
         FROM loan WHERE application_id = $1 AND stage_id = $2 FOR UPDATE`,
      [applicationId, e.stageId],
    )) as LoanRow[];
    const asOf = new Date().toISOString().slice(0, 10);
    const before = loanPosition(loan.schedule, await eventsOf(sql, loan.id), asOf);
    const event = e.event as LoanEvent;
    await sql.query(
      `INSERT INTO loan_event (loan_id, kind, reference, occurred_on, amount, reason, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (loan_id, reference) DO NOTHING`,
      [
        loan.id,
        event.kind,
        event.reference,
        event.on,
        event.kind === 'REPAYMENT' ? event.amount : null,
        event.kind === 'WRITE_OFF' ? event.reason : null,
        e.recordedBy,
      ],
    );
    const after = loanPosition(loan.schedule, await eventsOf(sql, loan.id), asOf);
    for (const [kind, suffix, postings] of loanPostings(applicationId, loan, before, after))
      if (postings.length)
        await ledger.post(
          `${e.key as string}:${suffix}`,
          kind,
          applicationId,
          `Loan ${event.kind.toLowerCase().replace('_', '-')} ${event.reference}`,
          postings,
        );
    return settled(after, asOf, await zoneOf(sql, applicationId, e));
  },
};

/** The borrower's time zone: the project's place's, else its country's, else the programme's. */
async function zoneOf(
  sql: Sql,
  applicationId: string,
  e: Record<string, unknown>,
): Promise<string> {
  const [row] = (await sql.query(
    `SELECT COALESCE(j.time_zone, c.time_zone) AS zone
       FROM application a JOIN jurisdiction j ON j.id = a.project_jurisdiction_id
       LEFT JOIN jurisdiction c ON c.code = split_part(j.code, '-', 1)
      WHERE a.id = $1`,
    [applicationId],
  )) as { zone: string | null }[];
  return row?.zone ?? (e.timeZone as string);
}

const DAY = 86_400_000;
const dayAfter = (date: string, days = 1) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

export function settled(p: LoanPosition, asOf: string, zone: string): LoanSettled {
  const open = p.status === 'CURRENT' || p.status === 'IN_ARREARS';
  // Days whose end is worth a look: each unpaid due date to come, and the last day before
  // the loan would be 31 or 91 days past due.
  const candidates = open
    ? p.instalments
        .filter((i) => ['DUE', 'FUTURE', 'PARTLY_PAID'].includes(i.status))
        .map((i) => i.dueOn)
    : [];
  if (open && p.daysPastDue > 0) {
    const oldest = dayAfter(asOf, -p.daysPastDue);
    candidates.push(dayAfter(oldest, 30), dayAfter(oldest, 90));
  }
  const next = candidates.filter((d) => d >= asOf).sort()[0];
  return {
    status: p.status,
    arrears: p.arrears,
    daysPastDue: p.daysPastDue,
    nextCheckAt: next
      ? instantOfLocalDateTime(`${dayAfter(next)}T00:00`, zone).toISOString()
      : null,
  };
}

async function eventsOf(sql: Sql, loanId: string): Promise<LoanEvent[]> {
  const rows = (await sql.query(
    `SELECT kind, reference, to_char(occurred_on, 'YYYY-MM-DD') AS on, trim_scale(amount)::text AS amount, reason
       FROM loan_event WHERE loan_id = $1 ORDER BY recorded_at, id`,
    [loanId],
  )) as {
    kind: LoanEvent['kind'];
    reference: string;
    on: string;
    amount: string | null;
    reason: string | null;
  }[];
  return rows.map((r) =>
    r.kind === 'REPAYMENT'
      ? { kind: 'REPAYMENT', reference: r.reference, on: r.on, amount: r.amount! }
      : { kind: 'WRITE_OFF', reference: r.reference, on: r.on, reason: r.reason ?? '' },
  );
}

type Transaction = ['LOAN_REPAYMENT' | 'INTEREST_PAYMENT' | 'WRITE_OFF', string, PostingInput[]];

/** What changed between two positions of a loan, as ledger transactions in its currency. */
export function loanPostings(
  applicationId: string,
  loan: Pick<
    LoanRow,
    'currency' | 'principal' | 'base_principal' | 'programme_currency' | 'lender_role' | 'lender_id'
  >,
  before: LoanPosition,
  after: LoanPosition,
): Transaction[] {
  const role = loan.lender_role;
  // The programme-currency value at the rate the loan was committed at.
  const toBase = (amount: Decimal) =>
    amount
      .times(loan.base_principal)
      .dividedBy(loan.principal)
      .toDecimalPlaces(minorUnitDigits(loan.programme_currency), Decimal.ROUND_HALF_EVEN);
  const pair = (part: Parameters<typeof accounts.loan>[2], delta: Decimal): PostingInput[] => {
    if (delta.isZero()) return [];
    const posting = (account: string, sign: 1 | -1): PostingInput => ({
      account,
      applicationId,
      partyRole: role,
      organisationId: loan.lender_id,
      amount: delta.times(sign).toString(),
      currency: loan.currency,
      base: { amount: toBase(delta).times(sign).toString(), currency: loan.programme_currency },
    });
    return [
      posting(accounts.loan(applicationId, role, part), 1),
      posting(accounts.borrower(applicationId), -1),
    ];
  };
  const delta = (f: (p: LoanPosition) => string) => new Decimal(f(after)).minus(f(before));
  return [
    [
      'LOAN_REPAYMENT',
      'principal',
      [
        ...pair(
          'repaid',
          delta((p) => p.principalRepaid),
        ),
        ...pair(
          'overpaid',
          delta((p) => p.overpaid),
        ),
      ],
    ],
    [
      'INTEREST_PAYMENT',
      'interest',
      pair(
        'interest',
        delta((p) => p.interestPaid),
      ),
    ],
    [
      'WRITE_OFF',
      'write-off',
      pair(
        'written-off',
        delta((p) => p.principalWrittenOff),
      ),
    ],
  ];
}
