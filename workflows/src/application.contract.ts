// The contract between the API, the worker and the application workflow: its input, its
// Updates (human steps) and the activities it calls. Shared as definitions and types only.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { DeadlineDefinition, ProgrammeDefinition, Vote } from '@codev/domain';

export const APPLICATION_WORKFLOW = 'applicationWorkflow';
export const applicationWorkflowId = (applicationId: string) => `application-${applicationId}`;

export interface FundingLineInput {
  role: string;
  amount: string;
  coversRole?: string;
  pledged?: { amount: string; currency: string; rate: string };
}

export interface ApplicationWorkflowInput {
  applicationId: string;
  /** The definition of the version the application was submitted under: it never changes. */
  definition: ProgrammeDefinition;
  /** role → organisation id */
  parties: Record<string, string>;
  funding: { currency: string; total: string; lines: FundingLineInput[] };
}

/** Who performs a human step: checked against the organisation assigned to the role. */
export interface Actor {
  subject: string;
  organisationId: string;
}

export interface VoteInput {
  stageId: string;
  role: string;
  vote: Vote;
  reason: string;
  actor: Actor;
}
export interface TimelineInput {
  stageId: string;
  entries: { role: string; trancheId: string; dueDate: string }[];
  actor: Actor;
}
export interface DocumentInput {
  stageId: string;
  role: string;
  documentType: string;
  uri: string;
  actor: Actor;
}
export interface ReviewInput {
  stageId: string;
  decision: 'APPROVE' | 'REJECT';
  reason: string;
  actor: Actor;
}
export interface ReportInput {
  stageId: string;
  reportType: string;
  uri: string;
  summary: string;
  actor: Actor;
}
export interface FindingInput {
  stageId: string;
  description: string;
  actor: Actor;
}
export interface ResolveFindingInput {
  stageId: string;
  findingId: string;
  resolution: string;
  actor: Actor;
}
export interface HandoverInput {
  stageId: string;
  remarks: string;
  actor: Actor;
}

export interface StepResult {
  stageId: string;
  accepted: true;
  outcome?: string;
}

export const castVoteUpdate = defineUpdate<StepResult, [VoteInput]>('castVote');
export const setTimelineUpdate = defineUpdate<StepResult, [TimelineInput]>(
  'setDisbursementTimeline',
);
export const submitDocumentUpdate = defineUpdate<StepResult, [DocumentInput]>('submitDocument');
export const decideReviewUpdate = defineUpdate<StepResult, [ReviewInput]>('decideReview');
export const fileReportUpdate = defineUpdate<StepResult, [ReportInput]>('fileReport');
export const raiseFindingUpdate = defineUpdate<StepResult & { findingId: string }, [FindingInput]>(
  'raiseFinding',
);
export const resolveFindingUpdate = defineUpdate<StepResult, [ResolveFindingInput]>(
  'resolveFinding',
);
export const certifyHandoverUpdate = defineUpdate<StepResult, [HandoverInput]>('certifyHandover');
export const activeStagesQuery = defineQuery<string[]>('activeStages');

/** Failure types the API maps to typed GraphQL errors. */
export const FailureType = {
  Forbidden: 'FORBIDDEN',
  Conflict: 'CONFLICT',
  BadInput: 'BAD_USER_INPUT',
} as const;

export type ApplicationStatus =
  'IN_REVIEW' | 'APPROVED' | 'IN_EXECUTION' | 'COMPLETED' | 'REJECTED';

export interface EventInput {
  applicationId: string;
  /** Unique per application: a retried activity records its event once. */
  eventKey: string;
  stageId: string | null;
  kind: string;
  actor: Actor | null;
  actorRole: string | null;
  reason: string | null;
  detail: Record<string, unknown>;
}

/** Activities the workflow calls; the worker implements them (apps/worker). */
export interface EngineActivities {
  recordEvent(event: EventInput): Promise<void>;
  /** `seq` grows with each call; an older projection arriving late is ignored. */
  projectProgress(input: {
    applicationId: string;
    seq: number;
    status: ApplicationStatus;
    activeStages: string[];
  }): Promise<void>;
  computeDeadline(input: {
    from: string;
    deadline: DeadlineDefinition;
    definition: ProgrammeDefinition;
  }): Promise<string>;
  recordDeadline(input: {
    applicationId: string;
    stageId: string;
    dueAt: string;
    status: 'OPEN' | 'MET' | 'EXPIRED';
  }): Promise<void>;
  commitFunding(input: {
    applicationId: string;
    idempotencyKey: string;
  }): Promise<{ committed: true } | { committed: false; reason: string }>;
  disburseTranche(input: {
    applicationId: string;
    stageId: string;
    trancheId: string;
    idempotencyKey: string;
  }): Promise<void>;
  issueHandover(input: {
    applicationId: string;
    stageId: string;
    actor: Actor;
    remarks: string;
  }): Promise<void>;
}
