import Decimal from 'decimal.js';
import { instantOfLocalDateTime, localDateOf } from '@codev/domain/calendar/zoned-time';
import { MEMBER_ROLES } from '../action-spec';
import { blockingFindings, disbursementTimeline, reportsFiled } from '../facts';
import { receiptReference } from '../receipts';
import type { Actor, EffectDraft, EventDraft, StageAction, StageContext } from '../stage-kind';
import { refuse, type Refusal } from '../stage-kind';
import { trancheParts } from './tranche-postings';

/**
 * Tranches paid by each funder itself (`release: BY_FUNDER`): once a tranche's conditions
 * are met, each funder releases its own part with `releaseTranche`, not before its date in
 * the committee's disbursement timeline unless its person holds an early-release role. The
 * tranche is disbursed when every funder with a part in it has paid. A stage asking for four
 * eyes holds each release for a second person of the funder.
 */
export interface FunderReleaseStage {
  id: string;
  tranches: { id: string; percent: string; afterReport?: string }[];
  release?: 'ON_CONDITIONS' | 'BY_FUNDER';
  earlyReleaseRoles?: string[];
}
export interface FunderReleaseState {
  released: number;
  /** ON_CONDITIONS: the instant the next tranche's last funder date comes, while waiting for it. */
  waitingUntil?: string;
  /** tranche → funder role → the funder's payment reference. */
  paid?: Record<string, Record<string, string>>;
}
type Release = { trancheId: string; role: string; reference: string };

/** Each funder's part of each tranche; a loan is paid by its LOAN stage, and nothing is no part. */
export function fundersParts(stage: FunderReleaseStage, ctx: StageContext) {
  const lent = new Set(
    ctx.definition.funding.shares.filter((s) => s.instrument === 'LOAN').map((s) => s.role),
  );
  return trancheParts(stage, ctx.funding).filter(
    (p) =>
      !lent.has(p.role) &&
      !(new Decimal(p.amount).isZero() && new Decimal(p.own?.amount ?? 0).isZero()),
  );
}

/** Why a tranche's conditions are not met now, if they are not: its report, open findings. */
export function trancheHeldBack(
  tranche: FunderReleaseStage['tranches'][number],
  ctx: StageContext,
): string | undefined {
  if (tranche.afterReport && !reportsFiled(ctx.facts).includes(tranche.afterReport))
    return `tranche "${tranche.id}" waits for the ${tranche.afterReport} report to be accepted`;
  if (blockingFindings(ctx.facts) > 0)
    return `open monitoring findings hold back tranche "${tranche.id}"`;
  return undefined;
}

/** The funder's date for its part of the tranche, from the committee's timeline, if it set one. */
const dueDateOf = (ctx: StageContext, role: string, trancheId: string) =>
  disbursementTimeline(ctx.facts).find((e) => e.role === role && e.trancheId === trancheId)
    ?.dueDate;

/**
 * When every funder's date for a tranche will have come, if some has not yet: the start of
 * the latest of those days, each in its funder's time zone.
 */
export function datesToCome(trancheId: string, ctx: StageContext): string | undefined {
  const instants = disbursementTimeline(ctx.facts)
    .filter((e) => e.trancheId === trancheId && todayOf(ctx, e.role) < e.dueDate)
    .map((e) => instantOfLocalDateTime(`${e.dueDate}T00:00`, ctx.timeZoneOf(e.role)).getTime());
  return instants.length ? new Date(Math.max(...instants)).toISOString() : undefined;
}

/** The funder's own calendar day now, in its jurisdiction's time zone. */
const todayOf = (ctx: StageContext, role: string) =>
  localDateOf(new Date(ctx.now), ctx.timeZoneOf(role));

/** The first earlier tranche in which the funder has a part still unpaid. */
function unpaidBefore(
  stage: FunderReleaseStage,
  state: FunderReleaseState,
  parts: ReturnType<typeof fundersParts>,
  role: string,
  index: number,
) {
  return stage.tranches
    .slice(0, index)
    .find(
      (t) =>
        parts.some((p) => p.trancheId === t.id && p.role === role) && !state.paid?.[t.id]?.[role],
    );
}

