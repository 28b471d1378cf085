import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
} from '@temporalio/workflow';
import type {
  WorkPlanActivities,
  WorkPlanDecision,
  WorkPlanReply,
  WorkPlanVote,
  WorkPlanWorkflowInput,
} from '@codev/engine/contract/work-plan.contract';
import { castWorkPlanVoteUpdate } from '@codev/engine/contract/work-plan.contract';
import {
  type CastVote,
  checkVote,
  tallyCommittee,
} from '@codev/engine/stages/committee/committee-tally';

// The decision is one short, idempotent transaction.
const OPTIONS = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '30 seconds' },
} as const;
const { decideWorkPlan } = proxyLocalActivities<WorkPlanActivities>(OPTIONS);
/**
 * Written by a regular activity: the votes it is decided from must be in the history first.
 * A local activity in the task that accepts the deciding vote would write at once, and if
 * the server never recorded that task (see application.workflow.ts), the task replacing it
 * could count other votes, while the decision first written stood.
 */
const recorded = proxyActivities<WorkPlanActivities>(OPTIONS);

const refuse = (type: 'FORBIDDEN' | 'CONFLICT' | 'BAD_USER_INPUT', message: string) =>
  ApplicationFailure.create({ type, message, nonRetryable: true });

/**
 * An agreement's annual work plan before its joint steering committee: each seat votes once
 * (an Update whose validator refuses a caller without a free seat), the plan is decided as
 * soon as no vote left can change the outcome, or on the votes cast when the vote closes
 * (a timer); the decision, and for an approved plan the year's component envelopes, are
 * written by one activity.
 */
export async function workPlanWorkflow(input: WorkPlanWorkflowInput): Promise<WorkPlanDecision> {
  const votes: (CastVote & { reason: string })[] = [];
  let decision: WorkPlanDecision | null = null;
  /** The decision is in the database: the decisive voter is answered once it is. */
  let written = false;

  /** The seat the caller votes in, or why they cannot vote. */
  const seatOf = ({ actor, role }: WorkPlanVote): string => {
    if (decision) throw refuse('CONFLICT', `the work plan is ${decision.status}`);
    const held = Object.entries(input.seats)
      .filter(
        ([r, org]) => org === actor.organisationId && input.rules.members.some((m) => m.role === r),
      )
      .map(([r]) => r);
    if (!held.length)
      throw refuse(
        'FORBIDDEN',
        'only members of the joint steering committee vote on its work plan',
      );
    if (role && !held.includes(role))
      throw refuse('FORBIDDEN', `your organisation does not sit in the seat of "${role}"`);
    if (!role && held.length > 1)
      throw refuse('BAD_USER_INPUT', `say which seat you vote in: ${held.join(', ')}`);
    const seat = role ?? held[0];
    const problem = checkVote(input.rules, votes, {
      role: seat,
      subject: actor.subject,
      vote: 'FOR',
    });
    if (problem) throw refuse('CONFLICT', problem);
    return seat;
  };

  const decide = (final: boolean) => {
    const tally = tallyCommittee(input.rules, votes, final);
    if (tally.state === 'PENDING') return;
    decision = {
      workPlanId: input.workPlanId,
      agreementId: input.agreementId,
      year: input.year,
      allocations: input.allocations,
      status: tally.state,
      reason: tally.reason,
      votes: [...votes],
    };
  };

  const reply = (): WorkPlanReply => ({
    workPlanId: input.workPlanId,
    status: decision?.status ?? 'PROPOSED',
    votesCast: votes.length,
  });

  setHandler(
    castWorkPlanVoteUpdate,
    async (vote) => {
      const role = seatOf(vote);
      votes.push({ role, subject: vote.actor.subject, vote: vote.vote, reason: vote.reason });
      decide(false);
      if (decision) await condition(() => written);
      return reply();
    },
    { validator: (vote) => void seatOf(vote) },
  );

  const closesIn = Math.max(Date.parse(input.votesBy) - Date.now(), 1);
  if (!(await condition(() => decision !== null, closesIn))) decide(true);
  await (patched('work-plan-decision-as-activity') ? recorded : { decideWorkPlan }).decideWorkPlan(
    decision!,
  );
  written = true;
  await condition(allHandlersFinished);
  return decision!;
}
