import type { Projection } from '../projection';
import { type TranchePart, tranchePostings } from './tranche-postings';

export const disbursementProjection: Projection = {
  'disbursement.release': async (e, { ledger, rates, applicationId }) => {
    const currency = e.currency as string;
    const parts = e.parts as TranchePart[];
    const foreign = [...new Set(parts.flatMap((p) => (p.own ? [p.own.currency] : [])))];
    // The rate of the day of payment, for each share paid in another currency.
    const today = new Date().toISOString().slice(0, 10);
    const rateOf = foreign.length ? await rates.inForce(foreign, currency, today) : new Map();
    await ledger.post(
      e.key as string,
      'DISBURSEMENT',
      applicationId,
      `Tranche ${e.trancheId as string}`,
      tranchePostings(applicationId, currency, parts, rateOf),
    );
  },
};
