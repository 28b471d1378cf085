import { z } from 'zod';
import { parseLocalDate } from '@codev/domain/calendar/local-date';
import Decimal from 'decimal.js';
import {
  deadlineFields,
  positiveDecimal,
  roleRef,
  stageBase,
  tokenRole,
} from '../../definition/schema-atoms';
import { MEMBER_ROLES } from '../action-spec';
import { checkExpiry, expiryOutcome } from '../expiry';
import { withDisbursementTimeline } from '../facts';
import {
  type Actor,
  refuse,
  type Refusal,
  type StageContext,
  type StageKind,
  type Step,
} from '../stage-kind';
import {
  type CastVote,
  checkVote,
  hasQuorum,
  tallyCommittee,
  type Tally,
  type Vote,
} from './committee-tally';
import { committeeProjection } from './committee.projection';

const schema = z.strictObject({
  ...stageBase,
  kind: z.literal('COMMITTEE'),
  /** Seats per party, from bodies of any country; a seat weighs `weight` (1 unless given). */
  members: z
    .array(
      z.strictObject({
        role: roleRef,
        seats: z.number().int().positive(),
        weight: positiveDecimal.optional(),
        voterRole: tokenRole
          .optional()
          .describe(
            "The role a member's token must hold to vote from this seat (overrides `voterRole`).",
          ),
      }),
    )
    .min(1),
  chair: roleRef,
  coChair: roleRef
    .optional()
    .describe('A second chair (e.g. from the other country of a bi-national committee).'),
  voterRole: tokenRole
    .optional()
    .describe(
      "The role a member's token must hold to vote (any member of the seated organisation unless given).",
    ),
  quorum: z
    .number()
    .int()
    .positive()
    .describe(
      'Present members (or their weight) needed to decide at all; recused members do not count.',
    ),
  quorumBy: z.enum(['SEATS', 'WEIGHT']).default('SEATS'),
  majority: z.enum(['SIMPLE', 'TWO_THIRDS', 'UNANIMITY']),
  chairHasCastingVote: z
    .boolean()
    .default(false)
    .describe("On a tie, the chair's vote decides — with a co-chair, only when both voted alike."),
  setsDisbursementTimeline: z
    .boolean()
    .default(false)
    .describe(
      "The approving decision must set each funder's disbursement timeline (as a validation committee may).",
    ),
  ...deadlineFields,
});
export type CommitteeStage = z.infer<typeof schema>;

interface State {
  votes: CastVote[];
  decision: 'APPROVED' | 'REJECTED' | null;
  /** Why it decided as it did, e.g. "1 for, 3 against". */
  reason: string | null;
  timelineSet: boolean;
}

interface VoteInput {
  role: string;
  vote: Vote;
  reason: string;
}
interface TimelineInput {
  entries: { role: string; trancheId: string; dueDate: string }[];
}

const rules = (stage: CommitteeStage) => ({
  members: stage.members,
  chair: stage.chair,
  coChair: stage.coChair,
  quorum: stage.quorum,
  quorumBy: stage.quorumBy,
  majority: stage.majority,
  chairHasCastingVote: stage.chairHasCastingVote ?? false,
});

/** A vote from a seat: the party must have one, the voter act for it, with the role the definition names. */
function seatRefusal(stage: CommitteeStage, v: VoteInput, actor: Actor, ctx: StageContext) {
  const member = stage.members.find((m) => m.role === v.role);
  if (!member) return refuse.forbidden(`"${v.role}" has no seat on committee "${stage.id}"`);
  const notParty = ctx.actsAs(actor, v.role);
  if (notParty) return notParty;
  const needed = member.voterRole ?? stage.voterRole;
  if (needed && !actor.roles.includes(needed))
    return refuse.forbidden(`only a token with the role "${needed}" may vote for "${v.role}"`);
  return undefined;
}

