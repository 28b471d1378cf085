import Decimal from 'decimal.js';
import { parseAmount } from '@codev/domain/funding/money';
import type { Violation } from '@codev/domain/errors/violation';
import type { CommitteeRules } from '../stages/committee/committee-tally';
import type { AgreementDefinition } from './agreement-definition.schema';

/** What a work plan gives one funder's envelope of one component for its year. */
export interface WorkPlanAllocation {
  component: string;
  funder: string;
  amount: string;
}

/** An allocation as it is kept: in the currency the component's envelope is budgeted in. */
export interface PricedAllocation extends WorkPlanAllocation {
  currency: string;
}

export const WORK_PLAN_YEARS = { min: 2000, max: 2100 } as const;

/**
 * A year's work plan against the agreement: every allocation names a component and a funder
 * that has an envelope in it, once, with a positive amount in that envelope's currency.
 * Returns the allocations priced in their currencies, or every problem by its path.
 */
export function checkWorkPlan(
  agreement: AgreementDefinition,
  year: number,
  allocations: readonly WorkPlanAllocation[],
): { ok: true; allocations: PricedAllocation[] } | { ok: false; violations: Violation[] } {
  const violations: Violation[] = [];
  if (!Number.isInteger(year) || year < WORK_PLAN_YEARS.min || year > WORK_PLAN_YEARS.max)
    violations.push({
      path: 'year',
      message: `must be a year from ${WORK_PLAN_YEARS.min} to ${WORK_PLAN_YEARS.max}`,
    });
  if (!allocations.length)
    violations.push({ path: 'allocations', message: 'a work plan allocates something' });
  const seen = new Set<string>();
  const priced: PricedAllocation[] = [];
  allocations.forEach((a, i) => {
    const at = (field: string) => `allocations[${i}].${field}`;
    const component = agreement.components.find((c) => c.key === a.component);
    if (!component) {
      violations.push({
        path: at('component'),
        message: `"${a.component}" is not a component of ${agreement.key} (${agreement.components.map((c) => c.key).join(', ')})`,
      });
      return;
    }
    const envelope = component.envelopes.find((e) => e.funder === a.funder);
    if (!envelope) {
      violations.push({
        path: at('funder'),
        message: `"${a.funder}" has no envelope in component "${a.component}"`,
      });
      return;
    }
    if (seen.has(`${a.component} ${a.funder}`))
      violations.push({
        path: at('funder'),
        message: `"${a.funder}" is allocated twice in "${a.component}"`,
      });
    seen.add(`${a.component} ${a.funder}`);
    const amount = parseAmount(a.amount, envelope.currency);
    if (!amount.ok) violations.push({ path: at('amount'), message: amount.reason });
    else if (amount.value.isZero())
      violations.push({ path: at('amount'), message: 'must be positive' });
    else
      priced.push({
        ...a,
        amount: new Decimal(a.amount).toString(),
        currency: envelope.currency,
      });
  });
  return violations.length ? { ok: false, violations } : { ok: true, allocations: priced };
}

/** The joint steering committee's voting rules: a simple majority of the members present. */
export function steeringCommitteeRules(agreement: AgreementDefinition): CommitteeRules {
  const c = agreement.steeringCommittee;
  return {
    members: c.members,
    chair: c.chair,
    ...(c.coChair ? { coChair: c.coChair } : {}),
    quorum: c.quorum,
    majority: 'SIMPLE',
    chairHasCastingVote: false,
  };
}
