import { isCurrencyCode, parseAmount } from '@codev/domain/funding/money';
import type { Violation } from '@codev/domain/errors/violation';
import { declaredRoles, fromZod } from '../definition/validate-programme-definition';
import { type AgreementDefinition, agreementDefinitionSchema } from './agreement-definition.schema';

export type AgreementResult =
  { ok: true; definition: AgreementDefinition } | { ok: false; violations: Violation[] };

/** Its shape, then what the shape cannot say: roles that exist, keys used once, amounts. */
export function validateAgreementDefinition(raw: unknown): AgreementResult {
  const parsed = agreementDefinitionSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, violations: fromZod(parsed.error) };
  const d = parsed.data;
  const violations: Violation[] = [];
  const roles = declaredRoles(d.parties, violations);
  const role = (value: string, path: string) => {
    if (!roles.has(value))
      violations.push({ path, message: `"${value}" is not a party of this agreement` });
  };
  const committee = d.steeringCommittee;
  committee.members.forEach((m, i) => role(m.role, `steeringCommittee.members[${i}].role`));
  const seated = new Set(committee.members.map((m) => m.role));
  for (const field of ['chair', 'coChair'] as const) {
    const value = committee[field];
    if (value !== undefined && !seated.has(value))
      violations.push({
        path: `steeringCommittee.${field}`,
        message: `"${value}" has no seat on the committee`,
      });
  }
  const seats = committee.members.reduce((s, m) => s + m.seats, 0);
  if (committee.quorum > seats)
    violations.push({
      path: 'steeringCommittee.quorum',
      message: `is ${committee.quorum}, but the committee has ${seats} seat(s)`,
    });
  const components = new Set<string>();
  const programmes = new Map<string, string>();
  d.components.forEach((c, i) => {
    const at = `components[${i}]`;
    if (components.has(c.key))
      violations.push({ path: `${at}.key`, message: `component "${c.key}" is declared twice` });
    components.add(c.key);
    c.programmes.forEach((p, j) => {
      if (programmes.has(p))
        violations.push({
          path: `${at}.programmes[${j}]`,
          message: `"${p}" already runs under component "${programmes.get(p)}"`,
        });
      programmes.set(p, c.key);
    });
    c.envelopes.forEach((e, j) => {
      role(e.funder, `${at}.envelopes[${j}].funder`);
      if (!isCurrencyCode(e.currency)) {
        violations.push({
          path: `${at}.envelopes[${j}].currency`,
          message: `"${e.currency}" is not an ISO 4217 currency in use`,
        });
        return;
      }
      const amount = parseAmount(e.yearlyAmount, e.currency);
      if (!amount.ok)
        violations.push({ path: `${at}.envelopes[${j}].yearlyAmount`, message: amount.reason });
    });
  });
  return violations.length ? { ok: false, violations } : { ok: true, definition: d };
}
