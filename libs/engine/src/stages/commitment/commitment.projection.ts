import Decimal from 'decimal.js';
import { minorUnitDigits } from '@codev/domain/funding/money';
import type { FundingDefinition } from '../../definition/programme-definition.schema';
import type { LedgerPort, Projection } from '../projection';
import { componentOf } from '../../agreement/agreement-envelopes';
import { type CommittedLine, commitmentPostings } from './commitment-postings';
import type { CommitResult } from './commitment.kind';

/**
 * Every funder's share in one ledger transaction, and each envelope's committed amount. An
 * envelope that cannot take its share undoes the commitment (to a savepoint) and says why;
 * the transition itself goes on to record the rejection.
 */
export const commitmentProjection: Projection = {
  'commitment.commit': async (e, { sql, ledger, applicationId }): Promise<CommitResult> => {
    const lines = e.lines as CommittedLine[];
    const currency = e.currency as string;
    const [app] = (await sql.query(
      `SELECT programme_id, submitted_year, title FROM application WHERE id = $1`,
      [applicationId],
    )) as { programme_id: string; submitted_year: number; title: string }[];
    await sql.query('SAVEPOINT commitment');
    const posted = await ledger.post(
      e.key as string,
      'COMMITMENT',
      applicationId,
      `Funding committed for "${app.title}"`,
      commitmentPostings(applicationId, currency, lines),
    );
    if (!posted) return { committed: true }; // an earlier attempt committed already
    const ensure = (envelope: EnvelopeDefinition, kept: string) =>
      ledger.ensureEnvelope(
        app.programme_id,
        envelope.role,
        app.submitted_year,
        kept,
        envelope.yearlyAmount,
      );
    const takes = (e.envelopes as EnvelopeDefinition[]).map((envelope) => ({ envelope, ensure }));
    // The agreement component the programme runs under: its funders' envelopes are shared by
    // every programme of the component.
    const component = await componentOf(sql, applicationId);
    for (const c of component?.envelopes ?? [])
      takes.push({
        envelope: { role: c.funder, yearlyAmount: c.yearlyAmount, currency: c.currency },
        ensure: (envelope, kept) =>
          ledger.ensureComponentEnvelope(
            component!.agreementId,
            component!.key,
            envelope.role,
            app.submitted_year,
            kept,
            envelope.yearlyAmount,
          ),
      });
    for (const { envelope, ensure: found } of takes) {
      const refusal = await takeFromEnvelope(envelope, lines, currency, app, ledger, found);
      if (refusal) {
        await sql.query('ROLLBACK TO SAVEPOINT commitment');
        return { committed: false, reason: refusal };
      }
    }
    await sql.query('RELEASE SAVEPOINT commitment');
    return { committed: true };
  },
};

type EnvelopeDefinition = NonNullable<FundingDefinition['envelopes']>[number];

/**
 * Takes a funder's lines from its envelope for the application's year, in the envelope's
 * currency: the programme's, or the funder's own (its pledges). Says why when it cannot.
 */
async function takeFromEnvelope(
  envelope: EnvelopeDefinition,
  lines: CommittedLine[],
  currency: string,
  app: { programme_id: string; submitted_year: number },
  ledger: LedgerPort,
  ensure: (envelope: EnvelopeDefinition, kept: string) => Promise<{ id: string; currency: string }>,
): Promise<string | null> {
  const kept = envelope.currency ?? currency;
  let needed = new Decimal(0);
  for (const line of lines.filter((l) => l.role === envelope.role)) {
    const amount =
      kept === currency
        ? line.amount
        : line.pledged?.currency === kept
          ? line.pledged.amount
          : null;
    if (amount === null)
      return `the ${envelope.role} envelope is kept in ${kept} but ${envelope.role} pledged in ${line.pledged?.currency ?? currency}`;
    needed = needed.plus(amount);
  }
  const found = await ensure(envelope, kept);
  if (found.currency !== kept)
    return `the ${envelope.role} envelope for ${app.submitted_year} is kept in ${found.currency}, not ${kept}`;
  if (await ledger.commitToEnvelope(found.id, needed.toString())) return null;
  return `the ${envelope.role} envelope for ${app.submitted_year} cannot take ${needed.toFixed(minorUnitDigits(kept))} ${kept} more`;
}
