import { hasRole, type Principal, Role } from '@codev/auth';
import type { CallStatus } from '@codev/engine';

/** From the provisional resolution on, a call's ranking is published. */
const PUBLISHED: readonly CallStatus[] = ['PROVISIONAL', 'RESOLVED'];

/**
 * Who sees a call's scores and ranks: while the evaluation runs, only the issuer's people
 * (and platform administrators) — so no evaluator or applicant sees another's standing before
 * the resolution; from the provisional resolution on, everyone.
 */
export function scoresVisible(
  call: { status: CallStatus; issuerId: string },
  caller: Principal | null | undefined,
): boolean {
  if (PUBLISHED.includes(call.status)) return true;
  if (!caller) return false;
  return hasRole(caller, Role.PlatformAdmin) || caller.organisationId === call.issuerId;
}

/**
 * Who reads the evaluators' reasons for one application: the issuer's people and platform
 * administrators always; the applicant once the ranking is published (to know why, and to
 * object); no one else — the reasons are about one applicant's project.
 */
export function reasonsVisible(
  call: { status: CallStatus; issuerId: string },
  applicantId: string,
  caller: Principal | null | undefined,
): boolean {
  if (!caller) return false;
  if (hasRole(caller, Role.PlatformAdmin) || caller.organisationId === call.issuerId) return true;
  return caller.organisationId === applicantId && PUBLISHED.includes(call.status);
}
