import Decimal from 'decimal.js';
import { z } from 'zod';
import { prefixViolations, Violation } from '../errors/violation';
import { checkFundingRule } from '../funding/funding-formula';
import { isIanaTimeZone } from '../jurisdiction/time-zone';
import {
  DeadlineDefinition,
  OnExpiryDefinition,
  ProgrammeDefinition,
  programmeDefinitionSchema,
  StageDefinition,
} from './programme-definition.schema';
import { flattenStages } from './stages';

export type DefinitionResult =
  { ok: true; definition: ProgrammeDefinition } | { ok: false; violations: Violation[] };

/** `['funding', 'shares', 2, 'ceiling']` → `funding.shares[2].ceiling`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, part) => {
    if (typeof part === 'number') return `${out}[${part}]`;
    return out ? `${out}.${String(part)}` : String(part);
  }, '');
}

function fromZod(error: z.ZodError): Violation[] {
  return error.issues.map((issue) => ({
    path: formatPath(issue.path) || '(root)',
    message: issue.message,
  }));
}

/**
 * Parses and checks a definition: first its shape (every problem, by path), then what the
 * shape cannot say — references between its parts and the arithmetic of its shares.
 */
export function validateProgrammeDefinition(raw: unknown): DefinitionResult {
  const parsed = programmeDefinitionSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, violations: fromZod(parsed.error) };
  const { shares, minimumPooled, backstop } = parsed.data.funding;
  const violations = [
    ...prefixViolations('funding', checkFundingRule({ shares, minimumPooled, backstop })),
    ...checkReferences(parsed.data),
  ];
  return violations.length ? { ok: false, violations } : { ok: true, definition: parsed.data };
}

function checkReferences(d: ProgrammeDefinition): Violation[] {
  const violations: Violation[] = [];
  const roles = new Set<string>();
  d.parties.forEach((p, i) => {
    if (roles.has(p.role))
      violations.push({
        path: `parties[${i}].role`,
        message: `role "${p.role}" is declared twice`,
      });
    roles.add(p.role);
  });
  const role = (value: string, path: string) => {
    if (!roles.has(value))
      violations.push({ path, message: `"${value}" is not a party role of this programme` });
  };

  if (!isIanaTimeZone(d.timeZone))
    violations.push({ path: 'timeZone', message: `"${d.timeZone}" is not an IANA time zone` });
  d.eligibility.applicantRoles.forEach((r, i) => role(r, `eligibility.applicantRoles[${i}]`));
  const { minimumTotal, maximumTotal } = d.eligibility;
  if (minimumTotal && maximumTotal && new Decimal(minimumTotal).gt(maximumTotal)) {
    violations.push({ path: 'eligibility.minimumTotal', message: 'must not exceed maximumTotal' });
  }

  // Shares, backstop and minimum pooled amount are checked by checkFundingRule; here only
  // that each funder is a party, and that envelopes belong to funders.
  d.funding.shares.forEach((s, i) => role(s.role, `funding.shares[${i}].role`));
  const shareRoles = new Set(d.funding.shares.map((s) => s.role));
  const funder = (value: string, path: string) => {
    if (!shareRoles.has(value))
      violations.push({ path, message: `"${value}" has no funding share` });
  };
  d.funding.envelopes?.forEach((e, i) => funder(e.role, `funding.envelopes[${i}].role`));

  const stages = flattenStages(d.procedure.stages);
  const stageIds = new Set<string>();
  const reports = new Set(
    stages.flatMap(({ stage }) => (stage.kind === 'MONITORING' ? stage.reports : [])),
  );
  for (const { stage, path } of stages) {
    if (stageIds.has(stage.id))
      violations.push({ path: `${path}.id`, message: `stage id "${stage.id}" is used twice` });
    stageIds.add(stage.id);
    violations.push(...checkStage(stage, path, role, reports));
  }
  return violations;
}

function checkStage(
  stage: StageDefinition,
  path: string,
  role: (value: string, path: string) => void,
  reports: Set<string>,
): Violation[] {
  const violations: Violation[] = [];
  const deadline = (
    dl: DeadlineDefinition | undefined,
    onExpiry: OnExpiryDefinition | undefined,
  ) => {
    if (onExpiry && !dl)
      violations.push({ path: `${path}.onExpiry`, message: 'needs a deadline to expire' });
    if (onExpiry && 'escalateTo' in onExpiry)
      role(onExpiry.escalateTo, `${path}.onExpiry.escalateTo`);
  };
  switch (stage.kind) {
    case 'DOCUMENT':
      stage.submittedBy.forEach((r, i) => role(r, `${path}.submittedBy[${i}]`));
      deadline(stage.deadline, stage.onExpiry);
      break;
    case 'COMMITTEE': {
      stage.members.forEach((m, i) => role(m.role, `${path}.members[${i}].role`));
      role(stage.chair, `${path}.chair`);
      if (!stage.members.some((m) => m.role === stage.chair)) {
        violations.push({
          path: `${path}.chair`,
          message: `the chair "${stage.chair}" must be one of the members`,
        });
      }
      const seats = stage.members.reduce((n, m) => n + m.seats, 0);
      if (stage.quorum > seats)
        violations.push({ path: `${path}.quorum`, message: `cannot exceed the ${seats} seats` });
      deadline(stage.deadline, stage.onExpiry);
      break;
    }
    case 'REVIEW':
      role(stage.reviewer, `${path}.reviewer`);
      deadline(stage.deadline, stage.onExpiry);
      break;
    case 'DISBURSEMENT': {
      const total = stage.tranches.reduce((sum, t) => sum.plus(t.percent), new Decimal(0));
      if (!total.eq(100)) {
        violations.push({
          path: `${path}.tranches`,
          message: `percentages add up to ${total.toString()}, not 100`,
        });
      }
      const ids = new Set<string>();
      stage.tranches.forEach((t, i) => {
        if (ids.has(t.id))
          violations.push({
            path: `${path}.tranches[${i}].id`,
            message: `tranche id "${t.id}" is used twice`,
          });
        ids.add(t.id);
        if (t.afterReport && !reports.has(t.afterReport)) {
          violations.push({
            path: `${path}.tranches[${i}].afterReport`,
            message: `no monitoring stage asks for a "${t.afterReport}" report`,
          });
        }
      });
      break;
    }
    case 'MONITORING':
      role(stage.supervisor, `${path}.supervisor`);
      break;
    case 'HANDOVER':
      role(stage.certifiedBy, `${path}.certifiedBy`);
      stage.commitments.forEach((c, i) => role(c.role, `${path}.commitments[${i}].role`));
      break;
    case 'CHECK':
    case 'COMMITMENT':
    case 'PARALLEL':
      break;
  }
  return violations;
}
