import type { FundingSplit } from '@codev/domain/funding/funding-formula';
import { EffectRefused, type Projection } from '../projection';

interface CallWindow {
  status: string;
  opens_at: Date;
  closes_at: Date;
  arrived: Date;
  window: { opens: string; closes: string; timeZone: string };
}

/**
 * The selection stage's projection: the application's entry in its call's list. The window
 * judges when the submission reached the API, by the database's clock; the entry is written
 * under a share lock on the call's row, which closing takes exclusively — a grace after the
 * window's end, so a submission that arrived in time is in the list the call counts, and one
 * that arrived late is refused whenever its workflow runs.
 */
export const selectionProjection: Projection = {
  'selection.enter': async (e, { sql, applicationId }) => {
    const [call] = (await sql.query(
      `SELECT status, opens_at, closes_at, $2::timestamptz AS arrived, definition->'window' AS window
       FROM call WHERE id = $1 FOR SHARE`,
      [e.callId, e.arrivedAt],
    )) as CallWindow[];
    const zone = call.window.timeZone;
    if (call.arrived < call.opens_at)
      throw new EffectRefused(
        'CONFLICT',
        `The call opens at ${call.window.opens} (${zone}); it is not open yet`,
      );
    if (!['SCHEDULED', 'OPEN'].includes(call.status) || call.arrived >= call.closes_at)
      throw new EffectRefused(
        'CONFLICT',
        `The call closed at ${call.window.closes} (${zone}); no application is accepted after it`,
      );
    await sql.query(
      `INSERT INTO selection_entry (application_id, call_id, objective, requested_amount, implementing_ngo_id, status, documents)
       VALUES ($1, $2, $3, $4, $5, 'SUBMITTED', $6)`,
      [
        applicationId,
        e.callId,
        e.objective,
        e.requested,
        e.implementingNgoId,
        JSON.stringify(e.documents),
      ],
    );
    // The instant judged against the window is the one the application shows.
    await sql.query(
      `UPDATE application SET call_id = $2, submitted_at = $3, submitted_year = extract(year FROM $3::timestamptz AT TIME ZONE 'UTC') WHERE id = $1`,
      [applicationId, e.callId, call.arrived],
    );
    return { submittedAt: call.arrived.toISOString() };
  },
  'selection.documents': async (e, { sql, applicationId }) => {
    await sql.query(
      `UPDATE selection_entry SET documents = $2, defects = $3, status = $4 WHERE application_id = $1`,
      [applicationId, JSON.stringify(e.documents), JSON.stringify(e.defects), e.status],
    );
  },
  'selection.status': async (e, { sql, applicationId }) => {
    await sql.query(`UPDATE selection_entry SET status = $2 WHERE application_id = $1`, [
      applicationId,
      e.status,
    ]);
  },
  'selection.score': async (e, { sql, applicationId }) => {
    const scores = e.scores as { criterionId: string; score: string; reason: string }[];
    await sql.query(
      `INSERT INTO selection_score (application_id, evaluator, criterion_id, score, reason)
       SELECT $1, $2, * FROM unnest($3::text[], $4::numeric[], $5::text[])`,
      [
        applicationId,
        e.evaluator,
        scores.map((s) => s.criterionId),
        scores.map((s) => s.score),
        scores.map((s) => s.reason),
      ],
    );
  },
  'selection.recuse': async (e, { sql, applicationId }) => {
    await sql.query(
      `INSERT INTO selection_recusal (application_id, evaluator, reason) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [applicationId, e.evaluator, e.reason],
    );
  },
  'selection.objection': async (e, { sql, applicationId }) => {
    await sql.query(
      `INSERT INTO selection_objection (application_id, lodged_by, text) VALUES ($1, $2, $3)`,
      [applicationId, e.subject, e.text],
    );
  },
  /** A grant other than the one asked for changes who pays what. */
  'selection.funded': async (e, { sql, applicationId }) => {
    await sql.query(`UPDATE application SET funding_split = $2 WHERE id = $1`, [
      applicationId,
      e.funding as FundingSplit,
    ]);
  },
};
