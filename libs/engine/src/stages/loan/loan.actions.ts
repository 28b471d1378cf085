import Decimal from 'decimal.js';
import { minorUnitDigits, parseAmount } from '@codev/domain/funding/money';
import { MEMBER_ROLES } from '../action-spec';
import { type Actor, refuse, type StageContext, type StageKind } from '../stage-kind';
import { checkValueDate, earliestValueDate, receiptReference, seenReceipt } from '../receipts';
import type { LoanStage, LoanState as State } from './loan.kind';

const seen = (state: State, reference: string, digest: string) =>
  seenReceipt(state.references, reference, digest);

/** The lender's money on this project, in the currency it lends in. */
export function loanPrincipal(stage: LoanStage, ctx: StageContext) {
  const lines = ctx.funding.lines.filter((l) => l.role === stage.lender);
  const currency = lines.find((l) => l.pledged)?.pledged?.currency ?? ctx.funding.currency;
  const own = lines.reduce((s, l) => s.plus(l.pledged?.amount ?? l.amount), new Decimal(0));
  const base = lines.reduce((s, l) => s.plus(l.amount), new Decimal(0));
  return {
    currency,
    principal: own.toFixed(minorUnitDigits(currency)),
    base: base.toFixed(minorUnitDigits(ctx.funding.currency)),
  };
}

/** Only the lender, and only while the loan is open. */
function lenderStep(stage: LoanStage, state: State, actor: Actor, ctx: StageContext) {
  return (
    ctx.actsAs(actor, stage.lender) ??
    (state.closed ? refuse.conflict('the loan is closed: repaid or written off') : undefined)
  );
}

type Disbursement = { reference: string; disbursedOn: string };
type Repayment = { reference: string; amount: string; receivedOn: string };
type WriteOff = { reference: string; writtenOffOn: string; reason: string };
type Reschedule = { reference: string; rescheduledOn: string; instalments: string };

const reference = receiptReference;

