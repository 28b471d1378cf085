import { MigrationInterface, QueryRunner } from 'typeorm';

/** Jurisdictions and organisations: the parties every programme is built from. */
export class PlatformOrganisations1763798400000 implements MigrationInterface {
  name = 'PlatformOrganisations1763798400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE jurisdiction (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code         text NOT NULL,
        name         text NOT NULL CHECK (length(btrim(name)) > 0),
        kind         text NOT NULL CHECK (kind IN ('COUNTRY', 'SUBDIVISION', 'MUNICIPALITY')),
        country_code char(2) NOT NULL,
        parent_id    uuid REFERENCES jurisdiction (id),
        time_zone    text,
        created_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT jurisdiction_code_key UNIQUE (code),
        -- a country has no parent; everything else sits inside one
        CONSTRAINT jurisdiction_parent_chk CHECK ((kind = 'COUNTRY') = (parent_id IS NULL))
      )`);
    await q.query(`CREATE INDEX jurisdiction_parent_idx ON jurisdiction (parent_id, code)`);
    await q.query(
      `CREATE INDEX jurisdiction_country_kind_idx ON jurisdiction (country_code, kind, code)`,
    );

    await q.query(`
      CREATE TABLE organisation (
        id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name                   text NOT NULL CHECK (length(btrim(name)) > 0),
        -- case- and space-insensitive name, for duplicate detection and sorting
        name_key               text NOT NULL,
        kind                   text NOT NULL CHECK (kind IN ('GOVERNMENT_BODY', 'MIGRANT_CLUB',
                                 'FEDERATION_OF_CLUBS', 'IMMIGRANT_ASSOCIATION', 'NGO', 'PRIVATE_COMPANY',
                                 'FINANCIAL_INSTITUTION', 'INTERNATIONAL_ORGANISATION', 'UNIVERSITY',
                                 'COMMUNITY_COMMITTEE')),
        country_of_residence   char(2) NOT NULL,
        jurisdiction_id        uuid REFERENCES jurisdiction (id),
        government_level       text CHECK (government_level IN ('NATIONAL', 'REGIONAL', 'LOCAL')),
        origin_jurisdiction_id uuid REFERENCES jurisdiction (id),
        registration_number    text,
        created_by             text NOT NULL,
        created_at             timestamptz NOT NULL DEFAULT now(),
        updated_at             timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT organisation_identity_key UNIQUE (kind, country_of_residence, name_key),
        -- a government body, and only it, has a level; it always governs a jurisdiction
        CONSTRAINT organisation_level_chk CHECK ((kind = 'GOVERNMENT_BODY') = (government_level IS NOT NULL)),
        CONSTRAINT organisation_governs_chk CHECK (kind <> 'GOVERNMENT_BODY' OR jurisdiction_id IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX organisation_name_idx ON organisation (name_key, id)`);
    await q.query(`CREATE INDEX organisation_kind_name_idx ON organisation (kind, name_key, id)`);
    await q.query(
      `CREATE INDEX organisation_country_name_idx ON organisation (country_of_residence, name_key, id)`,
    );
    await q.query(
      `CREATE INDEX organisation_jurisdiction_idx ON organisation (jurisdiction_id, name_key, id)`,
    );
    await q.query(
      `CREATE INDEX organisation_origin_idx ON organisation (origin_jurisdiction_id, name_key, id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE organisation`);
    await q.query(`DROP TABLE jurisdiction`);
  }
}
