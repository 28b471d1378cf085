import { z } from 'zod';
import {
  fourEyesSchema,
  percent,
  positiveAmount,
  roleRef,
  stageBase,
} from '../../definition/schema-atoms';
import type { StageKind } from '../stage-kind';
import { savingsActions } from './savings.actions';
import { savingsProjection } from './savings.projection';

const schema = z.strictObject({
  ...stageBase,
  kind: z.literal('SAVINGS'),
  saver: roleRef.describe('Whose savings: the migrant who holds the account.'),
  depositary: roleRef.describe(
    'The partner institution that keeps the account and reports its deposits.',
  ),
  yearlyReliefCap: positiveAmount
    .optional()
    .describe(
      "The deposits of one calendar year that count for tax relief, in the programme's currency; what a year's deposits pass it by is saved all the same, without relief.",
    ),
  matching: z
    .strictObject({ funder: roleRef, percent })
    .optional()
    .describe(
      'Matched savings: a funder adds `percent` of every amount released into a project, as a grant to that project — when the application names the funder (the role may be optional).',
    ),
  fourEyes: fourEyesSchema
    .optional()
    .describe("Releases and withdrawals take a second person's confirmation."),
});
export type SavingsStage = z.infer<typeof schema>;

export interface SavingsState {
  /** Receipt reference → what it recorded, so a retried posting is recognised. */
  references: Record<string, string>;
  /** What the account holds, in the programme's currency. */
  balance: string;
  closed: boolean;
}

export const savingsKind: StageKind<SavingsStage, SavingsState> = {
  kind: 'SAVINGS',
  // What the definition language reference says of the kind.
  schema: schema.describe(
    "A co-development savings account at a partner institution: the institution reports each deposit by its receipt reference; the saver releases the savings into an investment project in the country of origin (another application, whose applicant's own contribution it funds) or withdraws them, losing the tax relief. The stage ends when the account is emptied. Figures are computed by the savings module of libs/domain.",
  ),
  projection: savingsProjection,
  check: (stage, refs) => {
    const out = [...refs.role(stage.saver, 'saver'), ...refs.role(stage.depositary, 'depositary')];
    if (stage.saver === stage.depositary)
      out.push({ path: 'depositary', message: 'the saver cannot keep its own account' });
    if (stage.matching) {
      out.push(...refs.role(stage.matching.funder, 'matching.funder'));
      if (Number(stage.matching.percent) > 100)
        out.push({ path: 'matching.percent', message: 'must be at most 100' });
    }
    return out;
  },
  start: () => ({
    state: { references: {}, balance: '0', closed: false },
    status: 'IN_EXECUTION',
  }),
  waitingFor: (stage, state) => (state.closed ? [] : [stage.depositary, stage.saver]),
  actions: savingsActions,
};
