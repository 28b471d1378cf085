import type { EntityManager } from 'typeorm';
import type { Violation } from '@codev/domain';
import type { AgreementDefinition, ProgrammeDefinition } from '@codev/engine';

/**
 * A programme that names an agreement component must be one the component lists, and give a
 * share to each funder of the component's envelopes, pledged in the envelope's currency or in
 * the programme's: what a commitment takes from it is then an amount it already holds.
 */
export async function agreementLinkViolations(
  em: EntityManager,
  d: ProgrammeDefinition,
): Promise<Violation[]> {
  if (!d.agreement) return [];
  const { key, component: componentKey } = d.agreement;
  const [row] = (await em.query(`SELECT definition FROM agreement WHERE key = $1`, [key])) as {
    definition: AgreementDefinition;
  }[];
  if (!row) return [{ path: 'agreement.key', message: `no agreement "${key}" is loaded` }];
  const component = row.definition.components.find((c) => c.key === componentKey);
  if (!component)
    return [
      {
        path: 'agreement.component',
        message: `agreement "${key}" has no component "${componentKey}"; it has ${row.definition.components.map((c) => c.key).join(', ')}`,
      },
    ];
  const out: Violation[] = [];
  if (!component.programmes.includes(d.key))
    out.push({
      path: 'agreement.component',
      message: `component "${componentKey}" of "${key}" does not list programme "${d.key}"`,
    });
  for (const envelope of component.envelopes) {
    const share = d.funding.shares.find((s) => s.role === envelope.funder);
    const pledged = share?.currency ?? d.currency;
    if (!share)
      out.push({
        path: 'funding.shares',
        message: `the component's envelope of "${envelope.funder}" needs a share of that role`,
      });
    else if (envelope.currency !== pledged && envelope.currency !== d.currency)
      out.push({
        path: 'funding.shares',
        message: `"${envelope.funder}" pledges in ${pledged}, the component's envelope is kept in ${envelope.currency}`,
      });
  }
  return out;
}
