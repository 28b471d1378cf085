import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who stewards a programme and who published a directive. A programme belongs to the
 * organisation whose designer created it (NULL: the platform's, loaded from files or created
 * by a platform administrator); only that organisation's designers, or a platform
 * administrator, may change, publish or retire it. A directive records the national body
 * that published it (NULL: a platform administrator).
 */
export class Stewardship1763800000000 implements MigrationInterface {
  name = 'Stewardship1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE programme ADD COLUMN owner_organisation_id uuid REFERENCES organisation (id)`,
    );
    await q.query(
      `CREATE INDEX programme_owner_idx ON programme (owner_organisation_id, key)
        WHERE owner_organisation_id IS NOT NULL`,
    );
    await q.query(
      `ALTER TABLE directive ADD COLUMN published_by_organisation_id uuid REFERENCES organisation (id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE directive DROP COLUMN published_by_organisation_id`);
    await q.query(`DROP INDEX programme_owner_idx`);
    await q.query(`ALTER TABLE programme DROP COLUMN owner_organisation_id`);
  }
}
