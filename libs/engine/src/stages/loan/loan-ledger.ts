import Decimal from 'decimal.js';
import type { LoanPosition } from '@codev/domain/loan/loan-position';
import { minorUnitDigits } from '@codev/domain/funding/money';
import { guaranteeShare } from '@codev/domain/loan/guarantee';
import type { LoanSchedule } from '@codev/domain/loan/instalment-schedule';
import { accounts, type PostingInput, type Sql } from '../projection';

/** A loan's row as its projection reads it. */
export interface LoanRow {
  id: string;
  application_id: string;
  currency: string;
  principal: string;
  base_principal: string;
  programme_currency: string;
  lender_role: string;
  lender_id: string | null;
  schedule: LoanSchedule;
  guarantee: { guarantor: string; percent: string; organisationId: string | null } | null;
  revolving: boolean;
}

type Transaction = [
  'LOAN_REPAYMENT' | 'INTEREST_PAYMENT' | 'WRITE_OFF' | 'GUARANTEE_CALL',
  string,
  PostingInput[],
];

/** What changed between two positions of a loan, as ledger transactions in its currency. */
export function loanPostings(
  applicationId: string,
  loan: Pick<
    LoanRow,
    | 'currency'
    | 'principal'
    | 'base_principal'
    | 'programme_currency'
    | 'lender_role'
    | 'lender_id'
    | 'guarantee'
  >,
  before: LoanPosition,
  after: LoanPosition,
): Transaction[] {
  const role = loan.lender_role;
  // The programme-currency value at the rate the loan was committed at.
  const toBase = (amount: Decimal) =>
    amount
      .times(loan.base_principal)
      .dividedBy(loan.principal)
      .toDecimalPlaces(minorUnitDigits(loan.programme_currency), Decimal.ROUND_HALF_EVEN);
  const pair = (part: Parameters<typeof accounts.loan>[2], delta: Decimal): PostingInput[] => {
    if (delta.isZero()) return [];
    const posting = (account: string, sign: 1 | -1): PostingInput => ({
      account,
      applicationId,
      partyRole: role,
      organisationId: loan.lender_id,
      amount: delta.times(sign).toString(),
      currency: loan.currency,
      base: { amount: toBase(delta).times(sign).toString(), currency: loan.programme_currency },
    });
    return [
      posting(accounts.loan(applicationId, role, part), 1),
      posting(accounts.borrower(applicationId), -1),
    ];
  };
  const delta = (f: (p: LoanPosition) => string) => new Decimal(f(after)).minus(f(before));
  const called = delta((p) => guaranteeCalled(loan, p));
  const guarantee = loan.guarantee;
  const guaranteeCall = (
    sign: 1 | -1,
    account: string,
    party: string,
    organisationId: string | null,
  ): PostingInput => ({
    account,
    applicationId,
    partyRole: party,
    organisationId,
    amount: called.times(sign).toString(),
    currency: loan.currency,
    base: { amount: toBase(called).times(sign).toString(), currency: loan.programme_currency },
  });
  return [
    [
      'LOAN_REPAYMENT',
      'principal',
      [
        ...pair(
          'repaid',
          delta((p) => p.principalRepaid),
        ),
        ...pair(
          'overpaid',
          delta((p) => p.overpaid),
        ),
      ],
    ],
    [
      'INTEREST_PAYMENT',
      'interest',
      pair(
        'interest',
        delta((p) => p.interestPaid),
      ),
    ],
    [
      'WRITE_OFF',
      'write-off',
      pair(
        'written-off',
        delta((p) => p.principalWrittenOff),
      ),
    ],
    [
      'GUARANTEE_CALL',
      'guarantee',
      guarantee && !called.isZero()
        ? [
            guaranteeCall(
              1,
              accounts.loan(applicationId, role, 'guaranteed'),
              role,
              loan.lender_id,
            ),
            guaranteeCall(
              -1,
              accounts.guaranteeCalls(guarantee.organisationId ?? guarantee.guarantor),
              guarantee.guarantor,
              guarantee.organisationId,
            ),
          ]
        : [],
    ],
  ];
}

/** The guarantee fund's share of what the position has written off. */
export function guaranteeCalled(
  loan: Pick<LoanRow, 'guarantee' | 'currency'>,
  p: LoanPosition,
): string {
  return loan.guarantee
    ? guaranteeShare(p.principalWrittenOff, loan.guarantee.percent, loan.currency)
    : '0';
}

/**
 * A revolving fund: the principal a receipt repaid goes back to the lender's envelope for the
 * application's year, in the currency the envelope is kept in, so new loans can be committed
 * from it.
 */
export async function returnToEnvelope(
  sql: Sql,
  loan: Pick<
    LoanRow,
    'application_id' | 'lender_role' | 'currency' | 'principal' | 'base_principal'
  >,
  repaid: Decimal,
): Promise<void> {
  if (repaid.isZero()) return;
  const base = repaid.times(loan.base_principal).dividedBy(loan.principal);
  await sql.query(
    `UPDATE envelope v
        SET committed = v.committed - CASE WHEN v.currency = $3 THEN $4::numeric ELSE round($5::numeric, 6) END
       FROM application a
      WHERE a.id = $1 AND v.programme_id = a.programme_id AND v.year = a.submitted_year AND v.funder_role = $2`,
    [loan.application_id, loan.lender_role, loan.currency, repaid.toString(), base.toString()],
  );
}
