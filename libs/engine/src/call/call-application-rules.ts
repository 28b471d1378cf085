import Decimal from 'decimal.js';
import type { OrganisationKind, Violation } from '@codev/domain';
import type { CallDefinition } from './call-definition.schema';

/** What an application to a call says of itself, as the rules read it. */
export interface CallApplicationFacts {
  applicant: { kind: OrganisationKind } | null;
  countryOfOrigin: string;
  sector: string;
  objective: string;
  totalAmount: string;
  /** The grant asked of the call: given, or the issuer's share of the programme's formula. */
  requestedAmount: string;
  implementingNgoId: string | null | undefined;
  implementer: { kind: OrganisationKind } | null;
}

/** Who and what a call accepts: every reason an application falls outside it, at once. */
export function checkCallApplication(call: CallDefinition, f: CallApplicationFacts): Violation[] {
  const violations: Violation[] = [];
  if (!f.applicant)
    violations.push({ path: 'applicantOrganisationId', message: 'no organisation has this id' });
  else if (!call.eligibleApplicantKinds.includes(f.applicant.kind)) {
    violations.push({
      path: 'applicantOrganisationId',
      message: `this call accepts ${call.eligibleApplicantKinds.join(', ')}, not ${f.applicant.kind}`,
    });
  }
  if (!call.eligibleCountriesOfOrigin.includes(f.countryOfOrigin)) {
    violations.push({
      path: 'countryOfOrigin',
      message: `eligible countries are ${call.eligibleCountriesOfOrigin.join(', ')}`,
    });
  }
  if (!call.sectors.includes(f.sector))
    violations.push({ path: 'sector', message: `eligible sectors are ${call.sectors.join(', ')}` });
  if (!call.objectives.includes(f.objective)) {
    violations.push({
      path: 'objective',
      message: `the call's objectives are ${call.objectives.join(', ')}`,
    });
  }
  const total = new Decimal(f.totalAmount);
  const requested = new Decimal(f.requestedAmount);
  if (requested.gt(call.maximumPerProject)) {
    violations.push({
      path: 'requestedAmount',
      message: `exceeds the maximum of ${call.maximumPerProject} ${call.currency} per project`,
    });
  }
  if (requested.lte(0))
    violations.push({ path: 'requestedAmount', message: 'must be more than zero' });
  if (requested.gt(total))
    violations.push({ path: 'requestedAmount', message: 'cannot exceed the total cost' });
  else if (
    call.minimumApplicantCofunding &&
    !total.isZero() &&
    total.minus(requested).div(total).lt(call.minimumApplicantCofunding)
  ) {
    violations.push({
      path: 'requestedAmount',
      message: `the applicant must fund at least ${new Decimal(call.minimumApplicantCofunding).times(100).toString()}% of the cost`,
    });
  }
  return [...violations, ...checkImplementer(call, f)];
}

/** Where the call's programme has an implementer role, an NGO must be named for it. */
function checkImplementer(call: CallDefinition, f: CallApplicationFacts): Violation[] {
  const path = 'implementingNgoOrganisationId';
  if (!call.programmeRoles.implementer) return [];
  if (!f.implementingNgoId)
    return [
      { path, message: 'name the NGO that carries the project out in the country of origin' },
    ];
  if (!f.implementer) return [{ path, message: 'no organisation has this id' }];
  if (f.implementer.kind !== 'NGO')
    return [{ path, message: `must be an NGO, not ${f.implementer.kind}` }];
  return [];
}
