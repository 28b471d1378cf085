import Decimal from 'decimal.js';
import { minorUnitDigits } from '@codev/domain/funding/money';
import type { Projection } from '../projection';
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
    for (const envelope of e.envelopes as { role: string; yearlyAmount: string }[]) {
      const needed = lines
        .filter((l) => l.role === envelope.role)
        .reduce((s, l) => s.plus(l.amount), new Decimal(0));
      const id = await ledger.ensureEnvelope(
        app.programme_id,
        envelope.role,
        app.submitted_year,
        currency,
        envelope.yearlyAmount,
      );
      if (!(await ledger.commitToEnvelope(id, needed.toString()))) {
        await sql.query('ROLLBACK TO SAVEPOINT commitment');
        return {
          committed: false,
          reason: `the ${envelope.role} envelope for ${app.submitted_year} cannot take ${needed.toFixed(minorUnitDigits(currency))} ${currency} more`,
        };
      }
    }
    await sql.query('RELEASE SAVEPOINT commitment');
    return { committed: true };
  },
};
