import { Dec, parseAmount } from '@codev/domain/funding/money';
import { MEMBER_ROLES } from '../action-spec';
import {
  checkValueDate,
  earliestValueDate,
  receiptReference as reference,
  seenReceipt,
} from '../receipts';
import { type Actor, refuse, type Refusal, type StageContext, type StageKind } from '../stage-kind';
import type { SavingsStage, SavingsState as State } from './savings.kind';

type Deposit = { reference: string; amount: string; depositedOn: string };
type Release = {
  reference: string;
  amount: string;
  releasedOn: string;
  projectApplicationId: string;
};
type Withdrawal = { reference: string; amount: string; withdrawnOn: string };

/** A positive amount in the account's currency (the programme's). */
function badAmount(amount: string, ctx: StageContext): Refusal | undefined {
  const parsed = parseAmount(amount, ctx.funding.currency);
  if (parsed.ok && !parsed.value.isZero()) return undefined;
  return refuse.badInput('bad amount', [
    { path: 'amount', message: parsed.ok ? 'must be positive' : parsed.reason },
  ]);
}

/**
 * The checks every posting shares: a retry of the same receipt is let through (it changes
 * nothing), the right party while the account is open, a real amount and value date.
 */
function checkPosting(
  role: string,
  state: State,
  p: { reference: string; amount: string },
  digest: string,
  date: [string, string],
  actor: Actor,
  ctx: StageContext,
): Refusal | 'again' | undefined {
  const again = seenReceipt(state.references, p.reference, digest);
  if (again === 'again') return ctx.actsAs(actor, role) ?? 'again';
  if (again) return again;
  return (
    ctx.actsAs(actor, role) ??
    (state.closed ? refuse.conflict('the savings account is closed') : undefined) ??
    badAmount(p.amount, ctx) ??
    checkValueDate(date[1], date[0], earliestValueDate(ctx), ctx)
  );
}

/** What leaves the account must be in it. */
const covered = (state: State, amount: string) =>
  new Dec(amount).gt(state.balance)
    ? refuse.conflict(`the account holds ${state.balance}, less than ${amount}`)
    : undefined;

const orNothing = (r: Refusal | 'again' | undefined) => (r === 'again' ? undefined : r);

/** An amount leaving the account: a release into a project or a withdrawal. */
function leaving(
  stage: SavingsStage,
  state: State,
  p: { reference: string; amount: string; on: string; projectApplicationId?: string },
  actor: Actor,
  ctx: StageContext,
) {
  if (state.references[p.reference]) return { state, reply: { duplicate: 'true' } };
  const release = p.projectApplicationId !== undefined;
  const balance = new Dec(state.balance).minus(p.amount);
  const closed = balance.isZero();
  const kind = release ? 'RELEASE' : 'WITHDRAWAL';
  return {
    state: {
      references: { ...state.references, [p.reference]: digestOf(kind, p) },
      balance: balance.toString(),
      closed,
    },
    events: [
      {
        kind: release ? 'SAVINGS_RELEASED' : 'SAVINGS_WITHDRAWN',
        detail: {
          reference: p.reference,
          amount: p.amount,
          on: p.on,
          ...(release ? { projectApplicationId: p.projectApplicationId } : {}),
        },
        actor,
        role: stage.saver,
      },
    ],
    effects: [savingsEffect(stage, ctx, kind, p, actor)],
    ...(closed ? { outcome: { done: true } as const } : {}),
  };
}

const digestOf = (kind: string, p: { amount: string; on: string; projectApplicationId?: string }) =>
  `${kind}:${p.amount}:${p.on}:${p.projectApplicationId ?? ''}`;

/** The effect that writes one event of the account (and opens its row with the first). */
function savingsEffect(
  stage: SavingsStage,
  ctx: StageContext,
  kind: 'DEPOSIT' | 'RELEASE' | 'WITHDRAWAL',
  p: { reference: string; amount: string; on: string; projectApplicationId?: string },
  actor: Actor,
) {
  return {
    type: 'savings.event',
    key: `${ctx.applicationId}:${stage.id}:${p.reference}`,
    stageId: stage.id,
    saverRole: stage.saver,
    saverId: ctx.parties[stage.saver] ?? null,
    depositaryRole: stage.depositary,
    depositaryId: ctx.parties[stage.depositary] ?? null,
    currency: ctx.funding.currency,
    yearlyReliefCap: stage.yearlyReliefCap ?? null,
    // A release is matched only where the application names the matching funder.
    matching:
      kind === 'RELEASE' && stage.matching && ctx.parties[stage.matching.funder]
        ? {
            funderRole: stage.matching.funder,
            funderId: ctx.parties[stage.matching.funder],
            percent: stage.matching.percent,
          }
        : null,
    event: {
      kind,
      reference: p.reference,
      amount: p.amount,
      on: p.on,
      projectApplicationId: p.projectApplicationId ?? null,
    },
    recordedBy: actor.subject,
  };
}

