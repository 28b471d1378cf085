import { MigrationInterface, QueryRunner } from 'typeorm';

/** National directives, calls for proposals and the applications they receive. */
export class Calls1763798700000 implements MigrationInterface {
  name = 'Calls1763798700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE directive (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        key         text NOT NULL CONSTRAINT directive_key_key UNIQUE,
        definition  jsonb NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE call (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        key          text NOT NULL CONSTRAINT call_key_key UNIQUE,
        issuer_id    uuid NOT NULL REFERENCES organisation (id),
        programme_id uuid NOT NULL REFERENCES programme (id),
        definition   jsonb NOT NULL,
        -- SCHEDULED → OPEN → CLOSED (completeness, defects being fixed) → EVALUATION →
        -- PROVISIONAL (resolution published, objections period) → RESOLVED
        status       text NOT NULL CHECK (status IN ('SCHEDULED', 'OPEN', 'CLOSED', 'EVALUATION', 'PROVISIONAL', 'RESOLVED')),
        phase_deadline timestamptz,
        opens_at     timestamptz NOT NULL,
        closes_at    timestamptz NOT NULL CHECK (closes_at > opens_at),
        envelope_id  uuid NOT NULL REFERENCES envelope (id),
        workflow_id  text NOT NULL CONSTRAINT call_workflow_key UNIQUE,
        published_by text NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX call_issuer_idx ON call (issuer_id, opens_at, id)`);
    await q.query(`CREATE INDEX call_opens_idx ON call (opens_at, id)`);
    await q.query(`
      CREATE TABLE call_application (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        call_id           uuid NOT NULL REFERENCES call (id),
        applicant_id      uuid NOT NULL REFERENCES organisation (id),
        title             text NOT NULL CHECK (length(btrim(title)) > 0),
        sector            text NOT NULL,
        country_of_origin char(2) NOT NULL,
        objective         text NOT NULL,
        total_amount      numeric(24, 6) NOT NULL CHECK (total_amount > 0),
        requested_amount  numeric(24, 6) NOT NULL CHECK (requested_amount > 0 AND requested_amount <= total_amount),
        currency          char(3) NOT NULL,
        status            text NOT NULL CHECK (status IN ('SUBMITTED', 'COMPLETE', 'DEFECTIVE', 'SET_ASIDE',
                                                         'FUNDED', 'RESERVE', 'EXCLUDED', 'WITHDRAWN')),
        documents         jsonb NOT NULL DEFAULT '[]',
        defects           jsonb NOT NULL DEFAULT '[]',
        total_score       numeric(9, 4),
        score_by_criterion jsonb,
        rank              integer,
        granted           numeric(24, 6),
        partial_grant     boolean NOT NULL DEFAULT false,
        -- the NGO that carries the project out in the country of origin
        implementing_ngo_id uuid REFERENCES organisation (id),
        -- the project a funded application became, under the call's programme
        application_id    uuid REFERENCES application (id),
        submitted_by      text NOT NULL,
        -- the database's clock at insert: the one clock every submission is judged by
        submitted_at      timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(
      `CREATE INDEX call_application_call_idx ON call_application (call_id, submitted_at, id)`,
    );
    await q.query(
      `CREATE INDEX call_application_applicant_idx ON call_application (applicant_id, submitted_at, id)`,
    );
    await q.query(`CREATE INDEX call_application_rank_idx ON call_application (call_id, rank)`);
    await q.query(`
      CREATE TABLE call_score (
        call_application_id uuid NOT NULL REFERENCES call_application (id),
        evaluator           text NOT NULL,
        criterion_id        text NOT NULL,
        score               numeric(12, 4) NOT NULL CHECK (score >= 0),
        reason              text NOT NULL CHECK (length(btrim(reason)) > 0),
        scored_at           timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (call_application_id, evaluator, criterion_id)
      )`);
    await q.query(`
      CREATE TABLE call_recusal (
        call_application_id uuid NOT NULL REFERENCES call_application (id),
        evaluator           text NOT NULL,
        reason              text NOT NULL CHECK (length(btrim(reason)) > 0),
        recused_at          timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (call_application_id, evaluator)
      )`);
    await q.query(`
      CREATE TABLE call_objection (
        id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        call_application_id uuid NOT NULL REFERENCES call_application (id),
        lodged_by           text NOT NULL,
        text                text NOT NULL CHECK (length(btrim(text)) > 0),
        lodged_at           timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(
      `CREATE INDEX call_objection_application_idx ON call_objection (call_application_id, lodged_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE call_objection`);
    await q.query(`DROP TABLE call_recusal`);
    await q.query(`DROP TABLE call_score`);
    await q.query(`DROP TABLE call_application`);
    await q.query(`DROP TABLE call`);
    await q.query(`DROP TABLE directive`);
  }
}
