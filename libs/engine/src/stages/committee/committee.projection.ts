import type { Projection } from '../projection';

export const committeeProjection: Projection = {
  'committee.timeline': async (e, { sql, applicationId }) => {
    await sql.query(`UPDATE application SET disbursement_timeline = $2 WHERE id = $1`, [
      applicationId,
      JSON.stringify(e.entries),
    ]);
  },
};
