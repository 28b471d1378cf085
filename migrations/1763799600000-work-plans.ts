import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Agreements' annual work plans: proposed by a co-chair with each component's allocations for
 * the year, decided by the joint steering committee in the plan's own workflow. One plan per
 * agreement and year is live (proposed or approved); a rejected one may be proposed anew.
 */
export class WorkPlans1763799600000 implements MigrationInterface {
  name = 'WorkPlans1763799600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agreement_work_plan (
        id                       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agreement_id             uuid NOT NULL REFERENCES agreement (id),
        year                     int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        status                   text NOT NULL CHECK (status IN ('PROPOSED', 'APPROVED', 'REJECTED')),
        -- [{ component, funder, amount, currency }]
        allocations              jsonb NOT NULL,
        note                     text,
        fingerprint              text NOT NULL,
        votes_by                 timestamptz NOT NULL,
        workflow_id              text NOT NULL,
        proposed_by              text NOT NULL,
        proposed_by_organisation uuid NOT NULL REFERENCES organisation (id),
        proposed_at              timestamptz NOT NULL DEFAULT now(),
        -- [{ role, subject, vote, reason }], once decided
        votes                    jsonb,
        reason                   text,
        decided_at               timestamptz,
        CONSTRAINT agreement_work_plan_decided CHECK ((status = 'PROPOSED') = (decided_at IS NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX agreement_work_plan_live ON agreement_work_plan (agreement_id, year) WHERE status <> 'REJECTED'`,
    );
    await q.query(
      `CREATE INDEX agreement_work_plan_agreement_idx ON agreement_work_plan (agreement_id, year, proposed_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE agreement_work_plan`);
  }
}
