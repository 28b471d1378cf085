import Decimal from 'decimal.js';
import type { FundingSplit } from '@codev/domain/funding/funding-formula';
import { minorUnitDigits } from '@codev/domain/funding/money';
import { accounts, type PostingInput } from '../projection';
import { trancheAmounts } from './tranche-amounts';

export interface TranchePart {
  trancheId: string;
  role: string;
  /** In the programme's currency, at the rate of the commitment. */
  amount: string;
  /** In the funder's own currency, when it pledged in another. */
  own: { amount: string; currency: string } | null;
  organisationId: string | null;
}

/**
 * Each funder's part of each tranche, in the programme's currency and — for a share pledged
 * in another currency — in that currency too, each split so the tranches add up exactly.
 */
export function trancheParts(
  stage: { tranches: { id: string; percent: string }[] },
  funding: FundingSplit,
): Omit<TranchePart, 'organisationId'>[] {
  const digits = minorUnitDigits(funding.currency);
  const byRole = new Map<string, FundingSplit['lines']>();
  for (const l of funding.lines) byRole.set(l.role, [...(byRole.get(l.role) ?? []), l]);
  return [...byRole].flatMap(([role, lines]): Omit<TranchePart, 'organisationId'>[] => {
    const sum = (f: (l: FundingSplit['lines'][number]) => string) =>
      lines.reduce((s, l) => s.plus(f(l)), new Decimal(0));
    const base = trancheAmounts(
      [{ role, amount: sum((l) => l.amount).toFixed(digits) }],
      stage.tranches,
      digits,
    );
    const pledged = lines.every((l) => l.pledged) ? lines[0].pledged!.currency : null;
    if (!pledged) return base.map((p) => ({ ...p, own: null }));
    const ownDigits = minorUnitDigits(pledged);
    const own = trancheAmounts(
      [{ role, amount: sum((l) => l.pledged!.amount).toFixed(ownDigits) }],
      stage.tranches,
      ownDigits,
    );
    return base.map((p, i) => ({ ...p, own: { amount: own[i].amount, currency: pledged } }));
  });
}

export type RateOf = Map<string, { rate: string; source: string; validOn: string }>;

/**
 * A tranche paid: what each funder committed moves to disbursed, in its own currency. A share
 * pledged in another currency is paid at the rate of the day of payment; what that rate adds
 * to (or takes from) the programme-currency value committed is posted as an exchange
 * difference, so each funder's accounts balance in its own currency and the programme's in
 * its own.
 */
export function tranchePostings(
  applicationId: string,
  currency: string,
  parts: TranchePart[],
  rateOf: RateOf,
): PostingInput[] {
  return parts.flatMap((p): PostingInput[] => {
    const own = p.own ?? { amount: p.amount, currency };
    const common = { applicationId, partyRole: p.role, organisationId: p.organisationId };
    const move = (account: string, sign: 1 | -1): PostingInput => ({
      ...common,
      account,
      amount: new Decimal(own.amount).times(sign).toString(),
      currency: own.currency,
      base: { amount: new Decimal(p.amount).times(sign).toString(), currency },
    });
    const out = [
      move(accounts.committed(applicationId, p.role), -1),
      move(accounts.disbursed(applicationId, p.role), 1),
    ];
    const rate = p.own && rateOf.get(p.own.currency);
    if (!rate) return out;
    const paid = new Decimal(p.own!.amount)
      .times(rate.rate)
      .toDecimalPlaces(minorUnitDigits(currency), Decimal.ROUND_HALF_EVEN);
    const difference = paid.minus(p.amount);
    if (difference.isZero()) return out;
    const revalue = (account: string, sign: 1 | -1): PostingInput => ({
      ...common,
      account,
      amount: difference.times(sign).toString(),
      currency,
      base: { amount: difference.times(sign).toString(), currency },
      rate: { rate: rate.rate, source: rate.source, validOn: rate.validOn },
    });
    return [
      ...out,
      revalue(accounts.disbursed(applicationId, p.role), 1),
      revalue(accounts.exchange(applicationId, p.role), -1),
    ];
  });
}
