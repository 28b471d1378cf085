import type { RoundInfo } from '../../contract/round.contract';
import { type ActionSpec, MEMBER_ROLES } from '../action-spec';
import { refuse, type StageAction, type StageContext, type Step } from '../stage-kind';

/** An objection to the provisional resolution, and the resolving body's answer once given. */
export interface Objection {
  by: string;
  answered: 'UPHELD' | 'DISMISSED' | null;
}
interface WithObjections {
  phase: string;
  objectionsUntil: string | null;
  /** Absent in state built before objections were answered (older histories replay without). */
  objections?: Objection[];
}

const round = (ctx: StageContext): RoundInfo => ctx.round!;

export const objectionSpecs = {
  lodgeObjection: {
    mutation: 'lodgeCallObjection',
    description:
      'An objection to the provisional resolution, within its period; numbered in the history (OBJECTION_LODGED detail.objection)',
    inputType: 'CallApplicationReasonInput',
    addressedBy: 'kind',
    tokenRoles: MEMBER_ROLES,
    fields: { text: { type: 'text', max: 4000 } },
  },
  answerObjection: {
    mutation: 'answerCallObjection',
    description:
      'The resolving body answers an objection, upheld or dismissed, with its reasons; the answer goes into the application’s history',
    inputType: 'AnswerCallObjectionInput',
    addressedBy: 'kind',
    tokenRoles: MEMBER_ROLES,
    fields: {
      objection: { type: 'key', description: 'Its number, from the history: 1, 2…' },
      decision: { type: 'enum', name: 'ObjectionDecision', values: ['UPHELD', 'DISMISSED'] },
      text: { type: 'text', max: 4000 },
    },
  },
} satisfies Record<string, ActionSpec>;

type Answer = { objection: string; decision: 'UPHELD' | 'DISMISSED'; text: string };

/**
 * The applicant objects during the objections period, each objection numbered; the issuer
 * answers each once (the same answer again changes nothing).
 */
export function objectionActions<D, S extends WithObjections>(): {
  lodgeObjection: StageAction<D, S, { text: string }>;
  answerObjection: StageAction<D, S, Answer>;
} {
  return {
    lodgeObjection: {
      spec: objectionSpecs.lodgeObjection,
      validate: (_stage, state, _input, actor, ctx) =>
        ctx.actsAs(actor, round(ctx).roles.applicant) ??
        (state.phase !== 'PROVISIONAL' ||
        !state.objectionsUntil ||
        ctx.now >= Date.parse(state.objectionsUntil)
          ? refuse.conflict(
              'objections are lodged during the objections period of the provisional resolution',
            )
          : undefined),
      apply: (_stage, state, input, actor, ctx) => {
        const objections = [...(state.objections ?? []), { by: actor.subject, answered: null }];
        return {
          state: { ...state, objections },
          events: [
            {
              kind: 'OBJECTION_LODGED',
              actor,
              role: round(ctx).roles.applicant,
              reason: input.text,
              detail: { objection: objections.length },
            },
          ],
          effects: [{ type: 'selection.objection', subject: actor.subject, text: input.text }],
          reply: { outcome: `OBJECTION_${objections.length}` },
        };
      },
    },
    answerObjection: {
      spec: objectionSpecs.answerObjection,
      validate: (_stage, state, input, actor, ctx) => {
        const notIssuer = ctx.actsAs(actor, round(ctx).roles.issuer);
        if (notIssuer) return notIssuer;
        const n = Number(input.objection);
        const objection = Number.isInteger(n) ? state.objections?.[n - 1] : undefined;
        if (!objection)
          return refuse.badInput(
            `no objection ${input.objection} was lodged against this application`,
            [{ path: 'objection', message: 'must be the number of a lodged objection' }],
          );
        if (objection.answered && objection.answered !== input.decision)
          return refuse.conflict(`objection ${n} was already answered: ${objection.answered}`);
        return undefined;
      },
      apply: (_stage, state, input, actor, ctx): Step<S> => {
        const n = Number(input.objection);
        const objections = [...(state.objections ?? [])];
        if (objections[n - 1].answered) return { state, reply: { duplicate: 'true' } };
        objections[n - 1] = { ...objections[n - 1], answered: input.decision };
        return {
          state: { ...state, objections },
          events: [
            {
              kind: 'OBJECTION_ANSWERED',
              actor,
              role: round(ctx).roles.issuer,
              reason: input.text,
              detail: { objection: n, decision: input.decision },
            },
          ],
          reply: { outcome: input.decision },
        };
      },
    },
  };
}

/** Objections still waiting for the resolving body's answer. */
export const unanswered = (state: WithObjections): number =>
  (state.objections ?? []).filter((o) => !o.answered).length;
