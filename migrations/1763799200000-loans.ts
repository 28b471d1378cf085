import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Micro-loans: each LOAN stage's loan with its schedule (computed once, at disbursement, on
 * the borrower's working days) and the institution's receipts, one row per receipt reference
 * so a retried posting is never counted twice. Their money is in the one ledger, under
 * transaction kinds that map onto IATI's (loan disbursement, loan repayment, interest).
 */
export class Loans1763799200000 implements MigrationInterface {
  name = 'Loans1763799200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ledger_transaction DROP CONSTRAINT ledger_transaction_kind_check`);
    await q.query(`
      ALTER TABLE ledger_transaction ADD CONSTRAINT ledger_transaction_kind_check CHECK (kind IN (
        'PLEDGE', 'COMMITMENT', 'DISBURSEMENT', 'REFUND', 'CORRECTION',
        'LOAN_DISBURSEMENT', 'LOAN_REPAYMENT', 'INTEREST_PAYMENT', 'WRITE_OFF', 'GUARANTEE_CALL'))`);
    await q.query(`
      CREATE TABLE loan (
        id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id         uuid NOT NULL REFERENCES application (id),
        stage_id               text NOT NULL,
        lender_role            text NOT NULL,
        lender_id              uuid REFERENCES organisation (id),
        borrower_id            uuid NOT NULL REFERENCES organisation (id),
        currency               char(3) NOT NULL,
        principal              numeric(24, 6) NOT NULL CHECK (principal > 0),
        programme_currency     char(3) NOT NULL,
        base_principal         numeric(24, 6) NOT NULL CHECK (base_principal > 0),
        terms                  jsonb NOT NULL,
        disbursed_on           date NOT NULL,
        disbursement_reference text NOT NULL,
        schedule               jsonb NOT NULL,
        -- { guarantor, percent, organisationId } of a guarantee fund, if any
        guarantee              jsonb,
        -- repaid principal returns to the lender's envelope
        revolving              boolean NOT NULL DEFAULT false,
        recorded_by            text NOT NULL,
        recorded_at            timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT loan_key UNIQUE (application_id, stage_id)
      )`);
    await q.query(`CREATE INDEX loan_lender_idx ON loan (lender_id, disbursed_on)`);
    await q.query(`
      CREATE TABLE loan_event (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        loan_id     uuid NOT NULL REFERENCES loan (id),
        kind        text NOT NULL CHECK (kind IN ('REPAYMENT', 'WRITE_OFF', 'RESCHEDULE')),
        reference   text NOT NULL CHECK (length(btrim(reference)) > 0),
        occurred_on date NOT NULL,
        amount      numeric(24, 6) CHECK (amount > 0),
        reason      text,
        -- a rescheduling's new instalments, computed on the borrower's calendar
        instalments jsonb,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT loan_event_reference UNIQUE (loan_id, reference),
        CONSTRAINT loan_event_amount CHECK ((kind = 'REPAYMENT') = (amount IS NOT NULL)),
        CONSTRAINT loan_event_instalments CHECK ((kind = 'RESCHEDULE') = (instalments IS NOT NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE loan_event`);
    await q.query(`DROP TABLE loan`);
    await q.query(`ALTER TABLE ledger_transaction DROP CONSTRAINT ledger_transaction_kind_check`);
    await q.query(`
      ALTER TABLE ledger_transaction ADD CONSTRAINT ledger_transaction_kind_check CHECK (kind IN (
        'PLEDGE', 'COMMITMENT', 'DISBURSEMENT', 'REFUND', 'CORRECTION'))`);
  }
}
