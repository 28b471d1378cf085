import type { Sql } from '../stages/projection';
import type { AgreementComponent } from './agreement-definition.schema';

/**
 * The agreement component an application's programme version runs under, with its funders'
 * envelopes, or null. Read from the database by the projections, so workflows need not know.
 */
export async function componentOf(
  sql: Sql,
  applicationId: string,
): Promise<(AgreementComponent & { agreementId: string }) | null> {
  const [row] = (await sql.query(
    `SELECT ag.id, ag.definition, pv.definition -> 'agreement' ->> 'component' AS component
       FROM application a
       JOIN programme_version pv ON pv.id = a.programme_version_id
       JOIN agreement ag ON ag.key = pv.definition -> 'agreement' ->> 'key'
      WHERE a.id = $1`,
    [applicationId],
  )) as { id: string; definition: { components: AgreementComponent[] }; component: string }[];
  const component = row?.definition.components.find((c) => c.key === row.component);
  return component ? { ...component, agreementId: row.id } : null;
}
