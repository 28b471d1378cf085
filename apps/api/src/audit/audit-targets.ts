/**
 * What a mutation acted on, and its state as one SQL expression of type jsonb over `$1`
 * (and `$2`): read alone before the mutation, and inside the audit entry's own INSERT after
 * it, so recording costs two statements whatever the target.
 */
export interface AuditTarget {
  target: string;
  state: string;
  params: unknown[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KEY = /^[a-z0-9][a-z0-9-]{0,62}$/;

const application = (id: string): AuditTarget => ({
  target: `application:${id}`,
  state: `(SELECT jsonb_build_object('status', status, 'activeStages', active_stages, 'waitingFor', waiting_for)
             FROM application WHERE id = $1::uuid)`,
  params: [id],
});

const programme = (key: string): AuditTarget => ({
  target: `programme:${key}`,
  state: `(SELECT jsonb_build_object('versions', jsonb_agg(jsonb_build_object('version', v.version, 'status', v.status)
                                                          ORDER BY v.version))
             FROM programme_version v JOIN programme p ON p.id = v.programme_id WHERE p.key = $1::text
           HAVING count(*) > 0)`,
  params: [key],
});

const organisation = (id: string): AuditTarget => ({
  target: `organisation:${id}`,
  state: `(SELECT jsonb_build_object('name', o.name, 'kind', o.kind, 'countryOfResidence', o.country_of_residence,
                                     'jurisdictionCode', j.code, 'registrationNumber', o.registration_number)
             FROM organisation o LEFT JOIN jurisdiction j ON j.id = o.jurisdiction_id WHERE o.id = $1::uuid)`,
  params: [id],
});

const workPlan = (agreementKey: string, year: number): AuditTarget => ({
  target: `work-plan:${agreementKey}:${year}`,
  state: `(SELECT jsonb_build_object('status', w.status, 'allocations', w.allocations)
             FROM agreement_work_plan w JOIN agreement a ON a.id = w.agreement_id
            WHERE a.key = $1::text AND w.year = $2::int ORDER BY w.proposed_at DESC LIMIT 1)`,
  params: [agreementKey, year],
});

const call = (key: string): AuditTarget => ({
  target: `call:${key}`,
  state: `(SELECT jsonb_build_object('status', status) FROM call WHERE key = $1::text)`,
  params: [key],
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
  if (
    typeof input.agreementKey === 'string' &&
    Number.isInteger(input.year) &&
    KEY.test(input.agreementKey)
  )
    return workPlan(input.agreementKey, input.year as number);
  const callKey =
    str(args.callKey, KEY) ?? (operation === 'publishCall' ? str(out.key, KEY) : null);
  if (callKey) return call(callKey);
  return null;
}
