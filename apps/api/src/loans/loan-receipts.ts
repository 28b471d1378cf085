import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { StepChecks } from '../steps/step-checks';

/**
 * A lender's receipts are recognised after the loan's application has ended: the same
 * reference with the same content, posted by the lender, is answered as it was the first
 * time (an institution's batch may be sent twice).
 */
@Injectable()
export class LoanReceipts implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly steps: StepChecks,
  ) {}

  onModuleInit(): void {
    const event =
      (kind: string, date: string, amount?: string) =>
      (i: Record<string, unknown>, a: { id: string }, org: string) =>
        this.exists(
          `SELECT 1 FROM loan_event e JOIN loan l ON l.id = e.loan_id
            WHERE l.application_id = $1 AND l.stage_id = $2 AND l.lender_id = $3 AND e.reference = $4
              AND e.kind = $5 AND e.occurred_on = $6::date AND e.amount IS NOT DISTINCT FROM $7::numeric`,
          [a.id, i.stageId, org, i.reference, kind, i[date], amount ? i[amount] : null],
        );
    this.steps.registerRecorded('recordLoanDisbursement', (i, a, org) =>
      this.exists(
        `SELECT 1 FROM loan WHERE application_id = $1 AND stage_id = $2 AND lender_id = $3
            AND disbursement_reference = $4 AND disbursed_on = $5::date`,
        [a.id, i.stageId, org, i.reference, i.disbursedOn],
      ),
    );
    this.steps.registerRecorded('recordLoanRepayment', event('REPAYMENT', 'receivedOn', 'amount'));
    this.steps.registerRecorded('writeOffLoan', event('WRITE_OFF', 'writtenOffOn'));
    this.steps.registerRecorded('rescheduleLoan', event('RESCHEDULE', 'rescheduledOn'));
  }

  private async exists(sql: string, params: unknown[]): Promise<boolean> {
    return ((await this.db.query(sql, params)) as unknown[]).length > 0;
  }
}
