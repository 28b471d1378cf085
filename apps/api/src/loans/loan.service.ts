import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isCalendarDate } from '../graphql/calendar-date.validator';
import {
  CodevError,
  type LoanEvent,
  loanEventOf,
  type LoanEventRow,
  loanPosition,
  type LoanSchedule,
  portfolioAtRisk,
} from '@codev/domain';

export interface LoanRecord {
  id: string;
  applicationId: string;
  stageId: string;
  lenderRole: string;
  currency: string;
  principal: string;
  terms: unknown;
  disbursedOn: string;
  schedule: LoanSchedule;
  guarantee: { guarantor: string; percent: string } | null;
  events: LoanEvent[];
}

/** Loans and their receipts, read in two statements for any number of applications. */
@Injectable()
export class LoanService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async ofApplications(applicationIds: readonly string[]): Promise<LoanRecord[]> {
    return this.read(`l.application_id = ANY($1)`, [applicationIds]);
  }

  /** Portfolio at risk of a programme's loans as of a day. */
  async portfolio(programmeKey: string, asOf: string | null, overdueDays: number) {
    const day = asOf ?? new Date().toISOString().slice(0, 10);
    if (!isCalendarDate(day))
      throw CodevError.badInput([{ path: 'asOf', message: 'must be a date YYYY-MM-DD' }]);
    if (!Number.isInteger(overdueDays) || overdueDays < 0)
      throw CodevError.badInput([
        { path: 'overdueDays', message: 'must be a whole number from 0' },
      ]);
    const loans = await this.read(
      `l.application_id IN (SELECT a.id FROM application a JOIN programme p ON p.id = a.programme_id WHERE p.key = $1)`,
      [programmeKey],
    );
    return portfolioAtRisk(
      loans.map((l) => loanPosition(l.schedule, l.events, day)),
      overdueDays,
    );
  }

  private async read(where: string, params: unknown[]): Promise<LoanRecord[]> {
    const loans = (await this.db.query(
      `SELECT l.id, l.application_id AS "applicationId", l.stage_id AS "stageId", l.lender_role AS "lenderRole",
              l.currency, l.principal::text, l.terms, to_char(l.disbursed_on, 'YYYY-MM-DD') AS "disbursedOn", l.schedule, l.guarantee
         FROM loan l WHERE ${where} ORDER BY l.application_id, l.stage_id`,
      params,
    )) as Omit<LoanRecord, 'events'>[];
    if (!loans.length) return [];
    const events = (await this.db.query(
      `SELECT loan_id, kind, reference, to_char(occurred_on, 'YYYY-MM-DD') AS on,
              trim_scale(amount)::text AS amount, reason, instalments
         FROM loan_event WHERE loan_id = ANY($1) ORDER BY recorded_at, id`,
      [loans.map((l) => l.id)],
    )) as (LoanEventRow & { loan_id: string })[];
    const byLoan = new Map<string, LoanEvent[]>(loans.map((l) => [l.id, []]));
    for (const e of events) byLoan.get(e.loan_id)!.push(loanEventOf(e));
    return loans.map((l) => ({ ...l, events: byLoan.get(l.id)! }));
  }
}
