import { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS_BEFORE = `'PLEDGE', 'COMMITMENT', 'DISBURSEMENT', 'REFUND', 'CORRECTION',
  'LOAN_DISBURSEMENT', 'LOAN_REPAYMENT', 'INTEREST_PAYMENT', 'WRITE_OFF', 'GUARANTEE_CALL'`;

/**
 * Co-development savings: each SAVINGS stage's account at its partner institution and the
 * account's events, one row per receipt reference so a retried posting is never counted
 * twice. A release names the project it funds (looked up from the project's side too) and
 * its value in the project's currency. The money is in the one ledger.
 */
export class Savings1763799400000 implements MigrationInterface {
  name = 'Savings1763799400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ledger_transaction DROP CONSTRAINT ledger_transaction_kind_check`);
    await q.query(`
      ALTER TABLE ledger_transaction ADD CONSTRAINT ledger_transaction_kind_check CHECK (kind IN (
        ${KINDS_BEFORE}, 'SAVINGS_DEPOSIT', 'SAVINGS_RELEASE', 'SAVINGS_WITHDRAWAL'))`);
    await q.query(`
      CREATE TABLE savings_account (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id    uuid NOT NULL REFERENCES application (id),
        stage_id          text NOT NULL,
        saver_role        text NOT NULL,
        saver_id          uuid REFERENCES organisation (id),
        depositary_role   text NOT NULL,
        depositary_id     uuid REFERENCES organisation (id),
        currency          char(3) NOT NULL,
        yearly_relief_cap numeric(24, 6) CHECK (yearly_relief_cap > 0),
        opened_at         timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT savings_account_key UNIQUE (application_id, stage_id)
      )`);
    await q.query(`CREATE INDEX savings_account_saver_idx ON savings_account (saver_id)`);
    await q.query(`CREATE INDEX savings_account_depositary_idx ON savings_account (depositary_id)`);
    await q.query(`
      CREATE TABLE savings_event (
        id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account_id             uuid NOT NULL REFERENCES savings_account (id),
        kind                   text NOT NULL CHECK (kind IN ('DEPOSIT', 'RELEASE', 'WITHDRAWAL')),
        reference              text NOT NULL CHECK (length(btrim(reference)) > 0),
        occurred_on            date NOT NULL,
        amount                 numeric(24, 6) NOT NULL CHECK (amount > 0),
        project_application_id uuid REFERENCES application (id),
        project_amount         numeric(24, 6),
        project_currency       char(3),
        rate                   numeric(24, 10),
        recorded_by            text NOT NULL,
        recorded_at            timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT savings_event_reference UNIQUE (account_id, reference),
        CONSTRAINT savings_event_project CHECK ((kind = 'RELEASE') = (project_application_id IS NOT NULL))
      )`);
    await q.query(
      `CREATE INDEX savings_event_project_idx ON savings_event (project_application_id) WHERE project_application_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE savings_event`);
    await q.query(`DROP TABLE savings_account`);
    await q.query(`ALTER TABLE ledger_transaction DROP CONSTRAINT ledger_transaction_kind_check`);
    await q.query(
      `ALTER TABLE ledger_transaction ADD CONSTRAINT ledger_transaction_kind_check CHECK (kind IN (${KINDS_BEFORE}))`,
    );
  }
}
