import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A programme's applications in submission order: the IATI file pages through them by
 * (submitted_at, id), and the unfiltered lists and exports of a programme read them so.
 */
export class ProgrammeApplicationsIndex1763800300000 implements MigrationInterface {
  name = 'ProgrammeApplicationsIndex1763800300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX application_programme_idx ON application (programme_id, submitted_at, id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX application_programme_idx`);
  }
}
