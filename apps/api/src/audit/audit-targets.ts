import type { EntityManager } from 'typeorm';

/** What a mutation acted on, and how to read that thing's state. */
export interface AuditTarget {
  target: string;
  snapshot(em: EntityManager): Promise<unknown>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KEY = /^[a-z0-9][a-z0-9-]{0,62}$/;

const application = (id: string): AuditTarget => ({
  target: `application:${id}`,
  snapshot: async (em) =>
    (
      (await em.query(
        `SELECT status, active_stages AS "activeStages", waiting_for AS "waitingFor"
           FROM application WHERE id = $1`,
        [id],
      )) as unknown[]
    )[0] ?? null,
});

const programme = (key: string): AuditTarget => ({
  target: `programme:${key}`,
  snapshot: async (em) => {
    const versions = (await em.query(
      `SELECT v.version, v.status FROM programme_version v JOIN programme p ON p.id = v.programme_id
        WHERE p.key = $1 ORDER BY v.version`,
      [key],
    )) as unknown[];
    return versions.length ? { versions } : null;
  },
});

const organisation = (id: string): AuditTarget => ({
  target: `organisation:${id}`,
  snapshot: async (em) =>
    (
      (await em.query(
        `SELECT o.name, o.kind, o.country_of_residence AS "countryOfResidence",
                j.code AS "jurisdictionCode", o.registration_number AS "registrationNumber"
           FROM organisation o LEFT JOIN jurisdiction j ON j.id = o.jurisdiction_id WHERE o.id = $1`,
        [id],
      )) as unknown[]
    )[0] ?? null,
});

const workPlan = (agreementKey: string, year: number): AuditTarget => ({
  target: `work-plan:${agreementKey}:${year}`,
  snapshot: async (em) =>
    (
      (await em.query(
        `SELECT w.status, w.allocations FROM agreement_work_plan w JOIN agreement a ON a.id = w.agreement_id
          WHERE a.key = $1 AND w.year = $2 ORDER BY w.proposed_at DESC LIMIT 1`,
        [agreementKey, year],
      )) as unknown[]
    )[0] ?? null,
});

const call = (key: string): AuditTarget => ({
  target: `call:${key}`,
  snapshot: async (em) =>
    ((await em.query(`SELECT status FROM call WHERE key = $1`, [key])) as unknown[])[0] ?? null,
});

type Args = Record<string, unknown>;
const inputOf = (args: Args) => (args.input ?? {}) as Args;

/**
 * The target of a mutation, from its arguments — or, for one that creates its target, from
 * its result. Unknown shapes have no target; the entry keeps the arguments all the same.
 */
export function auditTarget(operation: string, args: Args, result?: unknown): AuditTarget | null {
  const input = inputOf(args);
  const out = (result ?? {}) as Args;
  const str = (v: unknown, shape: RegExp) => (typeof v === 'string' && shape.test(v) ? v : null);
  const applicationId = str(input.applicationId, UUID);
  if (applicationId) return application(applicationId);
  if (operation === 'updateOrganisation' && str(input.id, UUID))
    return organisation(input.id as string);
  if (operation === 'registerOrganisation' && str(out.id, UUID))
    return organisation(out.id as string);
  if (['submitApplication', 'submitCallApplication'].includes(operation) && str(out.id, UUID))
    return application(out.id as string);
  const programmeKey = str(args.key, KEY) ?? str(out.programmeKey, KEY) ?? str(out.key, KEY);
  if (/Programme/.test(operation) && programmeKey) return programme(programmeKey);
  if (typeof input.agreementKey === 'string' && typeof input.year === 'number')
    return workPlan(input.agreementKey, input.year);
  const callKey =
    str(args.callKey, KEY) ?? (operation === 'publishCall' ? str(out.key, KEY) : null);
  if (callKey) return call(callKey);
  return null;
}
