import Decimal from 'decimal.js';
import {
  CodevError,
  computeFundingSplit,
  type FundingSplit,
  prefixViolations,
  type Violation,
} from '@codev/domain';
import {
  type CallDefinition,
  callWorkflowId,
  checkCallApplication,
  checkParties,
  checkRegistration,
  grantSplit,
  type ProgrammeDefinition,
} from '@codev/engine';
import type { OrganisationEntity } from '@codev/persistence';
import type { CallSubmission } from './submission';
import type { SubmissionFacts } from './submission-facts';
import { type Prepared, recordOf } from './submission-record';
import { costItemsOf } from './submission-cost-items';

/**
 * A call application judged: the call's rules and the programme's for its parties, every
 * reason at once, and its grant — the amount requested, or the issuer's share of the
 * programme's formula — with what its round needs to know.
 */
export async function prepareCallSubmission(
  s: CallSubmission,
  facts: SubmissionFacts,
): Promise<Prepared> {
  const call = await facts.call(s.callKey);
  if (!call) throw CodevError.notFound(`Call ${s.callKey}`);
  const d = call.definition;
  const roles = d.programmeRoles;
  const [version, place, organisations, basedIn, arrivedAt] = await Promise.all([
    facts.inForce(d.programmeKey),
    facts.jurisdiction(s.projectJurisdictionCode ?? s.countryOfOrigin),
    facts.organisations([
      s.applicantOrganisationId,
      s.implementingNgoOrganisationId,
      call.issuerId,
      ...(s.parties ?? []).map((p) => p.organisationId),
    ]),
    facts.basedIn([call.issuerId, s.applicantOrganisationId]),
    facts.now(),
  ]);
  if (!version)
    throw CodevError.conflict(`the programme of call ${s.callKey} has no version in force`);
  const definition: ProgrammeDefinition = version.definition;
  const parties: Record<string, string> = {
    ...Object.fromEntries((s.parties ?? []).map((p) => [p.role, p.organisationId])),
    [roles.applicant]: s.applicantOrganisationId,
    [roles.issuer]: call.issuerId,
    ...(roles.implementer && s.implementingNgoOrganisationId
      ? { [roles.implementer]: s.implementingNgoOrganisationId }
      : {}),
  };
  const violations: Violation[] = [];
  const budget = costItemsOf(definition, s);
  violations.push(...budget.violations);
  const funding = callFunding(s, d, definition, violations);
  const requested = funding
    ? funding.lines
        .filter((l) => l.role === roles.issuer)
        .reduce((t, l) => t.plus(l.amount), new Decimal(0))
    : new Decimal(0);
  const applicant = organisations.get(s.applicantOrganisationId) ?? null;
  violations.push(
    ...checkCallApplication(d, {
      ...s,
      requestedAmount: requested.toString(),
      applicant,
      implementer: s.implementingNgoOrganisationId
        ? (organisations.get(s.implementingNgoOrganisationId) ?? null)
        : null,
      implementingNgoId: s.implementingNgoOrganisationId,
    }),
  );
  if (!place)
    violations.push({
      path: s.projectJurisdictionCode ? 'projectJurisdictionCode' : 'countryOfOrigin',
      message: `${s.projectJurisdictionCode ?? s.countryOfOrigin} is not a registered jurisdiction`,
    });
  else if (place.countryCode !== s.countryOfOrigin)
    violations.push({
      path: 'projectJurisdictionCode',
      message: `must lie in ${s.countryOfOrigin}`,
    });
  if (applicant)
    violations.push(
      ...checkRegistration(
        d,
        basedIn.get(call.issuerId) ?? null,
        basedIn.get(applicant.id) ?? null,
      ),
    );
  violations.push(
    ...partyViolations(definition, parties, organisations, roles, s.parties ?? [], violations),
  );
  const record = place ? recordOf(version, s, place, budget.items, violations) : null;
  if (violations.length || !record || !funding)
    throw CodevError.badInput(prefixViolations('input', violations));
  return {
    definition,
    parties,
    funding,
    round: {
      callId: call.id,
      callKey: call.key,
      workflowId: callWorkflowId(call.key),
      envelopeId: call.envelopeId,
      issuerId: call.issuerId,
      currency: d.currency,
      criteria: d.criteria,
      requiredDocuments: d.requiredDocuments,
      roles,
      requested: requested.toFixed(),
      objective: s.objective,
      implementingNgoId: s.implementingNgoOrganisationId ?? null,
      closesAt: call.closesAt.toISOString(),
      arrivedAt: arrivedAt.toISOString(),
    },
    record: {
      ...record,
      applicantId: s.applicantOrganisationId,
      applicantRole: roles.applicant,
      objective: s.objective,
      implementingNgoId: s.implementingNgoOrganisationId ?? null,
    },
  };
}

/** The split: the grant requested and the applicant's co-funding, or the programme's own formula. */
function callFunding(
  s: CallSubmission,
  d: CallDefinition,
  programme: ProgrammeDefinition,
  violations: Violation[],
): FundingSplit | null {
  if (d.fundingFrom === 'REQUEST') {
    if (!s.requestedAmount) {
      violations.push({
        path: 'requestedAmount',
        message: 'this call funds the grant you request: name it',
      });
      return null;
    }
    if (s.parties?.length)
      violations.push({
        path: 'parties',
        message: 'this call takes no parties beyond the applicant and the implementer',
      });
    return grantSplit(d.currency, d.programmeRoles, s.totalAmount, s.requestedAmount);
  }
  if (s.requestedAmount)
    violations.push({
      path: 'requestedAmount',
      message:
        "this call's grant is the issuer's share of the programme's formula; do not name one",
    });
  const funding = computeFundingSplit(programme.funding, {
    total: s.totalAmount,
    currency: programme.currency,
  });
  if (!funding.ok) {
    violations.push(...funding.violations);
    return null;
  }
  return funding.split;
}

/**
 * The programme's own rules for its parties, where the call's rules did not already speak,
 * named by the field of the call's input that assigns each role.
 */
function partyViolations(
  definition: ProgrammeDefinition,
  parties: Record<string, string>,
  organisations: Map<string, OrganisationEntity>,
  roles: CallDefinition['programmeRoles'],
  extra: { role: string }[],
  already: Violation[],
): Violation[] {
  const named = Object.entries(parties).map(([role, id]) => ({
    role,
    organisation: organisations.get(id) ?? null,
  }));
  const fieldOf = (role: string): string => {
    if (role === roles.applicant) return 'applicantOrganisationId';
    if (role === roles.implementer) return 'implementingNgoOrganisationId';
    const i = extra.findIndex((p) => p.role === role);
    return i >= 0 ? `parties[${i}].organisationId` : 'parties';
  };
  const out: Violation[] = [];
  for (const v of checkParties(definition, named)) {
    const index = /^parties\[(\d+)\]/.exec(v.path)?.[1];
    const path = index !== undefined ? fieldOf(named[Number(index)].role) : v.path;
    if (![...already, ...out].some((x) => x.path === path)) out.push({ path, message: v.message });
  }
  return out;
}