/** What the depositary and the saver do at a SAVINGS stage: each an Update and a mutation. */
export const savingsActions: StageKind<SavingsStage, State>['actions'] = {
  recordSavingsDeposit: {
    spec: {
      mutation: 'recordSavingsDeposit',
      description:
        'A deposit the institution received into the saver’s account, by its receipt reference (a retry changes nothing)',
      inputType: 'RecordSavingsDepositInput',
      addressedBy: 'stage',
      tokenRoles: MEMBER_ROLES,
      fields: { reference, amount: { type: 'decimal' }, depositedOn: { type: 'date' } },
    },
    validate: (stage, state, d: Deposit, actor, ctx) =>
      orNothing(
        checkPosting(
          stage.depositary,
          state,
          d,
          digestOf('DEPOSIT', { ...d, on: d.depositedOn }),
          ['depositedOn', d.depositedOn],
          actor,
          ctx,
        ),
      ),
    apply: (stage, state, d: Deposit, actor, ctx) => {
      if (state.references[d.reference]) return { state, reply: { duplicate: 'true' } };
      const p = { reference: d.reference, amount: d.amount, on: d.depositedOn };
      return {
        state: {
          ...state,
          references: { ...state.references, [d.reference]: digestOf('DEPOSIT', p) },
          balance: new Dec(state.balance).plus(d.amount).toString(),
        },
        events: [
          {
            kind: 'SAVINGS_DEPOSITED',
            detail: { reference: d.reference, amount: d.amount, on: d.depositedOn },
            actor,
            role: stage.depositary,
          },
        ],
        effects: [savingsEffect(stage, ctx, 'DEPOSIT', p, actor)],
      };
    },
  },
  releaseSavings: {
    spec: {
      mutation: 'releaseSavings',
      movesMoney: true,
      description:
        'The saver invests savings in a project in the country of origin: they fund that application’s own contribution',
      inputType: 'ReleaseSavingsInput',
      addressedBy: 'stage',
      tokenRoles: MEMBER_ROLES,
      fields: {
        reference: { type: 'text', max: 200, description: 'The saver’s reference for the release' },
        amount: { type: 'decimal' },
        releasedOn: { type: 'date' },
        projectApplicationId: {
          type: 'id',
          description: 'The investment project the savings go into',
        },
      },
    },
    validate: (stage, state, r: Release, actor, ctx) => {
      const p = { ...r, on: r.releasedOn };
      const posting = checkPosting(
        stage.saver,
        state,
        r,
        digestOf('RELEASE', p),
        ['releasedOn', r.releasedOn],
        actor,
        ctx,
      );
      if (posting) return orNothing(posting);
      if (r.projectApplicationId === ctx.applicationId)
        return refuse.badInput('bad project', [
          {
            path: 'projectApplicationId',
            message: 'must be an investment project, not this account',
          },
        ]);
      return covered(state, r.amount);
    },
    apply: (stage, state, r: Release, actor, ctx) =>
      leaving(stage, state, { ...r, on: r.releasedOn }, actor, ctx),
  },
  withdrawSavings: {
    spec: {
      mutation: 'withdrawSavings',
      movesMoney: true,
      description:
        'The saver takes savings back instead of investing them: the tax relief they had is reclaimed',
      inputType: 'WithdrawSavingsInput',
      addressedBy: 'stage',
      tokenRoles: MEMBER_ROLES,
      fields: { reference, amount: { type: 'decimal' }, withdrawnOn: { type: 'date' } },
    },
    validate: (stage, state, w: Withdrawal, actor, ctx) => {
      const posting = checkPosting(
        stage.saver,
        state,
        w,
        digestOf('WITHDRAWAL', { ...w, on: w.withdrawnOn }),
        ['withdrawnOn', w.withdrawnOn],
        actor,
        ctx,
      );
      return posting ? orNothing(posting) : covered(state, w.amount);
    },
    apply: (stage, state, w: Withdrawal, actor, ctx) =>
      leaving(stage, state, { ...w, on: w.withdrawnOn }, actor, ctx),
  },
};
