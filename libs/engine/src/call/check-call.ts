import Decimal from 'decimal.js';
import { z } from 'zod';
import { Violation } from '@codev/domain';
import { flattenStages } from '../definition/flatten-stages';
import type { ProgrammeDefinition } from '../definition/programme-definition.schema';
import { formatPath } from '../definition/validate-programme-definition';
import {
  CallDefinition,
  callDefinitionSchema,
  DirectiveDefinition,
  directiveDefinitionSchema,
} from './call-definition.schema';

type Parsed<T> = { ok: true; value: T } | { ok: false; violations: Violation[] };

function parseWith<T>(schema: z.ZodType<T>, raw: unknown): Parsed<T> {
  const parsed = schema.safeParse(raw);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : {
        ok: false,
        violations: parsed.error.issues.map((i) => ({
          path: formatPath(i.path) || '(root)',
          message: i.message,
        })),
      };
}

export const parseDirective = (raw: unknown): Parsed<DirectiveDefinition> =>
  parseWith(directiveDefinitionSchema, raw);

/** A call's shape, then what its parts say of each other: window order, money, criteria, tie-breaks. */
export function parseCall(raw: unknown): Parsed<CallDefinition> {
  const parsed = parseWith(callDefinitionSchema, raw);
  if (!parsed.ok) return parsed;
  const c = parsed.value;
  const violations: Violation[] = [];
  if (c.window.opens >= c.window.closes)
    violations.push({ path: 'window.closes', message: 'must be after window.opens' });
  if (new Decimal(c.maximumPerProject).gt(c.budget)) {
    violations.push({
      path: 'maximumPerProject',
      message: `cannot exceed the budget of ${c.budget} ${c.currency}`,
    });
  }
  const criteria = new Set<string>();
  c.criteria.forEach((k, i) => {
    const points = k.from && 'consultation' in k.from ? k.from.consultation.points : [];
    points.forEach((p, n) => {
      if (Number(p) > Number(k.maxScore))
        violations.push({
          path: `criteria[${i}].from.consultation.points[${n}]`,
          message: `must not exceed the criterion's maxScore ${k.maxScore}`,
        });
    });
    if (criteria.has(k.id))
      violations.push({
        path: `criteria[${i}].id`,
        message: `criterion "${k.id}" is listed twice`,
      });
    criteria.add(k.id);
  });
  c.tieBreaks.forEach((t, i) => {
    if (t.by === 'CRITERION' && !criteria.has(t.criterionId)) {
      violations.push({
        path: `tieBreaks[${i}].criterionId`,
        message: `"${t.criterionId}" is not a criterion of this call`,
      });
    }
  });
  if (c.minimumScore && new Decimal(c.minimumScore).gt(100)) {
    violations.push({ path: 'minimumScore', message: 'scores run from 0 to 100' });
  }
  return violations.length ? { ok: false, violations } : parsed;
}

/**
 * What a call must not contradict in the directives its issuer adopted: no excluded
 * objective, pursued or listed as a priority, and a call year inside the directive's period.
 * An issuer that goes alone (adopts none) is bound by none — that is its right.
 */
export function checkCallAgainstDirectives(
  call: CallDefinition,
  directives: DirectiveDefinition[],
): Violation[] {
  const violations: Violation[] = [];
  call.adheresTo.forEach((key, i) => {
    const directive = directives.find((d) => d.key === key);
    if (!directive) {
      violations.push({ path: `adheresTo[${i}]`, message: `no directive "${key}" is published` });
      return;
    }
    const excluded = new Set(directive.excludedObjectives);
    call.objectives.forEach((o, j) => {
      if (excluded.has(o)) {
        violations.push({
          path: `objectives[${j}]`,
          message: `${directive.name} excludes the objective ${o}`,
        });
      }
    });
    call.priorities.forEach((p, j) => {
      if (excluded.has(p)) {
        violations.push({
          path: `priorities[${j}]`,
          message: `${directive.name} excludes ${p}; it cannot be a priority`,
        });
      }
    });
    const from = Number(directive.validFrom.slice(0, 4));
    const to = Number(directive.validTo.slice(0, 4));
    if (call.year < from || call.year > to) {
      violations.push({
        path: 'year',
        message: `${directive.name} covers ${from}–${to}, not ${call.year}`,
      });
    }
  });
  return violations;
}

/**
 * Whether an applicant based in `applicantJurisdiction` meets the call's registration
 * requirements, given the issuer's jurisdiction: codes nest (ES-MD-28079 lies in ES-MD), so
 * being registered in a territory means being based in it or below it.
 */
export function checkRegistration(
  call: CallDefinition,
  issuerJurisdiction: string | null,
  applicantJurisdiction: string | null,
): Violation[] {
  return call.registrationRequirements.flatMap((requirement) => {
    const territory =
      requirement === 'REGISTERED_IN_REGION' && issuerJurisdiction
        ? issuerJurisdiction.split('-').slice(0, 2).join('-')
        : issuerJurisdiction;
    const inside =
      !!territory &&
      !!applicantJurisdiction &&
      (applicantJurisdiction === territory || applicantJurisdiction.startsWith(`${territory}-`));
    return inside
      ? []
      : [
          {
            path: 'applicantOrganisationId',
            message: `the applicant must be registered in ${territory ?? "the issuer's territory"} (${requirement})`,
          },
        ];
  });
}

/**
 * A call runs under a programme: the programme must select competitively (a SELECTION
 * stage), the roles the call names must be the programme's, and the call may narrow the
 * programme's sectors, countries and applicants but not widen them — so an application the
 * call accepts is one the programme accepts.
 */
export function checkCallAgainstProgramme(
  call: CallDefinition,
  programme: ProgrammeDefinition,
): Violation[] {
  const out: Violation[] = [];
  if (!flattenStages(programme.procedure.stages).some(({ stage }) => stage.kind === 'SELECTION'))
    out.push({
      path: 'programmeKey',
      message: `programme "${programme.key}" has no SELECTION stage, so it does not take applications through calls`,
    });
  const roles = new Set(programme.parties.map((p) => p.role));
  for (const [name, role] of Object.entries(call.programmeRoles))
    if (role && !roles.has(role))
      out.push({
        path: `programmeRoles.${name}`,
        message: `"${role}" is not a role of ${programme.key}`,
      });
  call.sectors.forEach((s, i) => {
    if (!programme.eligibility.sectors.includes(s))
      out.push({
        path: `sectors[${i}]`,
        message: `${programme.key} does not fund the sector ${s}`,
      });
  });
  call.eligibleCountriesOfOrigin.forEach((c, i) => {
    if (!programme.eligibility.projectCountries.includes(c))
      out.push({
        path: `eligibleCountriesOfOrigin[${i}]`,
        message: `${programme.key} funds no projects in ${c}`,
      });
  });
  const applicant = programme.parties.find((p) => p.role === call.programmeRoles.applicant);
  call.eligibleApplicantKinds.forEach((k, i) => {
    if (applicant && !applicant.organisationKinds.includes(k))
      out.push({
        path: `eligibleApplicantKinds[${i}]`,
        message: `${programme.key} takes no ${k} as "${applicant.role}"`,
      });
  });
  return out;
}
