import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications: what each organisation asked to hear about (per programme, call or application,
 * by event kind, by signed webhook or e-mail, in its language), and a transactional outbox —
 * rows written in the same transaction as the events they announce, delivered in order per
 * subscription by the worker, retried with backoff, kept as dead letters when they cannot be.
 * Each new row wakes the delivery (`codev_outbox`) at commit.
 */
export class Notifications1763800100000 implements MigrationInterface {
  name = 'Notifications1763800100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification_subscription (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation (id),
        channel         text NOT NULL CHECK (channel IN ('WEBHOOK', 'EMAIL')),
        target          text NOT NULL CHECK (length(target) BETWEEN 3 AND 2000),
        secret          text,
        language        text NOT NULL CHECK (language IN ('es', 'fr', 'en')),
        programme_key   text,
        application_id  uuid REFERENCES application (id),
        call_id         uuid REFERENCES call (id),
        kinds           text[] NOT NULL DEFAULT '{}',
        created_by      text NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        cancelled_at    timestamptz,
        CONSTRAINT notification_webhook_secret CHECK (channel <> 'WEBHOOK' OR secret IS NOT NULL)
      )`);
    await q.query(
      `CREATE INDEX notification_subscription_organisation_idx
         ON notification_subscription (organisation_id, created_at) WHERE cancelled_at IS NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX notification_subscription_once_idx ON notification_subscription
         (organisation_id, channel, target, language, coalesce(programme_key, ''),
          coalesce(application_id, '00000000-0000-0000-0000-000000000000'),
          coalesce(call_id, '00000000-0000-0000-0000-000000000000'), kinds)
         WHERE cancelled_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE notification_outbox (
        id              bigserial PRIMARY KEY,
        subscription_id uuid NOT NULL REFERENCES notification_subscription (id),
        application_id  uuid,
        kind            text NOT NULL,
        payload         jsonb NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        status          text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DELIVERED', 'DEAD')),
        attempts        int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        delivered_at    timestamptz,
        last_error      text
      )`);
    // The head of each subscription's queue, and its dead letters.
    await q.query(
      `CREATE INDEX notification_outbox_pending_idx ON notification_outbox (subscription_id, id)
         WHERE status = 'PENDING'`,
    );
    await q.query(
      `CREATE INDEX notification_outbox_dead_idx ON notification_outbox (subscription_id, id)
         WHERE status = 'DEAD'`,
    );
    await q.query(`
      CREATE FUNCTION notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('codev_outbox', '');
        RETURN NULL;
      END $$`);
    // Per row but one notification per transaction: PostgreSQL folds equal payloads.
    await q.query(`CREATE TRIGGER notification_outbox_written AFTER INSERT OR UPDATE ON notification_outbox
                   FOR EACH ROW WHEN (NEW.status = 'PENDING') EXECUTE FUNCTION notify_outbox()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER notification_outbox_written ON notification_outbox`);
    await q.query(`DROP FUNCTION notify_outbox()`);
    await q.query(`DROP TABLE notification_outbox`);
    await q.query(`DROP TABLE notification_subscription`);
  }
}
