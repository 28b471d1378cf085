import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Exchange rates, kept through the API or loaded from a file (e.g. a central bank's
 * reference rates): a pledge in another currency takes its rate from here, with the source
 * and the date it is valid on — never from nowhere.
 */
export class ExchangeRates1763799000000 implements MigrationInterface {
  name = 'ExchangeRates1763799000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE exchange_rate (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        from_currency char(3) NOT NULL,
        to_currency   char(3) NOT NULL CHECK (to_currency <> from_currency),
        -- units of to_currency per one unit of from_currency
        rate          numeric(24, 10) NOT NULL CHECK (rate > 0),
        valid_on      date NOT NULL,
        source        text NOT NULL CHECK (length(btrim(source)) > 0),
        recorded_by   text NOT NULL,
        recorded_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT exchange_rate_key UNIQUE (from_currency, to_currency, valid_on, source)
      )`);
    await q.query(
      `CREATE INDEX exchange_rate_lookup_idx ON exchange_rate (from_currency, to_currency, valid_on DESC, recorded_at DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE exchange_rate`);
  }
}
