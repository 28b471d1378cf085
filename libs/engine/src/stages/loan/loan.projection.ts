import Decimal from 'decimal.js';
import { instalmentSchedule } from '@codev/domain/loan/instalment-schedule';
import type { LoanTerms } from '@codev/domain/loan/loan-terms';
import { type LoanEvent, type LoanPosition, loanPosition } from '@codev/domain/loan/loan-position';
import { loanEventOf, type LoanEventRow } from '@codev/domain/loan/loan-event-row';
import {
  accounts,
  EffectRefused,
  type PostingInput,
  type Projection,
  type Sql,
} from '../projection';
import { type LoanRow, loanPostings, returnToEnvelope } from './loan-ledger';
import { settled, zoneOf } from './loan-timer';

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
                         programme_currency, base_principal, terms, disbursed_on, disbursement_reference, schedule,
                         recorded_by, guarantee, revolving)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
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
        e.guarantee ?? null,
        e.revolving ?? false,
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

  /**
   * New instalments for the principal outstanding on the day, on the loan's terms, due on the
   * borrower's working days and numbered after the old ones. No money moves.
   */
  'loan.reschedule': async (e, { sql, calendar, applicationId }): Promise<LoanSettled> => {
    const [loan] = (await sql.query(
      `SELECT l.id, l.currency, l.terms, l.schedule, j.code
         FROM loan l JOIN application a ON a.id = l.application_id
         JOIN jurisdiction j ON j.id = a.project_jurisdiction_id
        WHERE l.application_id = $1 AND l.stage_id = $2 FOR UPDATE OF l`,
      [applicationId, e.stageId],
    )) as (Pick<LoanRow, 'id' | 'currency' | 'schedule'> & { terms: LoanTerms; code: string })[];
    const events = await eventsOf(sql, loan.id);
    const on = e.on as string;
    if (!events.some((x) => x.reference === e.reference)) {
      const outstanding = loanPosition(loan.schedule, events, on).principalOutstanding;
      if (!new Decimal(outstanding).gt(0))
        throw new EffectRefused('CONFLICT', `nothing is outstanding on ${on} to reschedule`);
      const last = Math.max(
        ...loan.schedule.instalments.map((i) => i.number),
        ...events
          .flatMap((x) => (x.kind === 'RESCHEDULE' ? x.instalments : []))
          .map((i) => i.number),
      );
      const fresh = instalmentSchedule(
        {
          ...loan.terms,
          principal: outstanding,
          instalments: e.instalments as number,
          gracePeriods: 0,
          feePercent: undefined,
        },
        on,
        (d) => calendar.isWorkingDay(d, loan.code),
      );
      await sql.query(
        `INSERT INTO loan_event (loan_id, kind, reference, occurred_on, instalments, recorded_by)
         VALUES ($1, 'RESCHEDULE', $2, $3, $4, $5) ON CONFLICT (loan_id, reference) DO NOTHING`,
        [
          loan.id,
          e.reference,
          on,
          JSON.stringify(fresh.instalments.map((i) => ({ ...i, number: last + i.number }))),
          e.recordedBy,
        ],
      );
    }
    const asOf = new Date().toISOString().slice(0, 10);
    const position = loanPosition(loan.schedule, await eventsOf(sql, loan.id), asOf);
    return { ...settled(position, asOf, await zoneOf(sql, applicationId, e)), review: true };
  },

  'loan.event': async (e, { sql, ledger, applicationId }): Promise<LoanSettled> => {
    const [loan] = (await sql.query(
      `SELECT id, application_id, currency, principal::text, base_principal::text, programme_currency,
              lender_role, lender_id, schedule, guarantee, revolving
         FROM loan WHERE application_id = $1 AND stage_id = $2 FOR UPDATE`,
      [applicationId, e.stageId],
    )) as LoanRow[];
    const asOf = new Date().toISOString().slice(0, 10);
    const events = await eventsOf(sql, loan.id);
    const before = loanPosition(loan.schedule, events, asOf);
    const event = e.event as LoanEvent;
    const inserted = (await sql.query(
      `WITH added AS (
         INSERT INTO loan_event (loan_id, kind, reference, occurred_on, amount, reason, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (loan_id, reference) DO NOTHING RETURNING id)
       SELECT id FROM added`,
      [
        loan.id,
        event.kind,
        event.reference,
        event.on,
        event.kind === 'REPAYMENT' ? event.amount : null,
        event.kind === 'WRITE_OFF' ? event.reason : null,
        e.recordedBy,
      ],
    )) as unknown[];
    // The new event is the latest recorded; a retried one is among `events` already.
    const after = inserted.length ? loanPosition(loan.schedule, [...events, event], asOf) : before;
    for (const [kind, suffix, postings] of loanPostings(applicationId, loan, before, after))
      if (postings.length)
        await ledger.post(
          `${e.key as string}:${suffix}`,
          kind,
          applicationId,
          `Loan ${event.kind.toLowerCase().replace('_', '-')} ${event.reference}`,
          postings,
        );
    if (loan.revolving)
      await returnToEnvelope(
        sql,
        loan,
        new Decimal(after.principalRepaid).minus(before.principalRepaid),
      );
    return settled(after, asOf, await zoneOf(sql, applicationId, e));
  },
};

async function eventsOf(sql: Sql, loanId: string): Promise<LoanEvent[]> {
  const rows = (await sql.query(
    `SELECT kind, reference, to_char(occurred_on, 'YYYY-MM-DD') AS on, trim_scale(amount)::text AS amount,
            reason, instalments
       FROM loan_event WHERE loan_id = $1 ORDER BY recorded_at, id`,
    [loanId],
  )) as LoanEventRow[];
  return rows.map(loanEventOf);
}
