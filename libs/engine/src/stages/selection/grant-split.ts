import Decimal from 'decimal.js';
import type { FundingSplit } from '@codev/domain/funding/funding-formula';
import { minorUnitDigits } from '@codev/domain/funding/money';

/**
 * The funding of an application to a call that asks for a grant: the issuer pays the grant,
 * the applicant the rest of the cost (its co-funding).
 */
export function grantSplit(
  currency: string,
  roles: { issuer: string; applicant: string },
  total: string,
  grant: string,
): FundingSplit {
  const digits = minorUnitDigits(currency);
  const rest = new Decimal(total).minus(grant);
  return {
    currency,
    total: new Decimal(total).toFixed(digits),
    lines: [
      { role: roles.issuer, amount: new Decimal(grant).toFixed(digits) },
      ...(rest.gt(0) ? [{ role: roles.applicant, amount: rest.toFixed(digits) }] : []),
    ],
  };
}

/**
 * The split once the round granted `granted` to the issuer's lines: a partial grant leaves
 * the difference to the applicant, every other party's share stays as it was.
 */
export function regrant(
  split: FundingSplit,
  roles: { issuer: string; applicant: string },
  granted: string,
): FundingSplit {
  const digits = minorUnitDigits(split.currency);
  const issuer = split.lines.filter((l) => l.role === roles.issuer);
  const asked = issuer.reduce((s, l) => s.plus(l.amount), new Decimal(0));
  const shortfall = asked.minus(granted);
  if (shortfall.isZero()) return split;
  const others = split.lines.filter((l) => l.role !== roles.issuer && l.role !== roles.applicant);
  const applicant = split.lines
    .filter((l) => l.role === roles.applicant)
    .reduce((s, l) => s.plus(l.amount), new Decimal(0))
    .plus(shortfall);
  return {
    ...split,
    lines: [
      { role: roles.issuer, amount: new Decimal(granted).toFixed(digits) },
      ...others,
      ...(applicant.gt(0) ? [{ role: roles.applicant, amount: applicant.toFixed(digits) }] : []),
    ],
  };
}
