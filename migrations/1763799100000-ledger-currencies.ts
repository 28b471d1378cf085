import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Money in every currency: a posting's amount is in the currency of the party that pays or
 * receives it, beside its programme-currency equivalent (`base_amount`) and the rate, with
 * its source and date. A transaction balances in each currency and in the programme's; an
 * exchange difference between commitment and payment is a posting of its own.
 */
export class LedgerCurrencies1763799100000 implements MigrationInterface {
  name = 'LedgerCurrencies1763799100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ledger_posting
      ADD COLUMN base_amount numeric(24, 6),
      ADD COLUMN base_currency char(3),
      ADD COLUMN rate_source text,
      ADD COLUMN rate_date date`);
    // Postings so far were in the programme's currency; a pledge's own amount sat beside them.
    await q.query(`ALTER TABLE ledger_posting DISABLE TRIGGER ledger_posting_append_only`);
    await q.query(`UPDATE ledger_posting SET base_amount = amount, base_currency = currency`);
    await q.query(`UPDATE ledger_posting SET amount = sign(base_amount) * original_amount, currency = original_currency
                   WHERE original_amount IS NOT NULL AND original_amount <> 0`);
    await q.query(`ALTER TABLE ledger_posting ENABLE TRIGGER ledger_posting_append_only`);
    await q.query(`ALTER TABLE ledger_posting
      ALTER COLUMN base_amount SET NOT NULL,
      ALTER COLUMN base_currency SET NOT NULL,
      DROP COLUMN original_amount,
      DROP COLUMN original_currency`);
    await q.query(`ALTER TABLE ledger_posting RENAME COLUMN exchange_rate TO rate`);
    await q.query(`
      CREATE OR REPLACE FUNCTION ledger_transaction_balances() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE unbalanced record;
      BEGIN
        SELECT currency, sum(amount) AS total INTO unbalanced FROM ledger_posting
          WHERE transaction_id = NEW.transaction_id GROUP BY currency HAVING sum(amount) <> 0 LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'ledger transaction % does not balance in %: %', NEW.transaction_id, unbalanced.currency, unbalanced.total
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        SELECT base_currency AS currency, sum(base_amount) AS total INTO unbalanced FROM ledger_posting
          WHERE transaction_id = NEW.transaction_id GROUP BY base_currency HAVING sum(base_amount) <> 0 LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'ledger transaction % does not balance in its programme currency %: %', NEW.transaction_id, unbalanced.currency, unbalanced.total
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NULL;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ledger_posting RENAME COLUMN rate TO exchange_rate`);
    await q.query(
      `ALTER TABLE ledger_posting ADD COLUMN original_amount numeric(24, 6), ADD COLUMN original_currency char(3)`,
    );
    await q.query(`ALTER TABLE ledger_posting DISABLE TRIGGER ledger_posting_append_only`);
    await q.query(`UPDATE ledger_posting SET original_amount = abs(amount), original_currency = currency,
                     amount = base_amount, currency = base_currency WHERE currency <> base_currency`);
    await q.query(`ALTER TABLE ledger_posting ENABLE TRIGGER ledger_posting_append_only`);
    await q.query(`ALTER TABLE ledger_posting DROP COLUMN base_amount, DROP COLUMN base_currency,
                     DROP COLUMN rate_source, DROP COLUMN rate_date`);
    await q.query(`
      CREATE OR REPLACE FUNCTION ledger_transaction_balances() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE unbalanced record;
      BEGIN
        SELECT currency, sum(amount) AS total INTO unbalanced FROM ledger_posting
          WHERE transaction_id = NEW.transaction_id GROUP BY currency HAVING sum(amount) <> 0 LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'ledger transaction % does not balance in %: %', NEW.transaction_id, unbalanced.currency, unbalanced.total
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NULL;
      END $$`);
  }
}
