import type { Actor } from '../stage-kind';
import type { Projection } from '../projection';

export const documentProjection: Projection = {
  'document.record': async (e, { sql, applicationId }) => {
    const actor = e.actor as Actor;
    await sql.query(
      `INSERT INTO application_document (application_id, stage_id, document_type, uri, organisation_id, submitted_by)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [applicationId, e.stageId, e.documentType, e.uri, actor.organisationId, actor.subject],
    );
  },
};
