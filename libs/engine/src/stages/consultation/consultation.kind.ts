import { z } from 'zod';
import { deadlineSchema, roleRef, sectorCode, stageBase } from '../../definition/schema-atoms';
import { isSectorCode } from '@codev/domain/sector/sector-codes';
import { refuse, type Actor, type Refusal, type StageContext, type StageKind } from '../stage-kind';
import { rankPriorities } from './priority-tally';
import { consultationProjection } from './consultation.projection';

/** The role a resident's credential carries: issued by the organisation keeping the register. */
const RESIDENT = 'resident';

const schema = z.strictObject({
  ...stageBase,
  kind: z.literal('CONSULTATION'),
  convenor: roleRef.describe(
    'Who holds the consultation (the municipality); its calendar counts the period.',
  ),
  period: deadlineSchema.describe('How long residents may propose priorities and vote'),
  voters: z
    .strictObject({
      registeredBy: roleRef.describe(
        "The party whose register of residents vouches for each voter: a voter's credential names this organisation and carries the role resident",
      ),
    })
    .describe('Who may vote: one person one vote, each person verified by the register named'),
  priorities: z
    .array(sectorCode)
    .default([])
    .describe('The priorities on the ballot when it opens; residents may propose more'),
  proposals: z
    .boolean()
    .default(true)
    .describe('May residents add priorities to the ballot while the consultation is open?'),
});
export type ConsultationStage = z.infer<typeof schema>;

interface State {
  ballot: string[];
  /** priority → votes */
  tally: Record<string, number>;
  /** Who voted (kept in the workflow only: voters are never published). */
  voted: string[];
}

/** A refusal unless the actor holds a resident's credential of the register the stage names. */
function resident(stage: ConsultationStage, actor: Actor, ctx: StageContext): Refusal | undefined {
  const register = ctx.parties[stage.voters.registeredBy];
  return register && actor.organisationId === register && actor.roles.includes(RESIDENT)
    ? undefined
    : refuse.forbidden(
        `only residents registered by the "${stage.voters.registeredBy}" of this consultation may take part`,
      );
}

export const consultationKind: StageKind<ConsultationStage, State> = {
  kind: 'CONSULTATION',
  // What the definition language reference says of the kind.
  schema: schema.describe(
    'A community priority consultation: for a period, residents verified by a register propose priorities and vote, one person one vote; the ranking is then published (never who voted) and programmes and calls may score projects by it.',
  ),
  projection: consultationProjection,
  check: (stage, refs) => [
    ...refs.role(stage.convenor, 'convenor'),
    ...refs.role(stage.voters.registeredBy, 'voters.registeredBy'),
    ...(stage.priorities.length || stage.proposals
      ? []
      : [
          {
            path: 'priorities',
            message: 'a consultation without proposals needs priorities on its ballot',
          },
        ]),
  ],
  start: (stage) => ({
    state: { ballot: [...stage.priorities], tally: {}, voted: [] },
    deadline: stage.period,
    events: [{ kind: 'CONSULTATION_OPENED', detail: { priorities: stage.priorities } }],
  }),
  actingRole: (stage) => stage.convenor,
  waitingFor: (stage) => [stage.voters.registeredBy],
  expire: (stage, state) => {
    const ranking = rankPriorities(state.ballot, state.tally);
    return {
      state,
      events: [
        { kind: 'CONSULTATION_RESULT_PUBLISHED', detail: { ranking, voters: state.voted.length } },
      ],
      effects: [{ type: 'consultation.publish', ranking, voters: state.voted.length }],
      outcome: { done: true },
    };
  },
  actions: {
    proposePriority: {
      spec: {
        mutation: 'proposePriority',
        description:
          'A resident puts a priority on the ballot of an open consultation (who proposed it is not published)',
        inputType: 'ProposePriorityInput',
        addressedBy: 'stage',
        tokenRoles: [RESIDENT],
        fields: {
          priority: {
            type: 'code',
            description: 'A project type of the shared list, e.g. POTABLE_WATER',
          },
          description: { type: 'text', max: 2000 },
        },
      },
      validate: (stage, state, p: { priority: string }, actor, ctx) =>
        resident(stage, actor, ctx) ??
        (!stage.proposals
          ? refuse.conflict('this consultation votes on the priorities it opened with')
          : !isSectorCode(p.priority)
            ? refuse.badInput(`"${p.priority}" is not a known project type`, [
                { path: 'priority', message: 'is not a known project type' },
              ])
            : state.ballot.includes(p.priority)
              ? refuse.conflict(`${p.priority} is on the ballot already`)
              : undefined),
      apply: (_stage, state, p: { priority: string; description: string }) => ({
        state: { ...state, ballot: [...state.ballot, p.priority] },
        events: [
          { kind: 'PRIORITY_PROPOSED', detail: { priority: p.priority }, reason: p.description },
        ],
      }),
    },
    castPriorityVote: {
      spec: {
        mutation: 'castPriorityVote',
        description:
          'A resident votes for one priority of an open consultation, once; the vote is secret (the ranking is published, never the voters)',
        inputType: 'CastPriorityVoteInput',
        addressedBy: 'stage',
        tokenRoles: [RESIDENT],
        fields: { ballot: { type: 'code', description: 'The priority voted for' } },
      },
      validate: (stage, state, v: { ballot: string }, actor, ctx) =>
        resident(stage, actor, ctx) ??
        (state.voted.includes(actor.subject)
          ? refuse.conflict('you have voted in this consultation already')
          : state.ballot.includes(v.ballot)
            ? undefined
            : refuse.badInput(`${v.ballot} is not on the ballot`, [
                { path: 'ballot', message: `is not on the ballot: ${state.ballot.join(', ')}` },
              ])),
      // No event names the voter or the choice: the count is published when the period ends.
      apply: (_stage, state, v: { ballot: string }, actor) => ({
        state: {
          ...state,
          tally: { ...state.tally, [v.ballot]: (state.tally[v.ballot] ?? 0) + 1 },
          voted: [...state.voted, actor.subject],
        },
        reply: { decision: 'VOTE_RECORDED' },
      }),
    },
  },
};