/** What the lender does at a LOAN stage: each becomes an Update and a GraphQL mutation. */
export const loanActions: StageKind<LoanStage, State>['actions'] = {
  recordLoanDisbursement: {
    spec: {
      mutation: 'recordLoanDisbursement',
      movesMoney: true,
      description:
        'The lender paid the loan out to the borrower, on a value date; the schedule follows',
      inputType: 'RecordLoanDisbursementInput',
      addressedBy: 'stage',
      tokenRoles: MEMBER_ROLES,
      fields: { reference, disbursedOn: { type: 'date' } },
    },
    validate: (stage, state, d: Disbursement, actor, ctx) => {
      const again = seen(state, d.reference, `D:${d.disbursedOn}`);
      if (again === 'again') return ctx.actsAs(actor, stage.lender);
      if (again) return again;
      const notLender = lenderStep(stage, state, actor, ctx);
      if (notLender) return notLender;
      if (state.disbursedOn)
        return refuse.conflict(`the loan was disbursed on ${state.disbursedOn}`);
      return checkValueDate(d.disbursedOn, 'disbursedOn', earliestValueDate(ctx), ctx);
    },
    apply: (stage, state, d: Disbursement, actor, ctx) => {
      if (state.references[d.reference]) return { state, reply: { duplicate: 'true' } };
      const money = loanPrincipal(stage, ctx);
      return {
        state: {
          ...state,
          disbursedOn: d.disbursedOn,
          references: { ...state.references, [d.reference]: `D:${d.disbursedOn}` },
        },
        events: [
          {
            kind: 'LOAN_DISBURSED',
            detail: { reference: d.reference, disbursedOn: d.disbursedOn, ...money },
            actor,
            role: stage.lender,
          },
        ],
        effects: [
          {
            type: 'loan.disburse',
            settles: true,
            key: `${ctx.applicationId}:${stage.id}:${d.reference}`,
            stageId: stage.id,
            lenderRole: stage.lender,
            lenderId: ctx.parties[stage.lender] ?? null,
            ...money,
            programmeCurrency: ctx.funding.currency,
            timeZone: ctx.definition.timeZone,
            terms: stage.terms,
            guarantee: stage.guarantee
              ? {
                  ...stage.guarantee,
                  organisationId: ctx.parties[stage.guarantee.guarantor] ?? null,
                }
              : null,
            revolving: stage.revolving ?? false,
            reference: d.reference,
            disbursedOn: d.disbursedOn,
            recordedBy: actor.subject,
          },
        ],
      };
    },
  },
  recordLoanRepayment: {
    spec: {
      mutation: 'recordLoanRepayment',
      description:
        'A repayment the lender received from the borrower, by its receipt reference (a retry changes nothing)',
      inputType: 'RecordLoanRepaymentInput',
      addressedBy: 'stage',
      tokenRoles: MEMBER_ROLES,
      fields: { reference, amount: { type: 'decimal' }, receivedOn: { type: 'date' } },
    },
    validate: (stage, state, r: Repayment, actor, ctx) => {
      const again = seen(state, r.reference, `R:${r.amount}:${r.receivedOn}`);
      if (again === 'again') return ctx.actsAs(actor, stage.lender);
      if (again) return again;
      const notLender = lenderStep(stage, state, actor, ctx);
      if (notLender) return notLender;
      if (!state.disbursedOn) return refuse.conflict('the loan has not been disbursed yet');
      const { currency } = loanPrincipal(stage, ctx);
      const amount = parseAmount(r.amount, currency);
      if (!amount.ok || amount.value.isZero())
        return refuse.badInput('bad amount', [
          { path: 'amount', message: amount.ok ? 'must be positive' : amount.reason },
        ]);
      // Receipts dated before a rescheduling are posted before it.
      const notBefore = state.rescheduledOn ?? state.disbursedOn;
      return checkValueDate(r.receivedOn, 'receivedOn', notBefore, ctx);
    },
    apply: (stage, state, r: Repayment, actor, ctx) => {
      if (state.references[r.reference]) return { state, reply: { duplicate: 'true' } };
      return {
        state: {
          ...state,
          references: { ...state.references, [r.reference]: `R:${r.amount}:${r.receivedOn}` },
        },
        events: [
          {
            kind: 'LOAN_REPAYMENT_RECEIVED',
            detail: { reference: r.reference, amount: r.amount, receivedOn: r.receivedOn },
            actor,
            role: stage.lender,
          },
        ],
        effects: [
          {
            type: 'loan.event',
            settles: true,
            key: `${ctx.applicationId}:${stage.id}:${r.reference}`,
            stageId: stage.id,
            timeZone: ctx.definition.timeZone,
            event: {
              kind: 'REPAYMENT',
              reference: r.reference,
              amount: r.amount,
              on: r.receivedOn,
            },
            recordedBy: actor.subject,
          },
        ],
      };
    },
  },
  writeOffLoan: {
    spec: {
      mutation: 'writeOffLoan',
      movesMoney: true,
      description:
        'The lender writes the outstanding principal off; the guarantee and the portfolio see it',
      inputType: 'WriteOffLoanInput',
      addressedBy: 'stage',
      tokenRoles: MEMBER_ROLES,
      fields: { reference, writtenOffOn: { type: 'date' }, reason: { type: 'text', max: 2000 } },
    },
    validate: (stage, state, w: WriteOff, actor, ctx) => {
      const notLender = lenderStep(stage, state, actor, ctx);
      if (notLender) return notLender;
      if (!state.disbursedOn) return refuse.conflict('the loan has not been disbursed yet');
      if (state.references[w.reference])
        return refuse.conflict(`receipt ${w.reference} is already recorded`);
      return checkValueDate(
        w.writtenOffOn,
        'writtenOffOn',
        state.rescheduledOn ?? state.disbursedOn,
        ctx,
      );
    },
    apply: (stage, state, w: WriteOff, actor, ctx) => ({
      state: {
        ...state,
        references: { ...state.references, [w.reference]: `W:${w.writtenOffOn}` },
      },
      events: [
        {
          kind: 'LOAN_WRITTEN_OFF',
          detail: { reference: w.reference, on: w.writtenOffOn },
          actor,
          role: stage.lender,
          reason: w.reason,
        },
      ],
      effects: [
        {
          type: 'loan.event',
          settles: true,
          key: `${ctx.applicationId}:${stage.id}:${w.reference}`,
          stageId: stage.id,
          timeZone: ctx.definition.timeZone,
          event: {
            kind: 'WRITE_OFF',
            reference: w.reference,
            on: w.writtenOffOn,
            reason: w.reason,
          },
          recordedBy: actor.subject,
        },
      ],
    }),
  },
  rescheduleLoan: {
    spec: {
      mutation: 'rescheduleLoan',
      description:
        'The lender spreads the principal outstanding on a day over new instalments, on the same terms; interest already due stays due',
      inputType: 'RescheduleLoanInput',
      addressedBy: 'stage',
      tokenRoles: MEMBER_ROLES,
      fields: {
        reference,
        rescheduledOn: { type: 'date' },
        instalments: { type: 'decimal', description: 'How many new instalments, 1 to 360' },
      },
    },
    validate: (stage, state, r: Reschedule, actor, ctx) => {
      const notLender = lenderStep(stage, state, actor, ctx);
      if (notLender) return notLender;
      if (!state.disbursedOn) return refuse.conflict('the loan has not been disbursed yet');
      if (state.references[r.reference])
        return refuse.conflict(`receipt ${r.reference} is already recorded`);
      const n = Number(r.instalments);
      if (!Number.isInteger(n) || n < 1 || n > 360)
        return refuse.badInput('bad instalments', [
          { path: 'instalments', message: 'must be a whole number from 1 to 360' },
        ]);
      const notBefore = state.rescheduledOn ?? state.disbursedOn;
      return checkValueDate(r.rescheduledOn, 'rescheduledOn', notBefore, ctx);
    },
    apply: (stage, state, r: Reschedule, actor, ctx) => ({
      state: {
        ...state,
        rescheduledOn: r.rescheduledOn,
        references: { ...state.references, [r.reference]: `S:${r.rescheduledOn}` },
      },
      events: [
        {
          kind: 'LOAN_RESCHEDULED',
          detail: {
            reference: r.reference,
            on: r.rescheduledOn,
            instalments: Number(r.instalments),
          },
          actor,
          role: stage.lender,
        },
      ],
      effects: [
        {
          type: 'loan.reschedule',
          settles: true,
          key: `${ctx.applicationId}:${stage.id}:${r.reference}`,
          stageId: stage.id,
          timeZone: ctx.definition.timeZone,
          reference: r.reference,
          on: r.rescheduledOn,
          instalments: Number(r.instalments),
          recordedBy: actor.subject,
        },
      ],
    }),
  },
};
