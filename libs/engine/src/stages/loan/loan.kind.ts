import Decimal from 'decimal.js';
import { z } from 'zod';
import { INTEREST_METHODS, REPAYMENT_FREQUENCIES } from '@codev/domain/loan/loan-terms';
import {
  decimal,
  fourEyesSchema,
  percent,
  roleRef,
  stageBase,
} from '../../definition/schema-atoms';
import type { StageKind } from '../stage-kind';
import { loanActions } from './loan.actions';
import { loanProjection, type LoanSettled } from './loan.projection';

const schema = z.strictObject({
  ...stageBase,
  kind: z.literal('LOAN'),
  lender: roleRef.describe(
    'The partner institution that lends its funding share to the applicant.',
  ),
  terms: z.strictObject({
    annualRatePercent: decimal,
    method: z.enum(INTEREST_METHODS as [string, ...string[]]),
    frequency: z.enum(REPAYMENT_FREQUENCIES as [string, ...string[]]),
    instalments: z.number().int().min(1).max(360),
    gracePeriods: z.number().int().min(0).max(60).optional(),
    feePercent: percent.optional(),
  }),
  guarantee: z
    .strictObject({ guarantor: roleRef, percent })
    .optional()
    .describe('A guarantee fund that pays the lender an agreed share of what is written off.'),
  revolving: z
    .boolean()
    .optional()
    .describe(
      "A revolving fund: principal repaid returns to the lender's envelope, to be lent again.",
    ),
  fourEyes: fourEyesSchema
    .optional()
    .describe("The disbursement and a write-off take a second person's confirmation."),
});
export type LoanStage = z.infer<typeof schema>;

export interface LoanState {
  disbursedOn: string | null;
  /** Receipt reference → what it recorded, so a retried posting is recognised. */
  references: Record<string, string>;
  closed: boolean;
  /** The day of the latest rescheduling: receipts are not dated before it. */
  rescheduledOn?: string;
}
export const loanKind: StageKind<LoanStage, LoanState> = {
  kind: 'LOAN',
  // What the definition language reference says of the kind.
  schema: schema.describe(
    "A micro-loan from a partner institution to the applicant: the institution records the disbursement (the schedule follows, on the borrower's working days), each repayment by its receipt reference, and a write-off if it comes to that. The stage ends when the principal is repaid or written off. Figures are computed by the loan module of libs/domain.",
  ),
  projection: loanProjection,
  check: (stage, refs) => {
    const out = refs.role(stage.lender, 'lender');
    const share = refs.definition.funding.shares.find((s) => s.role === stage.lender);
    if (!share)
      out.push({ path: 'lender', message: `"${stage.lender}" has no funding share to lend` });
    else if (share.instrument !== 'LOAN')
      out.push({
        path: 'lender',
        message: `the share of "${stage.lender}" is a grant: give it instrument: LOAN`,
      });
    if (stage.guarantee) {
      out.push(...refs.role(stage.guarantee.guarantor, 'guarantee.guarantor'));
      if (new Decimal(stage.guarantee.percent).gt(100))
        out.push({ path: 'guarantee.percent', message: 'must be at most 100' });
    }
    if (stage.revolving && !refs.definition.funding.envelopes?.some((e) => e.role === stage.lender))
      out.push({
        path: 'revolving',
        message: `a revolving fund lends again from an envelope: give "${stage.lender}" one in funding.envelopes`,
      });
    if (!refs.before(stage.id).some((s) => s.kind === 'COMMITMENT'))
      out.push({
        path: 'kind',
        message: 'a LOAN lends what a COMMITMENT committed: put a COMMITMENT stage before it',
      });
    return out;
  },
  start: () => ({
    state: { disbursedOn: null, references: {}, closed: false },
    status: 'IN_EXECUTION',
  }),
  waitingFor: (stage, state) => (state.closed ? [] : [stage.lender]),
  settle: (stage, state, result) => {
    const r = result as LoanSettled;
    if (r.status === 'REPAID' || r.status === 'WRITTEN_OFF')
      return {
        state: { ...state, closed: true },
        events: [{ kind: r.status === 'REPAID' ? 'LOAN_REPAID' : 'LOAN_CLOSED_WRITTEN_OFF' }],
        outcome: { done: true },
      };
    // A look after a due date passed records how late the loan is; the workflow's timer
    // wakes the stage again at the next due date or ageing threshold.
    const overdue = r.review && r.daysPastDue > 0;
    return {
      state,
      ...(overdue
        ? {
            events: [
              {
                kind: 'LOAN_OVERDUE',
                detail: { arrears: r.arrears, daysPastDue: r.daysPastDue },
              },
            ],
          }
        : {}),
      ...(r.nextCheckAt ? { deadline: { at: r.nextCheckAt } } : {}),
    };
  },
  /** A due date passed (or the loan reached 30 or 90 days late): look at it again. */
  expire: (stage, state, ctx) => ({
    state,
    effects: [
      {
        type: 'loan.review',
        settles: true,
        stageId: stage.id,
        timeZone: ctx.definition.timeZone,
      },
    ],
  }),
  actions: loanActions,
};
