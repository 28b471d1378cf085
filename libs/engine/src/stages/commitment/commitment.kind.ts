import { z } from 'zod';
import { stageBase } from '../../definition/schema-atoms';
import type { StageKind } from '../stage-kind';
import { commitmentProjection } from './commitment.projection';

const schema = z.strictObject({
  ...stageBase,
  kind: z.literal('COMMITMENT'),
  /** Commits every funder's share in the ledger, against the envelopes; refused if one would overflow. */
});
export type CommitmentStage = z.infer<typeof schema>;

export type CommitResult = { committed: true } | { committed: false; reason: string };

export const commitmentKind: StageKind<CommitmentStage, null> = {
  kind: 'COMMITMENT',
  // What the definition language reference says of the kind.
  schema: schema.describe(
    "Commits every funder's share in one ledger transaction, against the programme's yearly envelopes; an envelope that cannot take its share rejects the application, writing nothing.",
  ),
  projection: commitmentProjection,
  start: (stage, ctx) => ({
    state: null,
    effects: [
      {
        type: 'commitment.commit',
        settles: true,
        key: `${ctx.applicationId}:${stage.id}:commit`,
        currency: ctx.funding.currency,
        lines: ctx.funding.lines.map((l) => ({
          ...l,
          organisationId: ctx.parties[l.role] ?? null,
        })),
        envelopes: ctx.definition.funding.envelopes ?? [],
      },
    ],
  }),
  settle: (_stage, state, result) => {
    const r = result as CommitResult;
    if (!r.committed) return { state, outcome: { rejected: r.reason } };
    return {
      state,
      events: [{ kind: 'FUNDING_COMMITTED' }],
      status: 'APPROVED',
      outcome: { done: true },
    };
  },
  actions: {},
};
