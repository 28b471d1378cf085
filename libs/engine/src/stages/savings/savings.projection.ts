import Decimal from 'decimal.js';
import { minorUnitDigits } from '@codev/domain/funding/money';
import { matchedAmount } from '@codev/domain/savings/savings-position';
import { accounts, type PostingInput, type Projection } from '../projection';

interface SavingsEventEffect {
  kind: 'DEPOSIT' | 'RELEASE' | 'WITHDRAWAL';
  reference: string;
  amount: string;
  on: string;
  projectApplicationId: string | null;
}

const TRANSACTION = {
  DEPOSIT: 'SAVINGS_DEPOSIT',
  RELEASE: 'SAVINGS_RELEASE',
  WITHDRAWAL: 'SAVINGS_WITHDRAWAL',
} as const;

/**
 * The account's row (opened with its first event), the event under its receipt reference,
 * and the money in the one ledger: a deposit moves the saver's money into the account; a
 * release moves it to the project it funds, with its value in the project's currency at the
 * rate of the day; a withdrawal gives it back to the saver.
 */
export const savingsProjection: Projection = {
  'savings.event': async (e, { sql, ledger, rates, applicationId }) => {
    const event = e.event as SavingsEventEffect;
    const currency = e.currency as string;
    const [account] = (await sql.query(
      `WITH opened AS (
         INSERT INTO savings_account (application_id, stage_id, saver_role, saver_id, depositary_role, depositary_id,
                                      currency, yearly_relief_cap)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (application_id, stage_id) DO NOTHING RETURNING id)
       SELECT id FROM opened UNION ALL
       SELECT id FROM savings_account WHERE application_id = $1 AND stage_id = $2`,
      [
        applicationId,
        e.stageId,
        e.saverRole,
        e.saverId,
        e.depositaryRole,
        e.depositaryId,
        currency,
        e.yearlyReliefCap,
      ],
    )) as { id: string }[];
    const matching = e.matching as SavingsMatching | null;
    const matched =
      event.kind === 'RELEASE' && matching
        ? matchedAmount(event.amount, matching.percent, currency)
        : null;
    // A release is worth, in the project's currency, what the rate of its value date says.
    let project: {
      amount: string;
      matched: string | null;
      currency: string;
      rate: string | null;
    } | null = null;
    if (event.kind === 'RELEASE') {
      const [p] = (await sql.query(`SELECT currency FROM application WHERE id = $1`, [
        event.projectApplicationId,
      ])) as { currency: string }[];
      const rate =
        p.currency === currency
          ? null
          : (await rates.inForce([currency], p.currency, event.on)).get(currency);
      const value = (amount: string) =>
        new Decimal(amount)
          .times(rate?.rate ?? 1)
          .toDecimalPlaces(minorUnitDigits(p.currency), Decimal.ROUND_DOWN)
          .toString();
      project = {
        currency: p.currency,
        rate: rate?.rate ?? null,
        amount: value(event.amount),
        matched: matched ? value(matched) : null,
      };
    }
    await sql.query(
      `INSERT INTO savings_event (account_id, kind, reference, occurred_on, amount, project_application_id,
                                  project_amount, project_currency, rate, recorded_by, matched_amount,
                                  project_matched_amount, matched_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (account_id, reference) DO NOTHING`,
      [
        account.id,
        event.kind,
        event.reference,
        event.on,
        event.amount,
        event.projectApplicationId,
        project?.amount ?? null,
        project?.currency ?? null,
        project?.rate ?? null,
        e.recordedBy,
        matched,
        project?.matched ?? null,
        matched ? matching!.funderId : null,
      ],
    );
    const posting = (
      account: string,
      sign: 1 | -1,
      onApplication = applicationId,
      role = e.saverRole as string,
    ): PostingInput => ({
      account,
      applicationId: onApplication,
      partyRole: role,
      organisationId: (e.saverId as string | null) ?? null,
      amount: new Decimal(event.amount).times(sign).toString(),
      currency,
      base: { amount: new Decimal(event.amount).times(sign).toString(), currency },
    });
    const held = accounts.savings(applicationId);
    const saver = accounts.saver(applicationId);
    const postings =
      event.kind === 'DEPOSIT'
        ? [posting(saver, -1), posting(held, 1)]
        : event.kind === 'WITHDRAWAL'
          ? [posting(held, -1), posting(saver, 1)]
          : [
              posting(held, -1),
              posting(
                accounts.invested(event.projectApplicationId!),
                1,
                event.projectApplicationId!,
              ),
            ];
    await ledger.post(
      e.key as string,
      TRANSACTION[event.kind],
      applicationId,
      `Savings ${event.kind.toLowerCase()} ${event.reference}`,
      postings,
    );
    if (matched && matching && new Decimal(matched).gt(0)) {
      // The matching funder's premium goes to the project beside the saver's money.
      const premium = (account: string, sign: 1 | -1, onApplication: string | null) => ({
        account,
        applicationId: onApplication,
        partyRole: matching.funderRole,
        organisationId: matching.funderId,
        amount: new Decimal(matched).times(sign).toString(),
        currency,
        base: { amount: new Decimal(matched).times(sign).toString(), currency },
      });
      await ledger.post(
        `${e.key as string}:match`,
        'SAVINGS_MATCH',
        applicationId,
        `Savings match ${event.reference}`,
        [
          premium(accounts.paidOut(matching.funderId), -1, applicationId),
          premium(accounts.invested(event.projectApplicationId!), 1, event.projectApplicationId),
        ],
      );
    }
  },
};

interface SavingsMatching {
  funderRole: string;
  funderId: string;
  percent: string;
}
