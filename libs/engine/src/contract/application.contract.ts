import type { ProjectIndicator } from '../definition/project-indicators';
// The contract between the API, the worker and the application workflow: its input, its
// Updates and signals, and the activities it calls. Shared as definitions and types only.
import { defineSignal, defineUpdate } from '@temporalio/workflow';
import type { FundingSplit } from '@codev/domain/funding/funding-formula';
import type { PricedCostItem } from '@codev/domain/funding/cost-items';
import type { ProgrammeDefinition } from '../definition/programme-definition.schema';
import type { Actor, RefusalType } from '../stages/stage-kind';
import type { RoundInfo, RoundMessage } from './round.contract';

export const APPLICATION_WORKFLOW = 'applicationWorkflow';
export const applicationWorkflowId = (applicationId: string) => `application-${applicationId}`;

/** The one definition of an application's status. */
export const APPLICATION_STATUSES = [
  'IN_REVIEW',
  'APPROVED',
  'IN_EXECUTION',
  'COMPLETED',
  'REJECTED',
  'WITHDRAWN',
  /** A fault the engine cannot get past (a broken invariant); the reason is recorded. */
  'FAILED',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export const CLOSED_STATUSES: readonly ApplicationStatus[] = [
  'COMPLETED',
  'REJECTED',
  'WITHDRAWN',
  'FAILED',
];

/** The row the workflow writes when it takes the submission in. */
export interface ApplicationRecord {
  programmeId: string;
  programmeVersionId: string;
  programmeVersion: number;
  title: string;
  sector: string;
  applicantId: string;
  applicantRole: string;
  projectJurisdictionId: string;
  countryCode: string;
  subdivisionCode: string | null;
  municipalityCode: string | null;
  submittedBy: string;
  /** Hash of the request: a retry with the same idempotency key must carry the same one. */
  fingerprint: string;
  documents: { documentType: string; uri: string }[];
  /** The itemised budget, where the programme declares cost items. */
  costItems?: PricedCostItem[];
  /** The indicators the project reports on (its type's in the programme), with baseline and target. */
  indicators?: ProjectIndicator[];
  /** The OECD DAC purpose code of its type in the programme (absent in histories before it). */
  dacPurpose?: string;
  /** Only for applications to a call. */
  objective?: string;
  implementingNgoId?: string | null;
}

/** Where a party is based: its jurisdiction, whose calendar and time zone count its deadlines. */
export interface PartyPlace {
  jurisdictionCode: string;
  timeZone: string | null;
}

export interface ApplicationWorkflowInput {
  applicationId: string;
  /** The definition of the version the application was submitted under: it never changes. */
  definition: ProgrammeDefinition;
  /** role → organisation id */
  parties: Record<string, string>;
  /** role → where that party is based (absent for parties without a jurisdiction) */
  places?: Record<string, PartyPlace>;
  funding: FundingSplit;
  record: ApplicationRecord;
  /** Set when the application competes in a call. */
  round?: RoundInfo;
  /** The namespace indexes the engine's search attributes: keep the status current in them. */
  searchAttributes?: boolean;
}

/** A human step as the workflow receives it. */
export interface StepRequest {
  /** Absent for steps addressed to the open stage of their kind. */
  stageId?: string;
  actor: Actor;
  input: Record<string, unknown>;
}

/** What the workflow answers to a step or a submission: the state it left the application in. */
export interface StepReply {
  stageId: string | null;
  outcome: string | null;
  reply: Record<string, string>;
  status: ApplicationStatus;
  activeStages: string[];
  /** Roles whose step the open stages wait for: what a client should offer next. */
  waitingFor: string[];
  /** When the application was taken in, by the database's clock. */
  submittedAt: string;
}

export interface SubmitRequest {
  actor: Actor;
  fingerprint: string;
}
export interface WithdrawRequest {
  actor: Actor;
  reason: string;
}

export const submitUpdate = defineUpdate<StepReply, [SubmitRequest]>('submit');
export const withdrawUpdate = defineUpdate<StepReply, [WithdrawRequest]>('withdraw');
/** Every stage action is an Update named after it (see the stage kinds' specs). */
export const stageActionUpdate = (name: string) => defineUpdate<StepReply, [StepRequest]>(name);
/** Phases of the round, sent by the call's workflow. */
export const roundSignal = defineSignal<[RoundMessage]>('round');

/** Failure types the API maps to typed GraphQL errors. */
export const FailureType: Readonly<Record<string, RefusalType>> = {
  Forbidden: 'FORBIDDEN',
  Conflict: 'CONFLICT',
  BadInput: 'BAD_USER_INPUT',
};

/** An event of the application's history, as one transition records it. */
export interface RecordedEvent {
  /** Unique per application: a retried activity records its event once. */
  key: string;
  stageId: string | null;
  kind: string;
  actor: Actor | null;
  actorRole: string | null;
  reason: string | null;
  detail: Record<string, unknown>;
}

export interface Effect {
  type: string;
  stageId: string | null;
  [field: string]: unknown;
}

/** Everything one transition writes: history, effects and the projection, in one transaction. */
export interface Transition {
  applicationId: string;
  /** Grows with each transition; an older projection arriving late is ignored. */
  seq: number;
  events: RecordedEvent[];
  effects: Effect[];
  /** The application as its list shows it; `waitingFor`: roles whose step the open stages wait for. */
  projection: { status: ApplicationStatus; activeStages: string[]; waitingFor: string[] };
}

/** Activities the application workflow calls; the worker implements them. */
export interface EngineActivities {
  /** Performs a transition; returns each effect's result, in order. */
  applyTransition(transition: Transition): Promise<unknown[]>;
  /** Records a failure the workflow cannot get past, even when the application row is missing. */
  recordFailure(input: {
    applicationId: string;
    workflowId: string;
    stageId: string | null;
    reason: string;
  }): Promise<void>;
}
