import Decimal from 'decimal.js';
import { z } from 'zod';
import {
  code,
  fourEyesSchema,
  key,
  percent,
  stageBase,
  tokenRole,
} from '../../definition/schema-atoms';
import type { AnyStage, StageContext, StageKind, Step } from '../stage-kind';
import type { MonitoringStage } from '../monitoring/monitoring.kind';
import { reportsOf as expectedReports } from '../monitoring/reports';
import { disbursementProjection } from './disbursement.projection';
import {
  datesToCome,
  type FunderReleaseState,
  fundersParts,
  fundersToPay,
  releaseTranche,
  trancheHeldBack,
} from './funder-release';

const trancheSchema = z.strictObject({
  id: key,
  /** Share of each funder's commitment released by this tranche. */
  percent,
  afterReport: code
    .optional()
    .describe(
      'Released once this monitoring report has been accepted (none: on entering the stage).',
    ),
});
const schema = z.strictObject({
  ...stageBase,
  kind: z.literal('DISBURSEMENT'),
  tranches: z.array(trancheSchema).min(1),
  release: z
    .enum(['ON_CONDITIONS', 'BY_FUNDER'])
    .optional()
    .describe(
      "ON_CONDITIONS (the default): the engine pays each tranche out as soon as its report is accepted, no finding holds it back and every funder's date for it in the committee's disbursement timeline has come. BY_FUNDER: each funder then pays its own part (`releaseTranche`), on or after its date in the committee's disbursement timeline.",
    ),
  earlyReleaseRoles: z
    .array(tokenRole)
    .min(1)
    .optional()
    .describe(
      "BY_FUNDER: token roles of a funder's people who may release its part before its date.",
    ),
  fourEyes: fourEyesSchema
    .optional()
    .describe(
      'BY_FUNDER: each release waits for a second person of the funder with an approving role.',
    ),
});
export type DisbursementStage = z.infer<typeof schema>;
type State = FunderReleaseState;

/**
 * Releases, in order, every tranche whose report is in and that no open finding holds back —
 * and, where the engine honours the committee's timeline, whose funders' dates have all come;
 * until then the stage waits for that instant (a deadline `{ at }`, whose expiry looks again).
 */
function release(
  stage: DisbursementStage,
  state: State,
  ctx: StageContext,
): Step<State> | undefined {
  const step: Required<Pick<Step<State>, 'events' | 'effects'>> & { state: State } = {
    state,
    events: [],
    effects: [],
  };
  const parts = fundersParts(stage, ctx);
  let released = state.released;
  let until: string | undefined;
  while (released < stage.tranches.length) {
    const tranche = stage.tranches[released];
    if (trancheHeldBack(tranche, ctx)) break;
    until = ctx.features.trancheDates ? datesToCome(tranche.id, ctx) : undefined;
    if (until) break;
    step.effects.push({
      type: 'disbursement.release',
      key: `${ctx.applicationId}:${stage.id}:${tranche.id}`,
      trancheId: tranche.id,
      parts: parts
        .filter((p) => p.trancheId === tranche.id)
        .map((p) => ({ ...p, organisationId: ctx.parties[p.role] ?? null })),
      // A share pledged in another currency is paid in it, at the rate of the day of payment.
      currency: ctx.funding.currency,
    });
    step.events.push({
      kind: 'TRANCHE_DISBURSED',
      detail: { trancheId: tranche.id, percent: tranche.percent },
    });
    released++;
  }
  const waitAnew = until !== undefined && until !== state.waitingUntil;
  if (released === state.released && !waitAnew) return undefined;
  return {
    ...step,
    state: until ? { released, waitingUntil: until } : { released },
    ...(waitAnew ? { deadline: { at: until! } } : {}),
    // Paid while its date's timer was still to fire: that deadline is met, not to expire later.
    ...(state.waitingUntil && !until ? { deadlineMet: true } : {}),
    outcome: released === stage.tranches.length ? { done: true } : undefined,
  };
}

export const disbursementKind: StageKind<DisbursementStage, State> = {
  kind: 'DISBURSEMENT',
  // What the definition language reference says of the kind.
  schema: schema.describe(
    "Tranches of every funder's commitment, each released when its report is in and no finding blocks — by the engine itself, or by each funder for its own part.",
  ),
  projection: disbursementProjection,
  check: (stage, refs) => {
    const out = [];
    const total = stage.tranches.reduce((sum, t) => sum.plus(t.percent), new Decimal(0));
    if (!total.eq(100))
      out.push({ path: 'tranches', message: `percentages add up to ${total.toString()}, not 100` });
    const reportsOf = (stages: readonly AnyStage[]) =>
      new Set(
        stages.flatMap((s) =>
          s.kind === 'MONITORING' ? expectedReports(s as MonitoringStage).map((r) => r.type) : [],
        ),
      );
    const asked = reportsOf(refs.stages);
    const reachable = reportsOf([...refs.before(stage.id), ...refs.beside(stage.id)]);
    const ids = new Set<string>();
    stage.tranches.forEach((t, i) => {
      if (ids.has(t.id))
        out.push({ path: `tranches[${i}].id`, message: `tranche id "${t.id}" is used twice` });
      ids.add(t.id);
      if (t.afterReport && !asked.has(t.afterReport))
        out.push({
          path: `tranches[${i}].afterReport`,
          message: `no monitoring stage asks for a "${t.afterReport}" report`,
        });
      else if (t.afterReport && !reachable.has(t.afterReport))
        out.push({
          path: `tranches[${i}].afterReport`,
          message: `the "${t.afterReport}" report comes from a monitoring stage that runs only after this one: put it before, or beside in a PARALLEL`,
        });
    });
    if (stage.release !== 'BY_FUNDER')
      for (const field of ['earlyReleaseRoles', 'fourEyes'] as const)
        if (stage[field])
          out.push({
            path: field,
            message: `only a stage whose funders release their own parts (release: BY_FUNDER) has ${field}`,
          });
    // Tranches draw on what was committed: a commitment must have come first.
    if (!refs.before(stage.id).some((s) => s.kind === 'COMMITMENT'))
      out.push({
        path: 'kind',
        message:
          'a DISBURSEMENT pays out what a COMMITMENT committed: put a COMMITMENT stage before it',
      });
    return out;
  },
  start: (stage, ctx) => {
    if (stage.release === 'BY_FUNDER')
      return { state: { released: 0, paid: {} }, status: 'IN_EXECUTION' };
    const first = release(stage, { released: 0 }, ctx);
    return { ...(first ?? { state: { released: 0 } }), status: 'IN_EXECUTION' };
  },
  react: (stage, state, ctx) =>
    stage.release === 'BY_FUNDER' ? undefined : release(stage, state, ctx),
  // The date a tranche waited for has come.
  expire: (stage, state, ctx) =>
    release(stage, { released: state.released }, ctx) ?? { state: { released: state.released } },
  waitingFor: (stage, state, ctx) =>
    stage.release === 'BY_FUNDER' ? fundersToPay(stage, state, ctx) : [],
  actions: { releaseTranche },
};
