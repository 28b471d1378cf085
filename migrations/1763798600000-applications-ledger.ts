import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Applications with the projections the workflow keeps of them (status, history, deadlines,
 * documents), and the money: an append-only double-entry ledger and envelopes that the
 * database itself refuses to over-commit.
 */
export class ApplicationsLedger1763798600000 implements MigrationInterface {
  name = 'ApplicationsLedger1763798600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE application (
        id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        programme_id            uuid NOT NULL REFERENCES programme (id),
        programme_version_id    uuid NOT NULL REFERENCES programme_version (id),
        title                   text NOT NULL CHECK (length(btrim(title)) > 0),
        sector                  text NOT NULL,
        applicant_id            uuid NOT NULL REFERENCES organisation (id),
        project_jurisdiction_id uuid NOT NULL REFERENCES jurisdiction (id),
        -- denormalised from the project jurisdiction so that lists filter on indexed columns
        country_code            char(2) NOT NULL,
        subdivision_code        text,
        municipality_code       text,
        total_amount            numeric(24, 6) NOT NULL CHECK (total_amount > 0),
        currency                char(3) NOT NULL,
        funding_split           jsonb NOT NULL,
        status                  text NOT NULL CHECK (status IN ('IN_REVIEW', 'APPROVED', 'IN_EXECUTION', 'COMPLETED', 'REJECTED', 'WITHDRAWN')),
        active_stages           text[] NOT NULL DEFAULT '{}',
        -- the workflow numbers its projections; parallel branches may deliver them out of order
        projection_seq          integer NOT NULL DEFAULT 0,
        workflow_id             text NOT NULL CONSTRAINT application_workflow_key UNIQUE,
        submitted_by            text NOT NULL,
        submitted_at            timestamptz NOT NULL DEFAULT now(),
        submitted_year          integer NOT NULL,
        closed_at               timestamptz,
        disbursement_timeline   jsonb,
        certificate             jsonb,
        plaque_text             text
      )`);
    for (const column of [
      'status',
      'subdivision_code',
      'municipality_code',
      'sector',
      'submitted_year',
      'applicant_id',
    ]) {
      await q.query(
        `CREATE INDEX application_${column}_idx ON application (programme_id, ${column}, submitted_at, id)`,
      );
    }
    await q.query(`CREATE INDEX application_submitted_idx ON application (submitted_at, id)`);

    await q.query(`
      CREATE TABLE application_party (
        application_id  uuid NOT NULL REFERENCES application (id),
        role            text NOT NULL,
        organisation_id uuid NOT NULL REFERENCES organisation (id),
        PRIMARY KEY (application_id, role)
      )`);
    await q.query(
      `CREATE INDEX application_party_organisation_idx ON application_party (organisation_id, application_id)`,
    );

    await q.query(`
      CREATE TABLE application_event (
        id                    bigserial PRIMARY KEY,
        application_id        uuid NOT NULL REFERENCES application (id),
        event_key             text NOT NULL,
        stage_id              text,
        kind                  text NOT NULL,
        actor_subject         text,
        actor_organisation_id uuid REFERENCES organisation (id),
        actor_role            text,
        reason                text,
        detail                jsonb NOT NULL DEFAULT '{}',
        occurred_at           timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT application_event_key UNIQUE (application_id, event_key)
      )`);

    await q.query(`
      CREATE TABLE application_deadline (
        application_id uuid NOT NULL REFERENCES application (id),
        stage_id       text NOT NULL,
        due_at         timestamptz NOT NULL,
        status         text NOT NULL CHECK (status IN ('OPEN', 'MET', 'EXPIRED')),
        PRIMARY KEY (application_id, stage_id)
      )`);
    await q.query(
      `CREATE INDEX application_deadline_open_idx ON application_deadline (due_at) WHERE status = 'OPEN'`,
    );

    await q.query(`
      CREATE TABLE application_document (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id  uuid NOT NULL REFERENCES application (id),
        stage_id        text,
        document_type   text NOT NULL,
        uri             text NOT NULL,
        organisation_id uuid REFERENCES organisation (id),
        submitted_by    text NOT NULL,
        submitted_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX application_document_idx ON application_document (application_id, submitted_at)`,
    );

    // A funder's yearly ceiling in a programme; committed can never pass amount.
    await q.query(`
      CREATE TABLE envelope (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        programme_id uuid NOT NULL REFERENCES programme (id),
        funder_role  text NOT NULL,
        year         integer NOT NULL,
        currency     char(3) NOT NULL,
        amount       numeric(24, 6) NOT NULL CHECK (amount > 0),
        committed    numeric(24, 6) NOT NULL DEFAULT 0,
        CONSTRAINT envelope_key UNIQUE (programme_id, funder_role, year),
        CONSTRAINT envelope_not_overcommitted CHECK (committed >= 0 AND committed <= amount)
      )`);

    await q.query(`
      CREATE TABLE ledger_transaction (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        idempotency_key text NOT NULL CONSTRAINT ledger_transaction_idempotency_key UNIQUE,
        kind            text NOT NULL CHECK (kind IN ('PLEDGE', 'COMMITMENT', 'DISBURSEMENT', 'REFUND', 'CORRECTION')),
        application_id  uuid REFERENCES application (id),
        description     text NOT NULL,
        occurred_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE ledger_posting (
        id               bigserial PRIMARY KEY,
        transaction_id   uuid NOT NULL REFERENCES ledger_transaction (id),
        account          text NOT NULL,
        application_id   uuid REFERENCES application (id),
        party_role       text,
        organisation_id  uuid REFERENCES organisation (id),
        amount           numeric(24, 6) NOT NULL CHECK (amount <> 0),
        currency         char(3) NOT NULL,
        -- where money was pledged in another currency: that amount and the rate used
        original_amount  numeric(24, 6),
        original_currency char(3),
        exchange_rate    numeric(24, 10)
      )`);
    await q.query(
      `CREATE INDEX ledger_posting_application_idx ON ledger_posting (application_id, account)`,
    );
    await q.query(`CREATE INDEX ledger_posting_account_idx ON ledger_posting (account)`);
    await q.query(`CREATE INDEX ledger_posting_transaction_idx ON ledger_posting (transaction_id)`);

    // Double entry: each transaction's postings balance per currency, checked at commit.
    await q.query(`
      CREATE FUNCTION ledger_transaction_balances() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE unbalanced record;
      BEGIN
        SELECT currency, sum(amount) AS total INTO unbalanced FROM ledger_posting
          WHERE transaction_id = NEW.transaction_id GROUP BY currency HAVING sum(amount) <> 0 LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'ledger transaction % does not balance in %: %', NEW.transaction_id, unbalanced.currency, unbalanced.total
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE CONSTRAINT TRIGGER ledger_posting_balanced AFTER INSERT ON ledger_posting
                   DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_transaction_balances()`);
    // Postings are never changed or removed: corrections are new postings.
    await q.query(`
      CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'integrity_constraint_violation';
      END $$`);
    await q.query(`CREATE TRIGGER ledger_posting_append_only BEFORE UPDATE OR DELETE ON ledger_posting
                   FOR EACH ROW EXECUTE FUNCTION ledger_append_only()`);
    await q.query(`CREATE TRIGGER ledger_transaction_append_only BEFORE UPDATE OR DELETE ON ledger_transaction
                   FOR EACH ROW EXECUTE FUNCTION ledger_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ledger_posting`);
    await q.query(`DROP TABLE ledger_transaction`);
    await q.query(`DROP FUNCTION ledger_append_only`);
    await q.query(`DROP FUNCTION ledger_transaction_balances`);
    await q.query(`DROP TABLE envelope`);
    await q.query(`DROP TABLE application_document`);
    await q.query(`DROP TABLE application_deadline`);
    await q.query(`DROP TABLE application_event`);
    await q.query(`DROP TABLE application_party`);
    await q.query(`DROP TABLE application`);
  }
}
