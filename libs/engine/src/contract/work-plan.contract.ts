// The contract between the API, the worker and the work plan workflow.
import { defineUpdate } from '@temporalio/workflow';
import type { PricedAllocation } from '../agreement/work-plan';
import type { CastVote, CommitteeRules, Vote } from '../stages/committee/committee-tally';
import type { Actor } from '../stages/stage-kind';

export const WORK_PLAN_WORKFLOW = 'workPlanWorkflow';
export const workPlanWorkflowId = (agreementKey: string, year: number, proposal: string) =>
  `work-plan-${agreementKey}-${year}-${proposal}`;

export type WorkPlanStatus = 'PROPOSED' | 'APPROVED' | 'REJECTED';

export interface WorkPlanWorkflowInput {
  workPlanId: string;
  agreementId: string;
  year: number;
  allocations: PricedAllocation[];
  rules: CommitteeRules;
  /** Committee role → the organisation that sits in it. */
  seats: Record<string, string>;
  /** When the committee's vote closes: the plan is decided on the votes cast by then. */
  votesBy: string;
}

export interface WorkPlanVote {
  actor: Actor;
  /** The committee seat the caller votes in, when their organisation holds several. */
  role?: string | null;
  vote: Vote;
  reason: string;
}

export interface WorkPlanReply {
  workPlanId: string;
  status: WorkPlanStatus;
  votesCast: number;
}

export const castWorkPlanVoteUpdate = defineUpdate<WorkPlanReply, [WorkPlanVote]>(
  'castWorkPlanVote',
);

export interface WorkPlanDecision {
  workPlanId: string;
  agreementId: string;
  year: number;
  allocations: PricedAllocation[];
  status: Exclude<WorkPlanStatus, 'PROPOSED'>;
  reason: string;
  votes: (CastVote & { reason: string })[];
}

/** The one activity: the decision written, and an approved plan's envelopes set for its year. */
export interface WorkPlanActivities {
  decideWorkPlan(decision: WorkPlanDecision): Promise<void>;
}
