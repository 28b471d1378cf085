import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An application's itemised budget (expert days at a daily rate, trips…), where its
 * programme declares cost items: the lines as priced at submission, their sum the total.
 */
export class CostItems1763799700000 implements MigrationInterface {
  name = 'CostItems1763799700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE application ADD COLUMN cost_items jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE application DROP COLUMN cost_items`);
  }
}
