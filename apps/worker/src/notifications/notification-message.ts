import type { EntityManager } from 'typeorm';
import { localIsoTime } from '@codev/domain/calendar/local-time';
import { flattenStages, type ProgrammeDefinition } from '@codev/engine';
import {
  type NotificationLanguage,
  notificationText,
} from '@codev/domain/notifications/notification-text';

export interface OutboxRow {
  id: string;
  subscription_id: string;
  kind: string;
  payload: Record<string, unknown> & { stageId?: string | null; dueAt?: string | null };
  attempts: number;
  channel: 'WEBHOOK' | 'EMAIL';
  target: string;
  secret: string | null;
  language: NotificationLanguage;
}

/**
 * The e-mail for an outbox row: the application's title, the programme's name and the
 * stage's name from the version the application runs under, a deadline on the clock of
 * the zone that counts it, in the subscriber's language.
 */
export async function emailFor(
  em: EntityManager,
  row: OutboxRow,
): Promise<{ subject: string; text: string }> {
  const applicationId = row.payload.applicationId as string;
  const [facts] = (await em.query(
    `SELECT a.title, v.definition, d.time_zone
       FROM application a JOIN programme_version v ON v.id = a.programme_version_id
       LEFT JOIN application_deadline d ON d.application_id = a.id AND d.stage_id = $2
      WHERE a.id = $1`,
    [applicationId, row.payload.stageId ?? null],
  )) as { title: string; definition: ProgrammeDefinition; time_zone: string | null }[];
  const stage = row.payload.stageId
    ? flattenStages(facts.definition.procedure.stages).find(
        (s) => s.stage.id === row.payload.stageId,
      )
    : undefined;
  const zone = facts.time_zone ?? facts.definition.timeZone;
  return notificationText(row.language, {
    kind: row.kind,
    applicationTitle: facts.title,
    programmeName: facts.definition.name,
    stageName: stage?.stage.name ?? null,
    dueAt: row.payload.dueAt ? localIsoTime(new Date(row.payload.dueAt), zone) : null,
  });
}
