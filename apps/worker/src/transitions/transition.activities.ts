import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  applicationProjection,
  type EngineActivities,
  type ProjectionContext,
  projectionHandlers,
  type Transition,
} from '@codev/engine';
import { ExchangeRateRepository, LedgerRepository } from '@codev/persistence';
import { asActivityError, brokenInvariant } from './activity-errors';
import { workingDayCalendar } from '@codev/engine/runner/working-day-calendar';

const handlers = projectionHandlers(applicationProjection);

/** What a transition records and does, as a short fingerprint. */
const digestOf = (t: Transition) =>
  createHash('sha256')
    .update(JSON.stringify([t.events.map((e) => [e.key, e.kind]), t.effects.map((e) => e.type)]))
    .digest('base64url');

/**
 * The application workflow's one activity: a transition's effects, history and projection
 * in one database transaction, written once — a retry finds the transition's marker and
 * answers with the results the first attempt gave.
 */
/**
 * The outbox rows of the `events` just inserted for application $1: each event once to every
 * subscription of a party's organisation that asked for it. Thin: who did what, and why, the
 * recipient reads through GraphQL under its own rights (sealed votes stay sealed). The
 * arguments are SQL expressions of the application's status, active stages and waiting roles.
 */
const announce = (status: string, activeStages: string, waitingFor: string) => `
  INSERT INTO notification_outbox (subscription_id, application_id, kind, payload)
  SELECT s.id, $1, ev.kind, jsonb_build_object(
           'eventId', ev.id::text, 'kind', ev.kind, 'applicationId', $1::uuid, 'stageId', ev.stage_id,
           'occurredAt', ev.occurred_at, 'status', ${status}, 'activeStages', ${activeStages},
           'waitingFor', ${waitingFor}, 'dueAt', ev.detail->'dueAt')
  FROM events ev
  JOIN notification_subscription s
    ON s.cancelled_at IS NULL
   AND s.organisation_id IN (SELECT organisation_id FROM application_party WHERE application_id = $1)
   AND (s.application_id IS NULL OR s.application_id = $1)
   AND (s.programme_key IS NULL OR s.programme_key =
          (SELECT p.key FROM application a JOIN programme p ON p.id = a.programme_id WHERE a.id = $1))
   AND (s.call_id IS NULL OR s.call_id = (SELECT call_id FROM application WHERE id = $1))
   AND (cardinality(s.kinds) = 0 OR ev.kind = ANY (s.kinds))
  ORDER BY ev.id, s.id`;

@Injectable()
export class TransitionActivities implements EngineActivities {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async applyTransition(t: Transition): Promise<unknown[]> {
    try {
      return await this.db.transaction((em) => this.apply(em, t));
    } catch (e) {
      throw asActivityError(e);
    }
  }

  private async apply(em: EntityManager, t: Transition): Promise<unknown[]> {
    const digest = digestOf(t);
    const done = await this.markerAndLock(em, t);
    if (done && done.digest !== digest)
      throw brokenInvariant(
        `transition ${t.seq} of application ${t.applicationId} was written before with other contents`,
      );
    if (done) return done.results;
    // Locks go call before entry, as the call's own activities take them: a transition that
    // releases a round's grant (and may touch its entry first) takes the call's row up front.
    const round = t.effects.find((e) => e.type === 'application.release')?.round as
      { callId: string } | null | undefined;
    if (round) await em.query(`SELECT 1 FROM call WHERE id = $1 FOR UPDATE`, [round.callId]);
    const ctx: ProjectionContext = {
      sql: em,
      ledger: new LedgerRepository(em),
      calendar: workingDayCalendar,
      rates: new ExchangeRateRepository(em),
      applicationId: t.applicationId,
    };
    const results: unknown[] = [];
    for (const effect of t.effects) {
      const handler = handlers.get(effect.type);
      if (!handler) throw brokenInvariant(`no projection writes effects of type ${effect.type}`);
      results.push((await handler(effect, ctx)) ?? null);
    }
    await this.record(em, t, digest, results);
    return results;
  }

