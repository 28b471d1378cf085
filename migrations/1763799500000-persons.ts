import { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS_BEFORE = `'GOVERNMENT_BODY', 'MIGRANT_CLUB', 'FEDERATION_OF_CLUBS', 'IMMIGRANT_ASSOCIATION', 'NGO',
  'PRIVATE_COMPANY', 'FINANCIAL_INSTITUTION', 'INTERNATIONAL_ORGANISATION', 'UNIVERSITY', 'COMMUNITY_COMMITTEE'`;

/**
 * Persons as parties (a migrant who borrows or saves): the organisation row holds only a
 * public alias; who the person is lives in person_detail, read by the person and by the
 * institutions that lend to them or keep their savings, never by anyone else.
 */
export class Persons1763799500000 implements MigrationInterface {
  name = 'Persons1763799500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organisation DROP CONSTRAINT organisation_kind_check`);
    await q.query(
      `ALTER TABLE organisation ADD CONSTRAINT organisation_kind_check CHECK (kind IN (${KINDS_BEFORE}, 'PERSON'))`,
    );
    await q.query(`
      CREATE TABLE person_detail (
        organisation_id uuid PRIMARY KEY REFERENCES organisation (id),
        legal_name      text NOT NULL CHECK (length(btrim(legal_name)) > 0),
        birth_date      date,
        identity_document text,
        phone           text,
        email           text,
        address         text,
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE person_detail`);
    await q.query(`ALTER TABLE organisation DROP CONSTRAINT organisation_kind_check`);
    await q.query(
      `ALTER TABLE organisation ADD CONSTRAINT organisation_kind_check CHECK (kind IN (${KINDS_BEFORE}))`,
    );
  }
}
