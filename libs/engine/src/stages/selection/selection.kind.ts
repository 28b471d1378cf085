import { z } from 'zod';
import { checkScore } from '@codev/domain/calls/scoring';
import { stageBase } from '../../definition/schema-atoms';
import type { RoundInfo, RoundMessage, SelectionStatus } from '../../contract/round.contract';

import { refuse, type Refusal, type StageContext, type StageKind, type Step } from '../stage-kind';
import { regrant } from './grant-split';
import { missingDocuments } from './missing-documents';
import { selectionActionSpecs } from './selection.actions';
import { selectionProjection } from './selection.projection';
import { type Objection, objectionActions, unanswered } from './objections';

const schema = z.strictObject({
  ...stageBase,
  kind: z.literal('SELECTION'),
  /*
   * Competitive selection in a round: the application is submitted to a call issued under
   * the programme; the call checks completeness, its evaluators score, the call ranks and
   * allocates its budget, hears objections and resolves. Its rules (criteria, budget, window)
   * are the call's.
   */
});
export type SelectionStage = z.infer<typeof schema>;

type Phase = 'OPEN' | 'CLOSED' | 'EVALUATION' | 'PROVISIONAL' | 'RESOLVED';
interface State {
  phase: Phase;
  status: SelectionStatus;
  documents: { documentType: string; uri: string }[];
  fixBy: string | null;
  objectionsUntil: string | null;
  /** Evaluators who scored, and who recused themselves. */
  scored: string[];
  recused: string[];
  objections?: Objection[];
}

const round = (ctx: StageContext): RoundInfo => {
  if (!ctx.round) throw new Error('a SELECTION stage runs only for applications to a call');
  return ctx.round;
};
const inPhase = (state: State, phase: Phase, what: string): Refusal | undefined =>
  state.phase === phase ? undefined : refuse.conflict(`${what} (the call is ${state.phase})`);

function funded(state: State, granted: string, ctx: StageContext): Step<State> {
  const split = regrant(ctx.funding, round(ctx).roles, granted);
  return {
    state: { ...state, phase: 'RESOLVED', status: 'FUNDED' },
    funding: split,
    effects: [{ type: 'selection.funded', funding: split }],
    outcome: { done: true },
  };
}

function receive(state: State, m: RoundMessage, ctx: StageContext): Step<State> | undefined {
  switch (m.phase) {
    case 'CLOSED':
      if (state.phase !== 'OPEN') return undefined;
      if (m.defects.length === 0)
        return { state: { ...state, phase: 'CLOSED', status: 'COMPLETE' } };
      return {
        state: { ...state, phase: 'CLOSED', status: 'DEFECTIVE', fixBy: m.fixBy },
        ...(m.fixBy ? { deadline: { at: m.fixBy } } : {}),
      };
    case 'EVALUATION':
      if (state.phase !== 'CLOSED' && state.phase !== 'OPEN') return undefined;
      return { state: { ...state, phase: 'EVALUATION' } };
    case 'PROVISIONAL':
      if (state.phase === 'PROVISIONAL' || state.phase === 'RESOLVED') return undefined;
      return {
        state: {
          ...state,
          phase: 'PROVISIONAL',
          status: m.result,
          objectionsUntil: m.objectionsUntil,
        },
      };
    case 'RESOLVED':
      if (state.phase === 'RESOLVED') return undefined;
      if (m.result === 'FUNDED' && m.granted) return funded(state, m.granted, ctx);
      if (m.result === 'RESERVE')
        return { state: { ...state, phase: 'RESOLVED', status: 'RESERVE' } };
      return {
        state: { ...state, phase: 'RESOLVED', status: 'EXCLUDED' },
        outcome: { rejected: "not funded: the score is below the call's minimum" },
      };
    case 'PROMOTED':
      if (state.status !== 'RESERVE') return undefined;
      return funded(state, m.granted, ctx);
    case 'RESERVE_EXPIRED':
      if (state.status !== 'RESERVE') return undefined;
      return { state, outcome: { rejected: 'the reserve list expired before a grant came free' } };
  }
}

interface ScoreInput {
  scores: { criterionId: string; score: string; reason: string }[];
}

function checkScores(r: RoundInfo, input: ScoreInput, evaluator: string): Refusal | undefined {
  const violations = input.scores.flatMap((s, i) =>
    checkScore(r.criteria, { evaluator, ...s }).map((v) => ({
      path: `input.scores[${i}].${v.path}`,
      message: v.message,
    })),
  );
  for (const c of r.criteria.filter((x) => !x.from)) {
    const n = input.scores.filter((s) => s.criterionId === c.id).length;
    if (n !== 1)
      violations.push({
        path: 'input.scores',
        message: `criterion "${c.id}" must be scored exactly once (${n} given)`,
      });
  }
  if (!violations.length) return undefined;
  return refuse.badInput(violations.map((v) => `${v.path}: ${v.message}`).join('; '), violations);
}

const evaluatorOf = (r: RoundInfo, organisationId: string): Refusal | undefined =>
  organisationId === r.issuerId
    ? undefined
    : refuse.forbidden("only the issuing body's evaluators score its calls");

