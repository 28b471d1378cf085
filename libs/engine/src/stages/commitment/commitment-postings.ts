import Decimal from 'decimal.js';
import type { FundingLine } from '@codev/domain/funding/funding-formula';
import { accounts, type PostingInput } from '../projection';

export type CommittedLine = FundingLine & { organisationId: string | null };

/**
 * Every funder's share committed: from its commitments account to the application's, in its
 * own currency (a pledge's, at its recorded rate) with the programme-currency value beside.
 */
export function commitmentPostings(
  applicationId: string,
  currency: string,
  lines: CommittedLine[],
): PostingInput[] {
  return lines.flatMap((line) => {
    const own = line.pledged ?? { amount: line.amount, currency };
    const posting = (account: string, sign: 1 | -1): PostingInput => ({
      account,
      applicationId,
      partyRole: line.role,
      organisationId: line.organisationId,
      amount: new Decimal(own.amount).times(sign).toString(),
      currency: own.currency,
      base: { amount: new Decimal(line.amount).times(sign).toString(), currency },
      ...(line.pledged ? { rate: line.pledged } : {}),
    });
    return [
      posting(accounts.funderCommitments(line.organisationId!), -1),
      posting(accounts.committed(applicationId, line.role), 1),
    ];
  });
}
