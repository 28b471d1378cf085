import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail: one row per mutation — who (subject, organisation, roles), when, what
 * (the operation, its target and its arguments with personal data removed), how it ended,
 * and the target's state before and after. Append-only: a trigger refuses UPDATE, DELETE
 * and TRUNCATE to every role the API connects as.
 */
export class AuditTrail1763799900000 implements MigrationInterface {
  name = 'AuditTrail1763799900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_entry (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
        subject         text,
        organisation_id uuid,
        roles           text[] NOT NULL DEFAULT '{}',
        operation       text NOT NULL,
        -- e.g. application:<id>, programme:<key>, organisation:<id>
        target          text,
        arguments       jsonb NOT NULL,
        -- OK, or the error code the caller got
        outcome         text NOT NULL,
        before          jsonb,
        after           jsonb
      )`);
    await q.query(`CREATE INDEX audit_entry_time_idx ON audit_entry (id DESC)`);
    await q.query(`CREATE INDEX audit_entry_target_idx ON audit_entry (target, id DESC)`);
    await q.query(`CREATE INDEX audit_entry_subject_idx ON audit_entry (subject, id DESC)`);
    await q.query(`
      CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
                   FOR EACH ROW EXECUTE FUNCTION audit_append_only()`);
    await q.query(`CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
                   FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_entry`);
    await q.query(`DROP FUNCTION audit_append_only()`);
  }
}