export const selectionKind: StageKind<SelectionStage, State> = {
  kind: 'SELECTION',
  // What the definition language reference says of the kind.
  schema: schema.describe(
    "Competitive selection in a call (concurrencia competitiva). The call's workflow moves the round through its phases and tells each application; the application's own steps — fixing defects, scores, recusals, objections — are validated and recorded here.",
  ),
  // An application takes part in one round: its steps go to the one selection stage.
  check: (stage, refs) =>
    refs.stages.find((s) => s.kind === 'SELECTION') === stage
      ? []
      : [{ path: 'kind', message: 'a procedure has at most one SELECTION stage' }],
  projection: selectionProjection,
  start: (_stage, ctx) => {
    const r = round(ctx);
    return {
      state: {
        phase: 'OPEN',
        status: 'SUBMITTED',
        documents: [...ctx.submittedDocuments],
        fixBy: null,
        objectionsUntil: null,
        scored: [],
        recused: [],
      },
      // Taken in only while the call is open, by the database's clock under the call's lock.
      effects: [
        {
          type: 'selection.enter',
          callId: r.callId,
          arrivedAt: r.arrivedAt,
          objective: r.objective,
          requested: r.requested,
          implementingNgoId: r.implementingNgoId,
          documents: ctx.submittedDocuments,
        },
      ],
    };
  },
  receive: (_stage, state, message, ctx) => receive(state, message, ctx),
  expire: (_stage, state) =>
    state.status === 'DEFECTIVE'
      ? {
          state: { ...state, status: 'SET_ASIDE' },
          effects: [{ type: 'selection.status', status: 'SET_ASIDE' }],
          outcome: { rejected: 'set aside: the defects were not fixed in time' },
        }
      : { state },
  waitingFor: (_stage, state, ctx) =>
    state.status === 'DEFECTIVE' || state.phase === 'PROVISIONAL'
      ? [round(ctx).roles.applicant, ...(unanswered(state) ? [round(ctx).roles.issuer] : [])]
      : state.phase === 'EVALUATION'
        ? [round(ctx).roles.issuer]
        : [],
  actions: {
    completeApplication: {
      spec: selectionActionSpecs.completeApplication,
      validate: (_stage, state, _input, actor, ctx) =>
        ctx.actsAs(actor, round(ctx).roles.applicant) ??
        (state.status !== 'DEFECTIVE'
          ? refuse.conflict(`the application is ${state.status}, not DEFECTIVE`)
          : !state.fixBy || ctx.now >= Date.parse(state.fixBy)
            ? refuse.conflict('the period to fix defects has ended; the application is set aside')
            : undefined),
      apply: (
        _stage,
        state,
        input: { documents: { documentType: string; uri: string }[] },
        actor,
        ctx,
      ) => {
        const documents = [
          ...state.documents.filter(
            (d) => !input.documents.some((n) => n.documentType === d.documentType),
          ),
          ...input.documents,
        ];
        const defects = missingDocuments(round(ctx).requiredDocuments, documents);
        const status: SelectionStatus = defects.length ? 'DEFECTIVE' : 'COMPLETE';
        return {
          state: { ...state, documents, status },
          events: [
            {
              kind: defects.length ? 'DOCUMENTS_ADDED' : 'DEFECTS_FIXED',
              detail: { documents: input.documents.map((d) => d.documentType), defects },
              actor,
              role: round(ctx).roles.applicant,
            },
          ],
          effects: [{ type: 'selection.documents', documents, defects, status }],
          deadlineMet: !defects.length,
          reply: { outcome: status },
        };
      },
    },
    score: {
      spec: selectionActionSpecs.score,
      validate: (_stage, state, input: ScoreInput, actor, ctx) =>
        evaluatorOf(round(ctx), actor.organisationId) ??
        inPhase(state, 'EVALUATION', 'scores are taken during EVALUATION') ??
        (state.status !== 'COMPLETE'
          ? refuse.conflict(
              `the application is ${state.status}; only complete applications are scored`,
            )
          : undefined) ??
        (state.recused.includes(actor.subject)
          ? refuse.conflict('you recused yourself from this application')
          : undefined) ??
        (state.scored.includes(actor.subject)
          ? refuse.conflict('you have already scored this application')
          : undefined) ??
        checkScores(round(ctx), input, actor.subject),
      apply: (_stage, state, input: ScoreInput, actor, ctx) => ({
        state: { ...state, scored: [...state.scored, actor.subject] },
        events: [
          {
            kind: 'SCORED',
            detail: { evaluator: actor.subject },
            actor,
            role: round(ctx).roles.issuer,
          },
        ],
        effects: [{ type: 'selection.score', evaluator: actor.subject, scores: input.scores }],
      }),
    },
    recuse: {
      spec: selectionActionSpecs.recuse,
      validate: (_stage, state, _input, actor, ctx) =>
        evaluatorOf(round(ctx), actor.organisationId) ??
        (state.scored.includes(actor.subject)
          ? refuse.conflict(
              'you have already scored this application; recusal comes before scoring',
            )
          : state.phase === 'PROVISIONAL' || state.phase === 'RESOLVED'
            ? refuse.conflict('the evaluation is over')
            : undefined),
      apply: (_stage, state, input: { text: string }, actor, ctx) => ({
        state: state.recused.includes(actor.subject)
          ? state
          : { ...state, recused: [...state.recused, actor.subject] },
        events: [{ kind: 'RECUSED', actor, role: round(ctx).roles.issuer, reason: input.text }],
        effects: [{ type: 'selection.recuse', evaluator: actor.subject, reason: input.text }],
      }),
    },
    ...objectionActions<SelectionStage, State>(),
  },
};
