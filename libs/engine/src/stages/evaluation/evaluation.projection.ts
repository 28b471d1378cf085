import type { Projection } from '../projection';

/** The evaluation as programme results read it (one per stage; a retried transition writes it once). */
export const evaluationProjection: Projection = {
  'evaluation.record': async (e, { sql, applicationId }) => {
    await sql.query(
      `INSERT INTO project_evaluation (application_id, stage_id, in_use, jobs_created, people_served, uri, summary, evaluated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
      [applicationId, e.stageId, e.inUse, e.jobsCreated, e.peopleServed, e.uri, e.summary, e.by],
    );
  },
};