  /**
   * The transition's marker, if it was written before, and — unless the transition creates
   * the application — the application's row locked, in one round trip.
   */
  private async markerAndLock(
    em: EntityManager,
    t: Transition,
  ): Promise<{ digest: string; results: unknown[] } | undefined> {
    if (t.effects[0]?.type === 'application.create') {
      const [done] = (await em.query(
        `SELECT digest, results FROM application_transition WHERE application_id = $1 AND seq = $2`,
        [t.applicationId, t.seq],
      )) as { digest: string; results: unknown[] }[];
      return done;
    }
    const [row] = (await em.query(
      `SELECT m.digest, m.results FROM application a
       LEFT JOIN application_transition m ON m.application_id = a.id AND m.seq = $2
       WHERE a.id = $1 FOR UPDATE OF a`,
      [t.applicationId, t.seq],
    )) as { digest: string | null; results: unknown[] | null }[];
    if (!row) throw brokenInvariant(`application ${t.applicationId} does not exist`);
    return row.digest === null ? undefined : { digest: row.digest, results: row.results ?? [] };
  }

  /**
   * The transition's events, their notifications, the application's row and the transition's
   * marker, in one statement.
   */
  private async record(
    em: EntityManager,
    t: Transition,
    digest: string,
    results: unknown[],
  ): Promise<void> {
    const e = t.events;
    await em.query(
      `WITH events AS (
         INSERT INTO application_event (application_id, event_key, stage_id, kind, actor_subject, actor_organisation_id,
                                        actor_role, reason, detail, occurred_at)
         SELECT $1, *, clock_timestamp() FROM unnest($8::text[], $9::text[], $10::text[], $11::text[], $12::uuid[],
                                                     $13::text[], $14::text[], $15::jsonb[])
         ON CONFLICT (application_id, event_key) DO NOTHING
         RETURNING id, kind, stage_id, detail, occurred_at
       ), announced AS (
         -- The outbox, in the same transaction as the events.
         ${announce('$2::text', '$3::text[]', '$5::text[]')}
       ), projected AS (
         UPDATE application SET status = $2, active_stages = $3, waiting_for = $5, projection_seq = $4,
                closed_at = CASE WHEN $2 IN ('COMPLETED', 'REJECTED', 'WITHDRAWN', 'FAILED') THEN coalesce(closed_at, now()) END
         WHERE id = $1 AND projection_seq < $4
       )
       INSERT INTO application_transition (application_id, seq, digest, results) VALUES ($1, $4, $6, $7)`,
      [
        t.applicationId,
        t.projection.status,
        t.projection.activeStages,
        t.seq,
        t.projection.waitingFor,
        digest,
        JSON.stringify(results),
        e.map((x) => x.key),
        e.map((x) => x.stageId),
        e.map((x) => x.kind),
        e.map((x) => x.actor?.subject ?? null),
        e.map((x) => x.actor?.organisationId ?? null),
        e.map((x) => x.actorRole),
        e.map((x) => x.reason),
        e.map((x) => JSON.stringify(x.detail)),
      ],
    );
  }

  /** Marks the application FAILED with the reason; the failure row stands even without an application row. */
  async recordFailure(input: {
    applicationId: string;
    workflowId: string;
    stageId: string | null;
    reason: string;
  }): Promise<void> {
    await this.db.transaction(async (em) => {
      await em.query(
        `INSERT INTO application_failure (application_id, workflow_id, stage_id, reason) VALUES ($1, $2, $3, $4)
         ON CONFLICT (application_id) DO UPDATE SET reason = excluded.reason, failed_at = now()`,
        [input.applicationId, input.workflowId, input.stageId, input.reason],
      );
      await em.query(
        `UPDATE application SET status = 'FAILED', active_stages = '{}', closed_at = coalesce(closed_at, now()) WHERE id = $1`,
        [input.applicationId],
      );
      // The failure is an event like any other: its subscribers hear of it.
      await em.query(
        `WITH events AS (
           INSERT INTO application_event (application_id, event_key, kind, reason)
           SELECT id, 'failed', 'FAILED', $2 FROM application WHERE id = $1
           ON CONFLICT (application_id, event_key) DO NOTHING
           RETURNING id, kind, stage_id, detail, occurred_at
         )
         ${announce(`'FAILED'`, `'{}'::text[]`, `'{}'::text[]`)}`,
        [input.applicationId, input.reason],
      );
    });
  }
}
