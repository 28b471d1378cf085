import { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS_BEFORE = `'PLEDGE', 'COMMITMENT', 'DISBURSEMENT', 'REFUND', 'CORRECTION',
  'LOAN_DISBURSEMENT', 'LOAN_REPAYMENT', 'INTEREST_PAYMENT', 'WRITE_OFF', 'GUARANTEE_CALL',
  'SAVINGS_DEPOSIT', 'SAVINGS_RELEASE', 'SAVINGS_WITHDRAWAL'`;

/**
 * Matched savings: a funder's premium on each release into a project, kept beside the
 * release (in the account's currency and in the project's) and posted as its own ledger
 * transaction, a grant by that funder.
 */
export class MatchedSavings1763799800000 implements MigrationInterface {
  name = 'MatchedSavings1763799800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ledger_transaction DROP CONSTRAINT ledger_transaction_kind_check`);
    await q.query(
      `ALTER TABLE ledger_transaction ADD CONSTRAINT ledger_transaction_kind_check CHECK (kind IN (${KINDS_BEFORE}, 'SAVINGS_MATCH'))`,
    );
    await q.query(`
      ALTER TABLE savings_event
        ADD COLUMN matched_amount         numeric(24, 6) CHECK (matched_amount >= 0),
        ADD COLUMN project_matched_amount numeric(24, 6) CHECK (project_matched_amount >= 0),
        ADD COLUMN matched_by             uuid REFERENCES organisation (id),
        ADD CONSTRAINT savings_event_matched CHECK (matched_amount IS NULL OR kind = 'RELEASE')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE savings_event DROP CONSTRAINT savings_event_matched,
      DROP COLUMN matched_by, DROP COLUMN project_matched_amount, DROP COLUMN matched_amount`);
    await q.query(`ALTER TABLE ledger_transaction DROP CONSTRAINT ledger_transaction_kind_check`);
    await q.query(
      `ALTER TABLE ledger_transaction ADD CONSTRAINT ledger_transaction_kind_check CHECK (kind IN (${KINDS_BEFORE}))`,
    );
  }
}