function refusal(
  stage: FunderReleaseStage,
  state: FunderReleaseState,
  r: Release,
  actor: Actor,
  ctx: StageContext,
): Refusal | undefined {
  if (stage.release !== 'BY_FUNDER')
    return refuse.conflict(
      `stage "${stage.id}" releases its tranches by itself once their conditions are met`,
    );
  const index = stage.tranches.findIndex((t) => t.id === r.trancheId);
  if (index < 0) return refuse.badInput(`"${r.trancheId}" is not a tranche of stage "${stage.id}"`);
  const notFunder = ctx.actsAs(actor, r.role);
  if (notFunder) return notFunder;
  const parts = fundersParts(stage, ctx);
  if (!parts.some((p) => p.trancheId === r.trancheId && p.role === r.role))
    return refuse.badInput(`"${r.role}" has no part to pay in tranche "${r.trancheId}"`);
  const earlier = unpaidBefore(stage, state, parts, r.role, index);
  if (earlier) return refuse.conflict(`"${r.role}" pays tranche "${earlier.id}" first`);
  const held = trancheHeldBack(stage.tranches[index], ctx);
  if (held) return refuse.conflict(held);
  const due = dueDateOf(ctx, r.role, r.trancheId);
  const today = todayOf(ctx, r.role);
  const early = stage.earlyReleaseRoles ?? [];
  if (due && today < due && !early.some((role) => actor.roles.includes(role)))
    return refuse.conflict(
      early.length
        ? `"${r.role}"'s part of tranche "${r.trancheId}" is due on ${due}: before then only a person with the role ${early.join(' or ')} may release it`
        : `"${r.role}"'s part of tranche "${r.trancheId}" is due on ${due}: it cannot be released before then`,
    );
  return undefined;
}

/** A funder pays its part of a tranche; the tranche is disbursed once every funder has. */
export const releaseTranche: StageAction<FunderReleaseStage, FunderReleaseState, Release> = {
  spec: {
    mutation: 'releaseTranche',
    movesMoney: true,
    description:
      "A funder pays out its part of a tranche, at a DISBURSEMENT stage whose tranches each funder releases (release: BY_FUNDER): once the tranche's report is accepted and no finding holds it back, on or after the funder's date in the disbursement timeline (earlier only with a role the stage's earlyReleaseRoles name)",
    inputType: 'ReleaseTrancheInput',
    addressedBy: 'stage',
    tokenRoles: MEMBER_ROLES,
    fields: {
      trancheId: { type: 'key' },
      role: { type: 'key', description: 'The funder role whose part is paid' },
      reference: { ...receiptReference, description: "The funder's payment reference" },
    },
  },
  validate: (stage, state, r, actor, ctx) => {
    // The same release again (a retry) is answered as before; another one is refused.
    const before = state.paid?.[r.trancheId]?.[r.role];
    if (before === r.reference) return ctx.actsAs(actor, r.role);
    if (before)
      return refuse.conflict(
        `"${r.role}" has already paid its part of tranche "${r.trancheId}", under reference ${before}`,
      );
    return refusal(stage, state, r, actor, ctx);
  },
  apply: (stage, state, r, actor, ctx) => {
    if (state.paid?.[r.trancheId]?.[r.role]) return { state, reply: { duplicate: 'true' } };
    const parts = fundersParts(stage, ctx);
    const paid = {
      ...state.paid,
      [r.trancheId]: { ...state.paid?.[r.trancheId], [r.role]: r.reference },
    };
    const due = dueDateOf(ctx, r.role, r.trancheId);
    const events: EventDraft[] = [
      {
        kind: 'TRANCHE_RELEASED',
        actor,
        role: r.role,
        detail: {
          trancheId: r.trancheId,
          reference: r.reference,
          ...(due ? { dueDate: due, early: todayOf(ctx, r.role) < due } : {}),
        },
      },
    ];
    const effects: EffectDraft[] = [
      {
        type: 'disbursement.release',
        key: `${ctx.applicationId}:${stage.id}:${r.trancheId}:${r.role}`,
        trancheId: r.trancheId,
        parts: parts
          .filter((p) => p.trancheId === r.trancheId && p.role === r.role)
          .map((p) => ({ ...p, organisationId: ctx.parties[p.role] ?? null })),
        currency: ctx.funding.currency,
      },
    ];
    let released = state.released;
    // Tranches are disbursed in order, each once all its funders have paid.
    while (
      released < stage.tranches.length &&
      parts
        .filter((p) => p.trancheId === stage.tranches[released].id)
        .every((p) => paid[stage.tranches[released].id]?.[p.role])
    ) {
      const tranche = stage.tranches[released];
      events.push({
        kind: 'TRANCHE_DISBURSED',
        detail: { trancheId: tranche.id, percent: tranche.percent },
      });
      released++;
    }
    return {
      state: { released, paid },
      events,
      effects,
      outcome: released === stage.tranches.length ? { done: true } : undefined,
    };
  },
};

/** The funders that may pay a part now: its conditions met, its date reached, earlier parts paid. */
export function fundersToPay(
  stage: FunderReleaseStage,
  state: FunderReleaseState,
  ctx: StageContext,
): string[] {
  const parts = fundersParts(stage, ctx);
  const roles = new Set<string>();
  for (const tranche of stage.tranches) {
    if (trancheHeldBack(tranche, ctx)) break;
    for (const p of parts.filter((x) => x.trancheId === tranche.id)) {
      if (state.paid?.[tranche.id]?.[p.role]) continue;
      const earlierUnpaid = unpaidBefore(
        stage,
        state,
        parts,
        p.role,
        stage.tranches.indexOf(tranche),
      );
      const due = dueDateOf(ctx, p.role, tranche.id);
      if (!earlierUnpaid && !(due && todayOf(ctx, p.role) < due)) roles.add(p.role);
    }
  }
  return [...roles];
}
