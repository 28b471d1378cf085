import Decimal from 'decimal.js';
import { z } from 'zod';
import { prefixViolations, type Violation } from '@codev/domain/errors/violation';
import { checkFundingRule } from '@codev/domain/funding/funding-formula';
import { isCurrencyCode, parseAmount } from '@codev/domain/funding/money';
import { isIanaTimeZone } from '@codev/domain/jurisdiction/time-zone';
import { stageKindOf } from '../stages/registry';
import type { DefinitionRefs } from '../stages/stage-kind';
import { layoutProcedure } from '../runner/procedure-layout';
import { flattenStages, stagesBefore, stagesBeside } from './flatten-stages';
import { type ProgrammeDefinition, programmeDefinitionSchema } from './programme-definition.schema';

export type DefinitionResult =
  { ok: true; definition: ProgrammeDefinition } | { ok: false; violations: Violation[] };

/** `['funding', 'shares', 2, 'ceiling']` → `funding.shares[2].ceiling`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, part) => {
    if (typeof part === 'number') return `${out}[${part}]`;
    return out ? `${out}.${String(part)}` : String(part);
  }, '');
}

export function fromZod(error: z.ZodError): Violation[] {
  return error.issues.map((issue) => ({
    path: formatPath(issue.path) || '(root)',
    message: issue.message,
  }));
}

/**
 * Parses and checks a definition: first its shape (every problem, by path), then what the
 * shape cannot say — references between its parts, the arithmetic of its shares, and each
 * stage's own rules (its kind checks them).
 */
export function validateProgrammeDefinition(raw: unknown): DefinitionResult {
  const parsed = programmeDefinitionSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, violations: fromZod(parsed.error) };
  const { shares, minimumPooled, backstop } = parsed.data.funding;
  const violations = [
    ...prefixViolations('funding', checkFundingRule({ shares, minimumPooled, backstop })),
    ...checkReferences(parsed.data),
    ...(parsed.data.costItems ?? []).flatMap((c, i, all) =>
      all.findIndex((x) => x.code === c.code) < i
        ? [{ path: `costItems[${i}].code`, message: `cost item "${c.code}" is declared twice` }]
        : [],
    ),
  ];
  return violations.length ? { ok: false, violations } : { ok: true, definition: parsed.data };
}

/**
 * An envelope belongs to a funder with a share, once per funder, and is kept in the
 * programme's currency or in the one its funder pledges in: what a commitment takes from it
 * is then an amount the commitment already holds, never a third conversion.
 */
function checkEnvelopes(d: ProgrammeDefinition): Violation[] {
  const violations: Violation[] = [];
  const pledgeCurrency = new Map(d.funding.shares.map((s) => [s.role, s.currency ?? d.currency]));
  const seen = new Set<string>();
  d.funding.envelopes?.forEach((e, i) => {
    const at = `funding.envelopes[${i}]`;
    const pledgedIn = pledgeCurrency.get(e.role);
    if (pledgedIn === undefined) {
      violations.push({ path: `${at}.role`, message: `"${e.role}" has no funding share` });
      return;
    }
    if (seen.has(e.role))
      violations.push({ path: `${at}.role`, message: `"${e.role}" has an envelope already` });
    seen.add(e.role);
    const currency = e.currency ?? d.currency;
    if (currency !== d.currency && currency !== pledgedIn) {
      violations.push({
        path: `${at}.currency`,
        message:
          `${e.role} pledges in ${pledgedIn}: its envelope is kept in that currency or in the ` +
          `programme's (${d.currency}), not in ${currency}`,
      });
      return;
    }
    if (!isCurrencyCode(currency)) return; // an unknown programme currency is reported on its own
    const amount = parseAmount(e.yearlyAmount, currency);
    if (!amount.ok) violations.push({ path: `${at}.yearlyAmount`, message: amount.reason });
  });
  return violations;
}

/** The parties' roles; a role declared twice is a violation at `parties[i].role`. */
export function declaredRoles(parties: readonly { role: string }[], violations: Violation[]) {
  const roles = new Set<string>();
  parties.forEach((p, i) => {
    if (roles.has(p.role))
      violations.push({
        path: `parties[${i}].role`,
        message: `role "${p.role}" is declared twice`,
      });
    roles.add(p.role);
  });
  return roles;
}

function checkReferences(d: ProgrammeDefinition): Violation[] {
  const violations: Violation[] = [];
  const roles = declaredRoles(d.parties, violations);
  const role = (value: string, path: string): Violation[] =>
    roles.has(value) ? [] : [{ path, message: `"${value}" is not a party role of this programme` }];

  if (!isCurrencyCode(d.currency))
    violations.push({
      path: 'currency',
      message: `"${d.currency}" is not an ISO 4217 currency in use`,
    });
  if (!isIanaTimeZone(d.timeZone))
    violations.push({ path: 'timeZone', message: `"${d.timeZone}" is not an IANA time zone` });
  d.eligibility.applicantRoles.forEach((r, i) =>
    violations.push(...role(r, `eligibility.applicantRoles[${i}]`)),
  );
  const { minimumTotal, maximumTotal } = d.eligibility;
  if (minimumTotal && maximumTotal && new Decimal(minimumTotal).gt(maximumTotal)) {
    violations.push({ path: 'eligibility.minimumTotal', message: 'must not exceed maximumTotal' });
  }

  for (const [sector, type] of Object.entries(d.projectTypes ?? {})) {
    if (!d.eligibility.sectors.includes(sector))
      violations.push({
        path: `projectTypes.${sector}`,
        message: `${sector} is not among eligibility.sectors`,
      });
    type.indicators.forEach((x, i) => {
      if (type.indicators.findIndex((y) => y.code === x.code) !== i)
        violations.push({
          path: `projectTypes.${sector}.indicators[${i}].code`,
          message: `indicator "${x.code}" is declared twice`,
        });
    });
  }

  // Shares, backstop and minimum pooled amount are checked by checkFundingRule; here only
  // that each funder is a party, and that envelopes belong to funders.
  d.funding.shares.forEach((s, i) => violations.push(...role(s.role, `funding.shares[${i}].role`)));
  violations.push(...checkEnvelopes(d));

  const stages = flattenStages(d.procedure.stages);
  const layout = layoutProcedure(d.procedure.stages);
  const everyStage = stages.map(({ stage }) => stage);
  const refs: DefinitionRefs = {
    definition: d,
    role,
    stages: everyStage,
    // With a stage id used twice the order is unknown; that is reported on its own.
    before: (id) => (layout.size === stages.length ? stagesBefore(layout, id) : everyStage),
    beside: (id) => (layout.size === stages.length ? stagesBeside(layout, id) : everyStage),
  };
  // A share lent rather than given must have a LOAN stage to disburse and collect it.
  d.funding.shares.forEach((share, i) => {
    const lent = everyStage.some(
      (s) => s.kind === 'LOAN' && (s as { lender?: string }).lender === share.role,
    );
    if (share.instrument === 'LOAN' && !lent)
      violations.push({
        path: `funding.shares[${i}].instrument`,
        message: `no LOAN stage names "${share.role}" as its lender`,
      });
  });
  const stageIds = new Set<string>();
  for (const { stage, path } of stages) {
    if (stageIds.has(stage.id))
      violations.push({ path: `${path}.id`, message: `stage id "${stage.id}" is used twice` });
    stageIds.add(stage.id);
    if (stage.kind === 'PARALLEL') continue;
    violations.push(...prefixViolations(path, stageKindOf(stage.kind).check?.(stage, refs) ?? []));
  }
  return violations;
}
