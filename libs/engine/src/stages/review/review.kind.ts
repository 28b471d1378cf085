import { z } from 'zod';
import { deadlineFields, roleRef, stageBase } from '../../definition/schema-atoms';
import { MEMBER_ROLES } from '../action-spec';
import { checkExpiry, expiryOutcome } from '../expiry';
import { refuse, type StageKind } from '../stage-kind';

const schema = z.strictObject({
  ...stageBase,
  kind: z.literal('REVIEW'),
  reviewer: roleRef,
  ...deadlineFields,
});
export type ReviewStage = z.infer<typeof schema>;

interface State {
  /** Who decides now: the reviewer, or the body the deadline escalated to. */
  reviewer: string;
}
interface DecideInput {
  decision: 'APPROVE' | 'REJECT';
  reason: string;
}

export const reviewKind: StageKind<ReviewStage, State> = {
  kind: 'REVIEW',
  // What the definition language reference says of the kind.
  schema: schema.describe(
    "One body's decision, within a deadline whose expiry approves, rejects or escalates.",
  ),
  check: (stage, refs) => [
    ...refs.role(stage.reviewer, 'reviewer'),
    ...checkExpiry(stage, refs, { escalation: true }),
  ],
  start: (stage) => ({ state: { reviewer: stage.reviewer }, deadline: stage.deadline }),
  expire: (stage, state) => {
    if (stage.onExpiry && 'escalateTo' in stage.onExpiry) {
      const to = stage.onExpiry.escalateTo;
      return { state: { reviewer: to }, events: [{ kind: 'ESCALATED', detail: { to } }] };
    }
    return expiryOutcome(stage, state);
  },
  actingRole: (_stage, state) => state.reviewer,
  waitingFor: (_stage, state) => [state.reviewer],
  actions: {
    decideReview: {
      spec: {
        mutation: 'decideReview',
        description: "The reviewing body's decision, with its reason",
        inputType: 'DecideReviewInput',
        addressedBy: 'stage',
        tokenRoles: MEMBER_ROLES,
        fields: {
          decision: { type: 'enum', name: 'ReviewDecision', values: ['APPROVE', 'REJECT'] },
          reason: { type: 'text', max: 2000 },
        },
      },
      validate: (_stage, state, r: DecideInput, actor, ctx) =>
        ctx.actsAs(actor, state.reviewer) ??
        (r.reason.trim() ? undefined : refuse.badInput('a decision must give its reason')),
      apply: (_stage, state, r: DecideInput, actor) => ({
        state,
        events: [
          {
            kind: r.decision === 'APPROVE' ? 'REVIEW_APPROVED' : 'REVIEW_REJECTED',
            actor,
            role: state.reviewer,
            reason: r.reason,
          },
        ],
        outcome: r.decision === 'APPROVE' ? { done: true } : { rejected: r.reason },
        reply: { outcome: r.decision },
      }),
    },
  },
};
