import { z } from 'zod';
import { stageBase } from '../../definition/schema-atoms';
import type { StageKind } from '../stage-kind';

const schema = z.strictObject({
  ...stageBase,
  kind: z.literal('CHECK'),
  /** Automatic: eligibility and the funding formula were checked at the intake; recorded here. */
});
export type CheckStage = z.infer<typeof schema>;

export const checkKind: StageKind<CheckStage, null> = {
  kind: 'CHECK',
  // What the definition language reference says of the kind.
  schema: schema.describe(
    'An automatic check: the intake already refused what is ineligible, so the stage records it passed.',
  ),
  start: (_stage, ctx) => ({
    state: null,
    events: [{ kind: 'CHECK_PASSED', detail: { rules: ctx.definition.rulesLabel } }],
    outcome: { done: true },
  }),
  actions: {},
};
