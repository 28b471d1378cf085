import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Communities and results: indicators of jurisdictions loaded from files (a marginalisation
 * index per municipality, with its source and year) for targeting; the published results of
 * community priority consultations; each project's indicators (baseline, target), the
 * actuals its monitoring reports and evaluation record, and its post-handover evaluation.
 */
export class CommunitiesAndResults1763800200000 implements MigrationInterface {
  name = 'CommunitiesAndResults1763800200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE jurisdiction_indicator (
        jurisdiction_id uuid NOT NULL REFERENCES jurisdiction (id),
        indicator       text NOT NULL CHECK (indicator ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
        year            integer NOT NULL CHECK (year BETWEEN 1900 AND 3000),
        value           numeric NOT NULL,
        source          text NOT NULL CHECK (length(source) BETWEEN 1 AND 500),
        loaded_at       timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (jurisdiction_id, indicator, year)
      )`);
    await q.query(
      `CREATE INDEX jurisdiction_indicator_indicator_idx ON jurisdiction_indicator (indicator, year)`,
    );
    await q.query(`
      CREATE TABLE consultation_result (
        application_id  uuid PRIMARY KEY REFERENCES application (id),
        stage_id        text NOT NULL,
        jurisdiction_id uuid NOT NULL REFERENCES jurisdiction (id),
        closed_at       timestamptz NOT NULL,
        voters          integer NOT NULL CHECK (voters >= 0),
        ranking         jsonb NOT NULL
      )`);
    await q.query(
      `CREATE INDEX consultation_result_jurisdiction_idx ON consultation_result (jurisdiction_id, closed_at DESC)`,
    );
    await q.query(`
      CREATE TABLE project_indicator (
        application_id uuid NOT NULL REFERENCES application (id),
        indicator      text NOT NULL,
        label          text NOT NULL,
        unit           text NOT NULL,
        baseline       numeric NOT NULL,
        target         numeric NOT NULL,
        PRIMARY KEY (application_id, indicator)
      )`);
    await q.query(`CREATE INDEX project_indicator_indicator_idx ON project_indicator (indicator)`);
    await q.query(`
      CREATE TABLE indicator_measurement (
        id             bigserial PRIMARY KEY,
        application_id uuid NOT NULL,
        indicator      text NOT NULL,
        value          numeric NOT NULL,
        stage_id       text NOT NULL,
        source         text NOT NULL CHECK (source IN ('MONITORING', 'EVALUATION')),
        report_type    text,
        measured_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
        FOREIGN KEY (application_id, indicator) REFERENCES project_indicator (application_id, indicator)
      )`);
    await q.query(
      `CREATE INDEX indicator_measurement_latest_idx ON indicator_measurement (application_id, indicator, measured_at DESC, id DESC)`,
    );
    await q.query(`
      CREATE TABLE project_evaluation (
        application_id uuid NOT NULL REFERENCES application (id),
        stage_id       text NOT NULL,
        in_use         text NOT NULL CHECK (in_use IN ('IN_USE', 'PARTLY_IN_USE', 'NOT_IN_USE')),
        jobs_created   integer NOT NULL CHECK (jobs_created >= 0),
        people_served  integer NOT NULL CHECK (people_served >= 0),
        uri            text NOT NULL,
        summary        text NOT NULL,
        evaluated_by   text NOT NULL,
        evaluated_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (application_id, stage_id)
      )`);
    await q.query(
      `CREATE INDEX project_evaluation_evaluated_idx ON project_evaluation (evaluated_at)`,
    );
    // The OECD DAC purpose code the programme maps the project's type to, where it says one.
    await q.query(`ALTER TABLE application ADD COLUMN dac_purpose text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE application DROP COLUMN dac_purpose`);
    await q.query(`DROP TABLE project_evaluation`);
    await q.query(`DROP TABLE indicator_measurement`);
    await q.query(`DROP TABLE project_indicator`);
    await q.query(`DROP TABLE consultation_result`);
    await q.query(`DROP TABLE jurisdiction_indicator`);
  }
}
