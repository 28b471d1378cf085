import Decimal from 'decimal.js';
import type { FundingSplit } from '@codev/domain/funding/funding-formula';
import { minorUnitDigits } from '@codev/domain/funding/money';

/**
 * The funding formula of an application to a call: the issuer pays the grant, the applicant
 * the rest of the cost (its co-funding).
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
