import Decimal from 'decimal.js';
import type { GovernmentLevel, OrganisationKind, Violation } from '@codev/domain';
import type { ProgrammeDefinition } from './programme-definition.schema';

/** What is known about an application when it is submitted, looked up by the caller. */
export interface ApplicationFacts {
  sector: string;
  projectCountry: string;
  total: string;
  documentTypes: string[];
  /** In input order; `organisation` is null when the id named no organisation. */
  parties: {
    role: string;
    organisation: {
      kind: OrganisationKind;
      governmentLevel: GovernmentLevel | null;
      countryOfResidence: string;
    } | null;
  }[];
}

/**
 * Whether an application may enter a programme: every reason it may not, at once, named by
 * the input field that causes it. The funding formula is checked separately.
 */
export function checkEligibility(d: ProgrammeDefinition, f: ApplicationFacts): Violation[] {
  const violations: Violation[] = [];
  const { eligibility } = d;
  if (!eligibility.sectors.includes(f.sector)) {
    violations.push({
      path: 'sector',
      message: `"${f.sector}" is not funded by ${d.name}; eligible: ${eligibility.sectors.join(', ')}`,
    });
  }
  if (!eligibility.projectCountries.includes(f.projectCountry)) {
    violations.push({
      path: 'projectJurisdictionCode',
      message: `projects must be located in ${eligibility.projectCountries.join(', ')}`,
    });
  }
  if (eligibility.minimumTotal && new Decimal(f.total).lt(eligibility.minimumTotal)) {
    violations.push({
      path: 'totalAmount',
      message: `must be at least ${eligibility.minimumTotal} ${d.currency}`,
    });
  }
  if (eligibility.maximumTotal && new Decimal(f.total).gt(eligibility.maximumTotal)) {
    violations.push({
      path: 'totalAmount',
      message: `must be at most ${eligibility.maximumTotal} ${d.currency}`,
    });
  }
  for (const required of eligibility.requiredDocuments) {
    if (!f.documentTypes.includes(required))
      violations.push({ path: 'documents', message: `a ${required} document is required` });
  }
  return [...violations, ...checkParties(d, f.parties)];
}

/**
 * Whether the organisations named fill the programme's roles: each of the kind, level and
 * country its role asks for, every required role filled once, an applicant among them.
 */
export function checkParties(
  d: ProgrammeDefinition,
  parties: ApplicationFacts['parties'],
): Violation[] {
  const violations: Violation[] = [];
  const seen = new Set<string>();
  parties.forEach((p, i) => {
    const path = `parties[${i}]`;
    const party = d.parties.find((x) => x.role === p.role);
    if (!party)
      return violations.push({
        path: `${path}.role`,
        message: `"${p.role}" is not a role of ${d.name}`,
      });
    if (seen.has(p.role))
      return violations.push({ path: `${path}.role`, message: `"${p.role}" is assigned twice` });
    seen.add(p.role);
    const o = p.organisation;
    if (!o)
      return violations.push({
        path: `${path}.organisationId`,
        message: 'no organisation has this id',
      });
    if (!party.organisationKinds.includes(o.kind)) {
      violations.push({
        path: `${path}.organisationId`,
        message: `"${p.role}" must be one of ${party.organisationKinds.join(', ')}, not ${o.kind}`,
      });
    }
    if (party.governmentLevel && o.governmentLevel !== party.governmentLevel) {
      violations.push({
        path: `${path}.organisationId`,
        message: `"${p.role}" must be a ${party.governmentLevel.toLowerCase()} government body`,
      });
    }
    if (party.countries && !party.countries.includes(o.countryOfResidence)) {
      violations.push({
        path: `${path}.organisationId`,
        message: `"${p.role}" must reside in ${party.countries.join(', ')}`,
      });
    }
    return undefined;
  });
  // A funder must be named even where its party is otherwise optional: money needs an owner.
  const funders = new Set(d.funding.shares.map((s) => s.role));
  for (const party of d.parties) {
    if ((!party.optional || funders.has(party.role)) && !seen.has(party.role)) {
      violations.push({
        path: 'parties',
        message: `no organisation is assigned the role "${party.role}"`,
      });
    }
  }
  if (!d.eligibility.applicantRoles.some((r) => seen.has(r))) {
    violations.push({
      path: 'parties',
      message: `an applicant (${d.eligibility.applicantRoles.join(' or ')}) must be named`,
    });
  }
  return violations;
}
