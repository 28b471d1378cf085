import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The change feed: every write to an application, a call or a call's list notifies the
 * channel `codev_changes` at commit, whoever wrote it; the API listens and pushes the change
 * to GraphQL subscribers. Notifications with the same payload in one transaction arrive once.
 */
export class ChangeFeed1763798900000 implements MigrationInterface {
  name = 'ChangeFeed1763798900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION notify_application_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('codev_changes',
          json_build_object('applicationId', NEW.id, 'callId', NEW.call_id)::text);
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER application_changed AFTER INSERT OR UPDATE ON application
                   FOR EACH ROW EXECUTE FUNCTION notify_application_change()`);
    await q.query(`
      CREATE FUNCTION notify_call_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('codev_changes', json_build_object('callId', NEW.id)::text);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION notify_selection_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('codev_changes', json_build_object('callId', NEW.call_id)::text);
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER call_changed AFTER INSERT OR UPDATE ON call
                   FOR EACH ROW EXECUTE FUNCTION notify_call_change()`);
    await q.query(`CREATE TRIGGER selection_entry_changed AFTER INSERT OR UPDATE ON selection_entry
                   FOR EACH ROW EXECUTE FUNCTION notify_selection_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER selection_entry_changed ON selection_entry`);
    await q.query(`DROP TRIGGER call_changed ON call`);
    await q.query(`DROP TRIGGER application_changed ON application`);
    await q.query(`DROP FUNCTION notify_selection_change`);
    await q.query(`DROP FUNCTION notify_call_change`);
    await q.query(`DROP FUNCTION notify_application_change`);
  }
}
