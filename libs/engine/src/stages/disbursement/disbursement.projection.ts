import Decimal from 'decimal.js';
import { accounts, type Projection } from '../projection';

type Part = { trancheId: string; role: string; amount: string; organisationId: string | null };

export const disbursementProjection: Projection = {
  'disbursement.release': async (e, { ledger, applicationId }) => {
    await ledger.post(
      e.key as string,
      'DISBURSEMENT',
      applicationId,
      `Tranche ${e.trancheId as string}`,
      (e.parts as Part[]).flatMap((p) => {
        const common = {
          applicationId,
          partyRole: p.role,
          organisationId: p.organisationId,
          currency: e.currency as string,
        };
        return [
          {
            ...common,
            account: accounts.committed(applicationId, p.role),
            amount: new Decimal(p.amount).negated().toString(),
          },
          { ...common, account: accounts.disbursed(applicationId, p.role), amount: p.amount },
        ];
      }),
    );
  },
};
