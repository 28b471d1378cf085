import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One engine: an application to a call is an application like any other, with its own
 * workflow; what the call's selection adds (completeness, scores, rank, grant) is the
 * selection stage's projection. Applications carry the fingerprint of the request that made
 * them (idempotent submissions) and a failed state with its reason.
 *
 * Call applications of the former model are not carried over: their workflows cannot run on
 * this engine.
 */
export class OneEngine1763798800000 implements MigrationInterface {
  name = 'OneEngine1763798800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE call_objection, call_recusal, call_score, call_application`);
    await q.query(`ALTER TABLE application
      ADD COLUMN call_id uuid REFERENCES call (id),
      ADD COLUMN fingerprint text,
      -- roles whose step the open stages wait for: what a client should offer next
      ADD COLUMN waiting_for text[] NOT NULL DEFAULT '{}',
      DROP CONSTRAINT application_status_check,
      ADD CONSTRAINT application_status_check CHECK (status IN
        ('IN_REVIEW', 'APPROVED', 'IN_EXECUTION', 'COMPLETED', 'REJECTED', 'WITHDRAWN', 'FAILED'))`);
    await q.query(
      `CREATE INDEX application_call_idx ON application (call_id, submitted_at, id) WHERE call_id IS NOT NULL`,
    );
    // A deadline is counted in the calendar and time zone of the party that must act.
    await q.query(`ALTER TABLE application_deadline
      ADD COLUMN time_zone text,
      ADD COLUMN calendar text,
      DROP CONSTRAINT application_deadline_status_check,
      ADD CONSTRAINT application_deadline_status_check CHECK (status IN ('OPEN', 'MET', 'EXPIRED', 'CLOSED'))`);