/** Records a decision once the tally has one, then finishes when nothing else is owed. */
function decide(stage: CommitteeStage, state: State, tally: Tally): Step<State> {
  if (tally.state === 'PENDING') return { state };
  const decided = { ...state, decision: tally.state, reason: tally.reason };
  const { state: outcome, ...counts } = tally;
  return {
    state: decided,
    events: [
      { kind: `COMMITTEE_${outcome}`, detail: { state: outcome, ...counts }, reason: tally.reason },
    ],
    outcome: finished(stage, decided),
  };
}

function finished(stage: CommitteeStage, s: State): Step<State>['outcome'] {
  if (s.decision === 'REJECTED') return { rejected: s.reason ?? 'the committee rejected it' };
  if (s.decision === 'APPROVED' && (!stage.setsDisbursementTimeline || s.timelineSet))
    return { done: true };
  return undefined;
}

function tranchesOf(ctx: StageContext): Set<string> {
  const out = new Set<string>();
  const walk = (stages: { kind: string }[]) =>
    stages.forEach((s) => {
      const stage = s as {
        kind: string;
        tranches?: { id: string }[];
        branches?: { kind: string }[][];
      };
      if (stage.kind === 'DISBURSEMENT') stage.tranches?.forEach((t) => out.add(t.id));
      stage.branches?.forEach(walk);
    });
  walk(ctx.definition.procedure.stages);
  return out;
}

function checkTimeline(
  stage: CommitteeStage,
  t: TimelineInput,
  ctx: StageContext,
): Refusal | undefined {
  if (t.entries.length === 0) return refuse.badInput('a timeline needs at least one entry');
  const funders = new Set(ctx.definition.funding.shares.map((s) => s.role));
  const tranches = tranchesOf(ctx);
  for (const e of t.entries) {
    if (!funders.has(e.role)) return refuse.badInput(`"${e.role}" is not a funder`);
    if (!tranches.has(e.trancheId)) return refuse.badInput(`"${e.trancheId}" is not a tranche`);
    if (parseLocalDate(e.dueDate) === undefined)
      return refuse.badInput(`"${e.dueDate}" is not a calendar date YYYY-MM-DD`);
  }
  return undefined;
}

