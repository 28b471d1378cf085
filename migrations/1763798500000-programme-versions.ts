import { MigrationInterface, QueryRunner } from 'typeorm';

/** Programmes and their versions: drafts are editable, published versions are immutable. */
export class ProgrammeVersions1763798500000 implements MigrationInterface {
  name = 'ProgrammeVersions1763798500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE programme (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        key        text NOT NULL CONSTRAINT programme_key_key UNIQUE,
        name       text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE programme_version (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        programme_id uuid NOT NULL REFERENCES programme (id),
        version      integer NOT NULL CHECK (version > 0),
        status       text NOT NULL CHECK (status IN ('DRAFT', 'PUBLISHED', 'RETIRED')),
        rules_label  text NOT NULL,
        definition   jsonb NOT NULL,
        created_by   text NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        retired_at   timestamptz,
        CONSTRAINT programme_version_number_key UNIQUE (programme_id, version)
      )`);
    // One draft being edited and one version in force at a time, per programme.
    await q.query(
      `CREATE UNIQUE INDEX programme_version_one_draft ON programme_version (programme_id) WHERE status = 'DRAFT'`,
    );
    await q.query(
      `CREATE UNIQUE INDEX programme_version_one_in_force ON programme_version (programme_id) WHERE status = 'PUBLISHED'`,
    );
    // Applications are pinned to a version: once published, its rules must never change under them.
    await q.query(`
      CREATE FUNCTION programme_version_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status <> 'DRAFT' AND NEW.definition IS DISTINCT FROM OLD.definition THEN
          RAISE EXCEPTION 'programme version % is % and cannot change', OLD.id, OLD.status
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF (OLD.status, NEW.status) NOT IN (('DRAFT','DRAFT'), ('DRAFT','PUBLISHED'), ('PUBLISHED','PUBLISHED'),
                                           ('PUBLISHED','RETIRED'), ('RETIRED','RETIRED')) THEN
          RAISE EXCEPTION 'programme version cannot go from % to %', OLD.status, NEW.status
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER programme_version_guard BEFORE UPDATE ON programme_version
                   FOR EACH ROW EXECUTE FUNCTION programme_version_guard()`);
    await q.query(`CREATE FUNCTION programme_version_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status <> 'DRAFT' THEN
          RAISE EXCEPTION 'programme version % is % and cannot be deleted', OLD.id, OLD.status
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
      END $$`);
    await q.query(`CREATE TRIGGER programme_version_no_delete BEFORE DELETE ON programme_version
                   FOR EACH ROW EXECUTE FUNCTION programme_version_no_delete()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE programme_version`);
    await q.query(`DROP FUNCTION programme_version_guard`);
    await q.query(`DROP FUNCTION programme_version_no_delete`);
    await q.query(`DROP TABLE programme`);
  }
}
