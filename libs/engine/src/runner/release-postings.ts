import Decimal from 'decimal.js';
import { accounts, type LedgerBalance, type PostingInput } from '../stages/projection';

/** What each funder still has committed goes back to its commitments account, in its own currency. */
export function releasePostings(applicationId: string, open: LedgerBalance[]): PostingInput[] {
  return open.flatMap((b) => {
    const posting = (account: string, sign: 1 | -1): PostingInput => ({
      account,
      applicationId,
      partyRole: b.partyRole,
      organisationId: b.organisationId,
      amount: new Decimal(b.own.committed).times(sign).toString(),
      currency: b.own.currency,
      base: { amount: new Decimal(b.committed).times(sign).toString(), currency: b.currency },
    });
    return [
      posting(accounts.committed(applicationId, b.partyRole), -1),
      posting(accounts.funderCommitments(b.organisationId!), 1),
    ];
  });
}
