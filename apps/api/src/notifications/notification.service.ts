import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { hasRole, type Principal, Role } from '@codev/auth';
import { AppConfig } from '@codev/config';
import { CodevError } from '@codev/domain';
import { Notification, NotificationSubscription } from './notification.model';
import { SubscribeToNotificationsInput } from './subscribe-notifications.input';
import { targetProblem } from './notification-target';

type SubscriptionRow = {
  id: string;
  organisation_id: string;
  channel: NotificationSubscription['channel'];
  target: string;
  language: NotificationSubscription['language'];
  programme_key: string | null;
  application_id: string | null;
  call_id: string | null;
  kinds: string[];
  secret: string | null;
  created_at: Date;
};
const toSubscription = (r: SubscriptionRow, withSecret: boolean): NotificationSubscription => ({
  id: r.id,
  organisationId: r.organisation_id,
  channel: r.channel,
  target: r.target,
  language: r.language,
  programmeKey: r.programme_key,
  applicationId: r.application_id,
  callId: r.call_id,
  kinds: r.kinds,
  secret: withSecret ? r.secret : null,
  createdAt: r.created_at,
});

/** An organisation's administrators choose what the organisation hears about, and how. */
@Injectable()
export class NotificationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  private organisationOf(caller: Principal): string {
    if (!caller.organisationId || !hasRole(caller, Role.OrganisationAdmin))
      throw CodevError.forbidden(
        'Notifications are chosen by an administrator of an organisation (role org-admin, a token naming it)',
      );
    return caller.organisationId;
  }

  /**
   * Subscribes the caller's organisation; the same subscription asked again (a retry) is
   * answered with the one that exists. A webhook gets a signing secret of its own.
   */
  async subscribe(
    caller: Principal,
    input: SubscribeToNotificationsInput,
  ): Promise<NotificationSubscription> {
    const organisationId = this.organisationOf(caller);
    const problem = targetProblem(input.channel, input.target, this.config.NODE_ENV);
    if (problem) throw CodevError.badInput([{ path: 'input.target', message: problem }]);
    const [scope] = (await this.db.query(
      `SELECT (SELECT count(*) FROM programme WHERE key = $1)::int AS programmes,
              (SELECT count(*) FROM application_party WHERE application_id = $2 AND organisation_id = $3)::int AS parties,
              (SELECT id FROM call WHERE key = $4) AS call_id`,
      [input.programmeKey ?? '', input.applicationId ?? null, organisationId, input.callKey ?? ''],
    )) as { programmes: number; parties: number; call_id: string | null }[];
    if (input.programmeKey && scope.programmes === 0)
      throw CodevError.badInput([
        { path: 'input.programmeKey', message: `no programme "${input.programmeKey}"` },
      ]);
    if (input.callKey && !scope.call_id)
      throw CodevError.badInput([{ path: 'input.callKey', message: `no call "${input.callKey}"` }]);
    if (input.applicationId && scope.parties === 0)
      throw CodevError.forbidden(
        'An organisation hears only of the applications it takes part in: yours takes no part in that one',
      );
    const kinds = [...new Set(input.kinds ?? [])].sort();
    const secret = input.channel === 'WEBHOOK' ? randomBytes(32).toString('base64url') : null;
    const params = [
      organisationId,
      input.channel,
      input.target,
      input.language,
      input.programmeKey ?? null,
      input.applicationId ?? null,
      kinds,
      scope.call_id,
    ];
    // One active subscription per organisation, target and scope (a unique index): a retry,
    // or a twin racing it, finds the one that exists.
    const added = (await this.db.query(
      `INSERT INTO notification_subscription
         (organisation_id, channel, target, language, programme_key, application_id, kinds, call_id, secret, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT DO NOTHING RETURNING *`,
      [...params, secret, caller.subject],
    )) as SubscriptionRow[];
    const [row] = added.length
      ? added
      : ((await this.db.query(
          `SELECT * FROM notification_subscription
            WHERE organisation_id = $1 AND channel = $2 AND target = $3 AND language = $4 AND cancelled_at IS NULL
              AND programme_key IS NOT DISTINCT FROM $5 AND application_id IS NOT DISTINCT FROM $6::uuid
              AND kinds = $7::text[] AND call_id IS NOT DISTINCT FROM $8::uuid`,
          params,
        )) as SubscriptionRow[]);
    return toSubscription(row, true);
  }

  async list(caller: Principal): Promise<NotificationSubscription[]> {
    const organisationId = this.organisationOf(caller);
    const rows = (await this.db.query(
      `SELECT * FROM notification_subscription
        WHERE organisation_id = $1 AND cancelled_at IS NULL ORDER BY created_at, id`,
      [organisationId],
    )) as SubscriptionRow[];
    return rows.map((r) => toSubscription(r, false));
  }

  /** Stops a subscription; what it already queued is dropped. Cancelling twice is harmless. */
  async cancel(caller: Principal, id: string): Promise<boolean> {
    const organisationId = this.organisationOf(caller);
    return this.db.transaction(async (em) => {
      const [found] = (await em.query(
        `SELECT organisation_id FROM notification_subscription WHERE id = $1 FOR UPDATE`,
        [id],
      )) as { organisation_id: string }[];
      if (!found) throw CodevError.notFound(`notification subscription ${id}`);
      if (found.organisation_id !== organisationId)
        throw CodevError.forbidden('That subscription is another organisation’s');
      await em.query(
        `UPDATE notification_subscription SET cancelled_at = coalesce(cancelled_at, now()) WHERE id = $1`,
        [id],
      );
      await em.query(
        `UPDATE notification_outbox SET status = 'DEAD', last_error = 'subscription cancelled'
          WHERE subscription_id = $1 AND status = 'PENDING'`,
        [id],
      );
      return true;
    });
  }

  /** Dead letters: the caller organisation's, or every one for a platform administrator; newest first. */
  async deadLetters(caller: Principal, first: number): Promise<Notification[]> {
    const everyone = hasRole(caller, Role.PlatformAdmin);
    const organisationId = everyone ? null : this.organisationOf(caller);
    const rows = (await this.db.query(
      `SELECT o.id, o.subscription_id, o.kind, o.application_id, o.status, o.attempts, o.last_error, o.created_at
         FROM notification_outbox o JOIN notification_subscription s ON s.id = o.subscription_id
        WHERE o.status = 'DEAD' AND ($1::uuid IS NULL OR s.organisation_id = $1)
        ORDER BY o.id DESC LIMIT $2`,
      [organisationId, first],
    )) as Record<string, unknown>[];
    return rows.map((r) => ({
      id: String(r.id),
      subscriptionId: r.subscription_id as string,
      kind: r.kind as string,
      applicationId: r.application_id as string | null,
      status: r.status as string,
      attempts: r.attempts as number,
      lastError: r.last_error as string | null,
      createdAt: r.created_at as Date,
    }));
  }

  /** A dead letter goes out again (from its subscription's queue, in order of its id). */
  async redeliver(caller: Principal, id: string): Promise<boolean> {
    const everyone = hasRole(caller, Role.PlatformAdmin);
    const organisationId = everyone ? null : this.organisationOf(caller);
    return this.db.transaction(async (em) => {
      const [found] = (await em.query(
        `SELECT o.status, s.organisation_id, s.cancelled_at
           FROM notification_outbox o JOIN notification_subscription s ON s.id = o.subscription_id
          WHERE o.id = $1 FOR UPDATE OF o`,
        [id],
      )) as { status: string; organisation_id: string; cancelled_at: Date | null }[];
      if (!found) throw CodevError.notFound(`notification ${id}`);
      if (organisationId && found.organisation_id !== organisationId)
        throw CodevError.forbidden('That notification is another organisation’s');
      if (found.cancelled_at) throw CodevError.conflict('its subscription was cancelled');
      if (found.status === 'DELIVERED') throw CodevError.conflict('it was delivered');
      await em.query(
        `UPDATE notification_outbox SET status = 'PENDING', attempts = 0, next_attempt_at = now() WHERE id = $1`,
        [id],
      );
      return true;
    });
  }
}
