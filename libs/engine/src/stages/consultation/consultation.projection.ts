import type { Projection } from '../projection';

/** The published ranking, found by the place of the consultation (its application's project place). */
export const consultationProjection: Projection = {
  'consultation.publish': async (e, { sql, applicationId }) => {
    await sql.query(
      `INSERT INTO consultation_result (application_id, stage_id, jurisdiction_id, closed_at, voters, ranking)
       SELECT id, $2, project_jurisdiction_id, clock_timestamp(), $3, $4 FROM application WHERE id = $1
       ON CONFLICT DO NOTHING`,
      [applicationId, e.stageId, e.voters, JSON.stringify(e.ranking)],
    );
  },
};
