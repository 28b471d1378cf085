import type { EntityManager } from 'typeorm';
import { brokenInvariant } from '../transitions/activity-errors';
import type { CallDefinition, CallStatus, SelectionStatus } from '@codev/engine';

export interface CallRow {
  id: string;
  key: string;
  status: CallStatus;
  definition: CallDefinition;
  envelopeId: string;
  issuerCode: string | null;
  phaseDeadline: Date | null;
  closesAt: Date;
  now: Date;
}

export interface EntryRow {
  applicationId: string;
  workflowId: string;
  status: SelectionStatus;
  documents: { documentType: string; uri: string }[];
  defects: string[];
  rank: number | null;
  totalScore: string | null;
  scoreByCriterion: Record<string, string> | null;
  granted: string | null;
  partial: boolean;
  requested: string;
  submittedAt: Date;
}

/** The call's row, locked for the phase change (which waits for submissions holding it in share). */
export async function lockCall(em: EntityManager, callId: string): Promise<CallRow> {
  const [row] = (await em.query(
    `SELECT c.id, c.key, c.status, c.definition, c.envelope_id AS "envelopeId", j.code AS "issuerCode",
            c.phase_deadline AS "phaseDeadline", c.closes_at AS "closesAt", clock_timestamp() AS now
     FROM call c JOIN organisation o ON o.id = c.issuer_id LEFT JOIN jurisdiction j ON j.id = o.jurisdiction_id
     WHERE c.id = $1 FOR UPDATE OF c`,
    [callId],
  )) as CallRow[];
  if (!row) throw brokenInvariant(`call ${callId} does not exist`);
  return row;
}

/** The call's applications in order of submission, with their workflows. */
export function entriesOf(em: EntityManager, callId: string): Promise<EntryRow[]> {
  return em.query(
    `SELECT s.application_id AS "applicationId", a.workflow_id AS "workflowId", s.status, s.documents, s.defects,
            s.rank, s.total_score::text AS "totalScore", s.score_by_criterion AS "scoreByCriterion",
            s.granted::text, s.partial_grant AS partial, s.requested_amount::text AS requested,
            a.submitted_at AS "submittedAt"
     FROM selection_entry s JOIN application a ON a.id = s.application_id
     WHERE s.call_id = $1 ORDER BY a.submitted_at, a.id`,
    [callId],
  ) as Promise<EntryRow[]>;
}

/** One event in each application's history, for a decision the round took for all of them. */
export async function recordRoundEvents(
  em: EntityManager,
  key: string,
  kind: string,
  events: { applicationId: string; detail: Record<string, unknown>; reason?: string | null }[],
): Promise<void> {
  if (!events.length) return;
  await em.query(
    `INSERT INTO application_event (application_id, event_key, stage_id, kind, reason, detail, occurred_at)
     SELECT a, $1, NULL, $2, r, d, clock_timestamp() FROM unnest($3::uuid[], $4::text[], $5::jsonb[]) AS x(a, r, d)
     ON CONFLICT (application_id, event_key) DO NOTHING`,
    [
      key,
      kind,
      events.map((e) => e.applicationId),
      events.map((e) => e.reason ?? null),
      events.map((e) => JSON.stringify(e.detail)),
    ],
  );
}
