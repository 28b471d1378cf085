import { z } from 'zod';
import { roleRef, stageBase } from '../../definition/schema-atoms';
import { MEMBER_ROLES } from '../action-spec';
import { refuse, type StageKind } from '../stage-kind';
import { PLAQUE_PLACEHOLDERS } from './plaque';
import { handoverProjection } from './handover.projection';

const schema = z.strictObject({
  ...stageBase,
  kind: z.literal('HANDOVER'),
  certifiedBy: roleRef.describe(
    'Who certifies the handover (e.g. the executor hands the work to the community).',
  ),
  commitments: z
    .array(z.strictObject({ role: roleRef, text: z.string().min(1) }))
    .min(1)
    .describe("Each party's commitment to maintain, conserve, monitor and operate the work."),
  plaque: z
    .string()
    .min(1)
    .describe('Plaque template: {{project}}, {{applicant}}, {{parties}}, {{amounts}}, {{year}}.'),
});
export type HandoverStage = z.infer<typeof schema>;

export const handoverKind: StageKind<HandoverStage, null> = {
  kind: 'HANDOVER',
  // What the definition language reference says of the kind.
  schema: schema.describe(
    "The work handed to the community: a certificate of each party's commitments, and the plaque.",
  ),
  projection: handoverProjection,
  check: (stage, refs) => [
    ...refs.role(stage.certifiedBy, 'certifiedBy'),
    ...stage.commitments.flatMap((c, i) => refs.role(c.role, `commitments[${i}].role`)),
    ...[...stage.plaque.matchAll(/\{\{(\w+)\}\}/g)]
      .filter(([, name]) => !PLAQUE_PLACEHOLDERS.includes(name))
      .map(([whole]) => ({
        path: 'plaque',
        message: `unknown placeholder ${whole}; use ${PLAQUE_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`,
      })),
  ],
  start: () => ({ state: null }),
  waitingFor: (stage) => [stage.certifiedBy],
  actions: {
    certifyHandover: {
      spec: {
        mutation: 'certifyHandover',
        description: 'The handover to the community: issues the certificate and the plaque text',
        inputType: 'CertifyHandoverInput',
        addressedBy: 'stage',
        tokenRoles: MEMBER_ROLES,
        fields: { remarks: { type: 'text', max: 4000 } },
      },
      validate: (stage, _state, h: { remarks: string }, actor, ctx) =>
        ctx.actsAs(actor, stage.certifiedBy) ??
        (h.remarks.trim() ? undefined : refuse.badInput('the handover needs its remarks')),
      apply: (stage, state, h: { remarks: string }, actor, ctx) => ({
        state,
        events: [{ kind: 'HANDOVER_CERTIFIED', actor, role: stage.certifiedBy, reason: h.remarks }],
        effects: [
          {
            type: 'handover.certify',
            remarks: h.remarks,
            actor,
            certifiedBy: stage.certifiedBy,
            commitments: stage.commitments,
            plaque: stage.plaque,
            applicantRole: ctx.definition.eligibility.applicantRoles.find((r) => ctx.parties[r]),
            funding: ctx.funding,
            funders: ctx.definition.funding.shares.map((s) => s.role).filter((r) => ctx.parties[r]),
            parties: ctx.parties,
            year: new Date(ctx.now).getUTCFullYear(),
          },
        ],
        outcome: { done: true },
      }),
    },
  },
};
