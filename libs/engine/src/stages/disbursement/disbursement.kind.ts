import Decimal from 'decimal.js';
import { z } from 'zod';
import { code, key, percent, stageBase } from '../../definition/schema-atoms';
import { blockingFindings, reportsFiled } from '../facts';
import type { AnyStage, StageContext, StageKind, Step } from '../stage-kind';
import type { MonitoringStage } from '../monitoring/monitoring.kind';
import { trancheParts } from './tranche-postings';
import { disbursementProjection } from './disbursement.projection';

const trancheSchema = z.strictObject({
  id: key,
  /** Share of each funder's commitment released by this tranche. */
  percent,
  /** Released once this monitoring report has been accepted (none: on entering the stage). */
  afterReport: code.optional(),
});
const schema = z.strictObject({
  ...stageBase,
  kind: z.literal('DISBURSEMENT'),
  tranches: z.array(trancheSchema).min(1),
});
export type DisbursementStage = z.infer<typeof schema>;
type State = { released: number };

/** Releases, in order, every tranche whose report is in and that no open finding holds back. */
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
  const filed = reportsFiled(ctx.facts);
  // A loan is paid out by its LOAN stage, not in tranches.
  const lent = new Set(
    ctx.definition.funding.shares.filter((s) => s.instrument === 'LOAN').map((s) => s.role),
  );
  const parts = trancheParts(stage, ctx.funding).filter((p) => !lent.has(p.role));
  let released = state.released;
  while (released < stage.tranches.length) {
    const tranche = stage.tranches[released];
    if (tranche.afterReport && !filed.includes(tranche.afterReport)) break;
    if (blockingFindings(ctx.facts) > 0) break;
    step.effects.push({
      type: 'disbursement.release',
      key: `${ctx.applicationId}:${stage.id}:${tranche.id}`,
      trancheId: tranche.id,
      parts: parts
        .filter(
          (p) =>
            p.trancheId === tranche.id &&
            !(new Decimal(p.amount).isZero() && new Decimal(p.own?.amount ?? 0).isZero()),
        )
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
  if (released === state.released) return undefined;
  return {
    ...step,
    state: { released },
    outcome: released === stage.tranches.length ? { done: true } : undefined,
  };
}

/** Tranches of every funder's commitment, each released when its report is in and no finding blocks. */
export const disbursementKind: StageKind<DisbursementStage, State> = {
  kind: 'DISBURSEMENT',
  schema,
  projection: disbursementProjection,
  check: (stage, refs) => {
    const out = [];
    const total = stage.tranches.reduce((sum, t) => sum.plus(t.percent), new Decimal(0));
    if (!total.eq(100))
      out.push({ path: 'tranches', message: `percentages add up to ${total.toString()}, not 100` });
    const reportsOf = (stages: readonly AnyStage[]) =>
      new Set(
        stages.flatMap((s) => (s.kind === 'MONITORING' ? (s as MonitoringStage).reports : [])),
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
    const first = release(stage, { released: 0 }, ctx);
    return { ...(first ?? { state: { released: 0 } }), status: 'IN_EXECUTION' };
  },
  react: release,
  actions: {},
};