export const committeeKind: StageKind<CommitteeStage, State> = {
  kind: 'COMMITTEE',
  // What the definition language reference says of the kind.
  schema: schema.describe(
    'A committee with seats per party, a quorum and a majority rule. It decides in the same transition as the vote that settles it, so its decision is recorded after that vote.',
  ),
  projection: committeeProjection,
  check: (stage, refs) => {
    const out = [
      ...stage.members.flatMap((m, i) => refs.role(m.role, `members[${i}].role`)),
      ...refs.role(stage.chair, 'chair'),
      ...checkExpiry(stage, refs, { escalation: false }),
    ];
    for (const [field, role] of [
      ['chair', stage.chair],
      ['coChair', stage.coChair],
    ] as const) {
      if (role && !stage.members.some((m) => m.role === role))
        out.push({ path: field, message: `the ${field} "${role}" must be one of the members` });
    }
    if (stage.coChair === stage.chair)
      out.push({ path: 'coChair', message: 'must be another member than the chair' });
    const seats = stage.members.reduce((n, m) => n + m.seats, 0);
    const weight = stage.members.reduce(
      (w, m) => w.plus(new Decimal(m.weight ?? 1).times(m.seats)),
      new Decimal(0),
    );
    if (stage.quorumBy === 'WEIGHT' ? weight.lt(stage.quorum) : stage.quorum > seats)
      out.push({
        path: 'quorum',
        message:
          stage.quorumBy === 'WEIGHT'
            ? `cannot exceed the committee's weight of ${weight.toString()}`
            : `cannot exceed the ${seats} seats`,
      });
    const roles = stage.members.map((m) => m.role);
    roles.forEach((r, i) => {
      if (roles.indexOf(r) !== i)
        out.push({ path: `members[${i}].role`, message: `"${r}" has seats listed twice` });
    });
    return out;
  },
  start: (stage) => ({
    state: { votes: [], decision: null, reason: null, timelineSet: false },
    deadline: stage.deadline,
  }),
  expire: (stage, state) => {
    // A quorum has voted: the votes decide. Otherwise the definition's expiry path does.
    if (state.decision === null && hasQuorum(rules(stage), state.votes))
      return decide(stage, state, tallyCommittee(rules(stage), state.votes, true));
    if (state.decision === null) return expiryOutcome(stage, state);
    return { state };
  },
  actingRole: (stage) => stage.chair,
  waitingFor: (stage, state) =>
    state.decision === null
      ? stage.members
          .filter((m) => state.votes.filter((v) => v.role === m.role).length < m.seats)
          .map((m) => m.role)
      : stage.setsDisbursementTimeline && !state.timelineSet
        ? [stage.chair]
        : [],
  actions: {
    castVote: {
      spec: {
        mutation: 'castCommitteeVote',
        description:
          "A committee member's vote, with its reason (RECUSED for a conflict of interest)",
        inputType: 'CastVoteInput',
        addressedBy: 'stage',
        tokenRoles: MEMBER_ROLES,
        fields: {
          role: { type: 'key', description: 'The seat voted from: a committee member role' },
          vote: {
            type: 'enum',
            name: 'VoteChoice',
            values: ['FOR', 'AGAINST', 'ABSTAIN', 'RECUSED'],
            description: 'RECUSED: a conflict of interest; counts neither for quorum nor majority',
          },
          reason: { type: 'text', max: 2000 },
        },
      },
      validate: (stage, state, v: VoteInput, actor, ctx) => {
        const unseated = seatRefusal(stage, v, actor, ctx);
        if (unseated) return unseated;
        if (state.decision) return refuse.conflict(`committee "${stage.id}" has decided`);
        if (!v.reason.trim()) return refuse.badInput('a vote must give its reason');
        const problem = checkVote(rules(stage), state.votes, {
          role: v.role,
          subject: actor.subject,
          vote: v.vote,
        });
        return problem ? refuse.conflict(problem) : undefined;
      },
      apply: (stage, state, v: VoteInput, actor) => {
        const votes = [...state.votes, { role: v.role, subject: actor.subject, vote: v.vote }];
        const tally = tallyCommittee(rules(stage), votes);
        const decided = decide(stage, { ...state, votes }, tally);
        return {
          ...decided,
          events: [
            { kind: 'VOTE', detail: { vote: v.vote }, actor, role: v.role, reason: v.reason },
            ...(decided.events ?? []),
          ],
          reply: { outcome: tally.state },
        };
      },
    },
    setDisbursementTimeline: {
      spec: {
        mutation: 'setDisbursementTimeline',
        description: "The committee chair sets each funder's tranche dates",
        inputType: 'SetDisbursementTimelineInput',
        addressedBy: 'stage',
        tokenRoles: MEMBER_ROLES,
        fields: {
          entries: {
            type: 'list',
            min: 1,
            max: 200,
            of: {
              inputType: 'TimelineEntryInput',
              fields: {
                role: { type: 'key' },
                trancheId: { type: 'key' },
                dueDate: { type: 'date', description: 'YYYY-MM-DD' },
              },
            },
          },
        },
      },
      validate: (stage, state, t: TimelineInput, actor, ctx) =>
        (stage.setsDisbursementTimeline
          ? undefined
          : refuse.conflict(`committee "${stage.id}" does not set disbursement timelines`)) ??
        ctx.actsAs(actor, stage.chair) ??
        (state.decision !== 'APPROVED'
          ? refuse.conflict(`committee "${stage.id}" sets the timeline once it has approved`)
          : state.timelineSet
            ? refuse.conflict('the disbursement timeline is already set')
            : undefined) ??
        checkTimeline(stage, t, ctx),
      apply: (stage, state, t: TimelineInput, actor) => {
        const next = { ...state, timelineSet: true };
        return {
          state: next,
          events: [
            {
              kind: 'DISBURSEMENT_TIMELINE_SET',
              detail: { entries: t.entries },
              actor,
              role: stage.chair,
            },
          ],
          effects: [{ type: 'committee.timeline', entries: t.entries }],
          // A DISBURSEMENT whose funders release their own parts holds each to its date.
          facts: withDisbursementTimeline(t.entries),
          outcome: finished(stage, next),
        };
      },
    },
  },
};