    await q.query(`
      CREATE TABLE selection_entry (
        application_id      uuid PRIMARY KEY REFERENCES application (id),
        call_id             uuid NOT NULL REFERENCES call (id),
        objective           text NOT NULL,
        requested_amount    numeric(24, 6) NOT NULL CHECK (requested_amount > 0),
        -- the NGO that carries the project out in the country of origin
        implementing_ngo_id uuid REFERENCES organisation (id),
        status              text NOT NULL CHECK (status IN ('SUBMITTED', 'COMPLETE', 'DEFECTIVE', 'SET_ASIDE',
                                                           'FUNDED', 'RESERVE', 'EXCLUDED', 'WITHDRAWN')),
        documents           jsonb NOT NULL DEFAULT '[]',
        defects             jsonb NOT NULL DEFAULT '[]',
        total_score         numeric(9, 4),
        score_by_criterion  jsonb,
        rank                integer,
        granted             numeric(24, 6),
        partial_grant       boolean NOT NULL DEFAULT false
      )`);
    await q.query(`CREATE INDEX selection_entry_call_idx ON selection_entry (call_id, status)`);
    await q.query(`CREATE INDEX selection_entry_rank_idx ON selection_entry (call_id, rank)`);
    await q.query(`
      CREATE TABLE selection_score (
        application_id uuid NOT NULL REFERENCES selection_entry (application_id),
        evaluator      text NOT NULL,
        criterion_id   text NOT NULL,
        score          numeric(12, 4) NOT NULL CHECK (score >= 0),
        reason         text NOT NULL CHECK (length(btrim(reason)) > 0),
        scored_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (application_id, evaluator, criterion_id)
      )`);
    await q.query(`
      CREATE TABLE selection_recusal (
        application_id uuid NOT NULL REFERENCES selection_entry (application_id),
        evaluator      text NOT NULL,
        reason         text NOT NULL CHECK (length(btrim(reason)) > 0),
        recused_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (application_id, evaluator)
      )`);
    await q.query(`
      CREATE TABLE selection_objection (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL REFERENCES selection_entry (application_id),
        lodged_by      text NOT NULL,
        text           text NOT NULL CHECK (length(btrim(text)) > 0),
        lodged_at      timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(
      `CREATE INDEX selection_objection_idx ON selection_objection (application_id, lodged_at)`,
    );
    // Each transition of an application is written once: a retried activity finds its marker
    // and answers with the results it gave the first time.
    await q.query(`
      CREATE TABLE application_transition (
        application_id uuid NOT NULL,
        seq            integer NOT NULL,
        -- what the transition was: a retry must be the same transition, not another with its number
        digest         text NOT NULL,
        results        jsonb NOT NULL,
        applied_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (application_id, seq)
      )`);
    // A failure the engine could not get past. No foreign key: it is written even when the
    // application row it names is missing, which is one of the failures it reports.
    await q.query(`
      CREATE TABLE application_failure (
        application_id uuid PRIMARY KEY,
        workflow_id    text NOT NULL,
        stage_id       text,
        reason         text NOT NULL,
        failed_at      timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP TABLE application_transition, application_failure, selection_objection, selection_recusal, selection_score, selection_entry`,
    );
    await q.query(`DELETE FROM application WHERE call_id IS NOT NULL OR status = 'FAILED'`);
    await q.query(`ALTER TABLE application DROP COLUMN call_id, DROP COLUMN fingerprint, DROP COLUMN waiting_for,
      DROP CONSTRAINT application_status_check,
      ADD CONSTRAINT application_status_check CHECK (status IN
        ('IN_REVIEW', 'APPROVED', 'IN_EXECUTION', 'COMPLETED', 'REJECTED', 'WITHDRAWN'))`);
    await q.query(`UPDATE application_deadline SET status = 'MET' WHERE status = 'CLOSED'`);
    await q.query(`ALTER TABLE application_deadline DROP COLUMN time_zone, DROP COLUMN calendar,
      DROP CONSTRAINT application_deadline_status_check,
      ADD CONSTRAINT application_deadline_status_check CHECK (status IN ('OPEN', 'MET', 'EXPIRED'))`);
    // The former model's tables come back empty: their rows were not kept.
    await q.query(`
      CREATE TABLE call_application (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(), call_id uuid NOT NULL REFERENCES call (id),
        applicant_id uuid NOT NULL REFERENCES organisation (id),
        title text NOT NULL CHECK (length(btrim(title)) > 0), sector text NOT NULL,
        country_of_origin char(2) NOT NULL, objective text NOT NULL,
        total_amount numeric(24, 6) NOT NULL CHECK (total_amount > 0),
        requested_amount numeric(24, 6) NOT NULL CHECK (requested_amount > 0 AND requested_amount <= total_amount),
        currency char(3) NOT NULL,
        status text NOT NULL CHECK (status IN ('SUBMITTED', 'COMPLETE', 'DEFECTIVE', 'SET_ASIDE',
                                               'FUNDED', 'RESERVE', 'EXCLUDED', 'WITHDRAWN')),
        documents jsonb NOT NULL DEFAULT '[]', defects jsonb NOT NULL DEFAULT '[]',
        total_score numeric(9, 4), score_by_criterion jsonb, rank integer, granted numeric(24, 6),
        partial_grant boolean NOT NULL DEFAULT false,
        implementing_ngo_id uuid REFERENCES organisation (id), application_id uuid REFERENCES application (id),
        submitted_by text NOT NULL, submitted_at timestamptz NOT NULL DEFAULT clock_timestamp())`);
    await q.query(`
      CREATE TABLE call_score (
        call_application_id uuid NOT NULL REFERENCES call_application (id), evaluator text NOT NULL,
        criterion_id text NOT NULL, score numeric(12, 4) NOT NULL CHECK (score >= 0),
        reason text NOT NULL CHECK (length(btrim(reason)) > 0), scored_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (call_application_id, evaluator, criterion_id))`);
    await q.query(`
      CREATE TABLE call_recusal (
        call_application_id uuid NOT NULL REFERENCES call_application (id), evaluator text NOT NULL,
        reason text NOT NULL CHECK (length(btrim(reason)) > 0), recused_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (call_application_id, evaluator))`);
    await q.query(`
      CREATE TABLE call_objection (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        call_application_id uuid NOT NULL REFERENCES call_application (id), lodged_by text NOT NULL,
        text text NOT NULL CHECK (length(btrim(text)) > 0), lodged_at timestamptz NOT NULL DEFAULT clock_timestamp())`);
  }
}
