import { z } from 'zod';
import { deadlineSchema, roleRef, sectorCode, stageBase } from '../../definition/schema-atoms';
import { isSectorCode } from '@codev/domain/sector/sector-codes';
import { MEMBER_ROLES } from '../action-spec';
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
    .union([
      z.strictObject({
        registeredBy: roleRef.describe(
          "The party whose register of residents vouches for each voter: a voter's credential names this organisation and carries the role resident",
        ),
      }),
      z.strictObject({
        committees: z
          .array(roleRef)
          .min(2)
          .describe('Community committees, each a party of the consultation: one vote each'),
      }),
    ])
    .describe(
      'Who may vote: residents on a register, one person one vote; or community committees, one vote each',
    ),
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

/**
 * Who the actor votes as — the resident (a credential of the register the stage names) or the
 * committee (a member of a committee party) — or why they may not take part.
 */
function voterOf(
  stage: ConsultationStage,
  actor: Actor,
  ctx: StageContext,
): { voter: string } | Refusal {
  const v = stage.voters;
  if ('registeredBy' in v) {
    const register = ctx.parties[v.registeredBy];
    return register && actor.organisationId === register && actor.roles.includes(RESIDENT)
      ? { voter: `resident:${actor.subject}` }
      : refuse.forbidden(
          `only residents registered by the "${v.registeredBy}" of this consultation may take part`,
        );
  }
  const committee = v.committees.find((role) => !ctx.actsAs(actor, role));
  return committee
    ? { voter: `committee:${committee}` }
    : refuse.forbidden(`only the committees ${v.committees.join(', ')} may take part`);
}
const refusalOf = (v: { voter: string } | Refusal) => ('voter' in v ? undefined : v);
/** The token roles the steps need: a resident's credential, or a committee member's. */
const VOTER_ROLES = [RESIDENT, ...MEMBER_ROLES];
/** The parties whose organisations vote (who must act while it is open). */
const votingRoles = (stage: ConsultationStage) =>
  'registeredBy' in stage.voters ? [stage.voters.registeredBy] : stage.voters.committees;

export const consultationKind: StageKind<ConsultationStage, State> = {
  kind: 'CONSULTATION',
  // What the definition language reference says of the kind.
  schema: schema.describe(
    'A community priority consultation: for a period, residents verified by a register (one person one vote) or community committees (one vote each) propose priorities and vote; the ranking is then published (never who voted), and programmes and calls may admit or score projects by it.',
  ),
  projection: consultationProjection,
  check: (stage, refs) => [
    ...refs.role(stage.convenor, 'convenor'),
    ...('registeredBy' in stage.voters
      ? refs.role(stage.voters.registeredBy, 'voters.registeredBy')
      : stage.voters.committees.flatMap((r, i) => refs.role(r, `voters.committees[${i}]`))),
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
  waitingFor: votingRoles,
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
          'A resident on the register, or a member of a voting committee, puts a priority on the ballot of an open consultation (who proposed it is not published)',
        inputType: 'ProposePriorityInput',
        addressedBy: 'stage',
        tokenRoles: VOTER_ROLES,
        fields: {
          priority: {
            type: 'code',
            description: 'A project type of the shared list, e.g. POTABLE_WATER',
          },
          description: { type: 'text', max: 2000 },
        },
      },
      validate: (stage, state, p: { priority: string }, actor, ctx) =>
        refusalOf(voterOf(stage, actor, ctx)) ??
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
          'A resident on the register (or a voting committee, through one of its members) votes for one priority of an open consultation, once; the vote is secret (the ranking is published, never the voters)',
        inputType: 'CastPriorityVoteInput',
        addressedBy: 'stage',
        tokenRoles: VOTER_ROLES,
        fields: { ballot: { type: 'code', description: 'The priority voted for' } },
      },
      validate: (stage, state, v: { ballot: string }, actor, ctx) => {
        const voter = voterOf(stage, actor, ctx);
        if (!('voter' in voter)) return voter;
        return state.voted.includes(voter.voter)
          ? refuse.conflict('you have voted in this consultation already')
          : state.ballot.includes(v.ballot)
            ? undefined
            : refuse.badInput(`${v.ballot} is not on the ballot`, [
                { path: 'ballot', message: `is not on the ballot: ${state.ballot.join(', ')}` },
              ]);
      },
      // No event names the voter or the choice: the count is published when the period ends.
      apply: (stage, state, v: { ballot: string }, actor, ctx) => ({
        state: {
          ...state,
          tally: { ...state.tally, [v.ballot]: (state.tally[v.ballot] ?? 0) + 1 },
          voted: [...state.voted, (voterOf(stage, actor, ctx) as { voter: string }).voter],
        },
        reply: { decision: 'VOTE_RECORDED' },
      }),
    },
  },
};
