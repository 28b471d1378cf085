import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Co-development agreements between states (agreements/), and envelopes that belong to one of
 * their components rather than to a programme: every programme under the component draws on
 * them, so a year's budget holds across programmes.
 */
export class Agreements1763799300000 implements MigrationInterface {
  name = 'Agreements1763799300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agreement (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        key        text NOT NULL CONSTRAINT agreement_key UNIQUE,
        name       text NOT NULL,
        definition jsonb NOT NULL,
        -- role → organisation id, bound when the file is loaded
        parties    jsonb NOT NULL,
        loaded_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`ALTER TABLE envelope ALTER COLUMN programme_id DROP NOT NULL`);
    await q.query(`
      ALTER TABLE envelope
        ADD COLUMN agreement_id uuid REFERENCES agreement (id),
        ADD COLUMN component    text,
        ADD CONSTRAINT envelope_owner CHECK (
          (programme_id IS NOT NULL AND agreement_id IS NULL AND component IS NULL) OR
          (programme_id IS NULL AND agreement_id IS NOT NULL AND component IS NOT NULL))`);
    await q.query(`
      CREATE UNIQUE INDEX envelope_component_key ON envelope (agreement_id, component, funder_role, year)
        WHERE agreement_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM envelope WHERE agreement_id IS NOT NULL`);
    await q.query(`DROP INDEX envelope_component_key`);
    await q.query(
      `ALTER TABLE envelope DROP CONSTRAINT envelope_owner, DROP COLUMN component, DROP COLUMN agreement_id`,
    );
    await q.query(`ALTER TABLE envelope ALTER COLUMN programme_id SET NOT NULL`);
    await q.query(`DROP TABLE agreement`);
  }
}
