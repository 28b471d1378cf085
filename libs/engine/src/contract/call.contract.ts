// The contract between the API, the worker and the call workflow.
import { defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CallDefinition } from '../call/call-definition.schema';
import type { Actor } from '../stages/stage-kind';

export const CALL_WORKFLOW = 'callWorkflow';
export const callWorkflowId = (callKey: string) => `call-${callKey}`;

/** The one definition of a call's status, phase by phase. */
export const CALL_STATUSES = [
  'SCHEDULED',
  'OPEN',
  /** Closed to submissions; defective applications are being fixed. */
  'CLOSED',
  'EVALUATION',
  /** Provisional resolution published; objections may be lodged until the phase deadline. */
  'PROVISIONAL',
  'RESOLVED',
] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

export interface CallRecord {
  key: string;
  issuerId: string;
  programmeId: string;
  definition: CallDefinition;
  opensAt: string;
  closesAt: string;
  publishedBy: string;
  fingerprint: string;
}

export interface CallWorkflowInput {
  callId: string;
  record: CallRecord;
}

export interface CallSummary {
  applications: number;
  funded: number;
  reserve: number;
  excluded: number;
  committed: string;
}

/** What the call workflow answers to publication and to closing the evaluation. */
export interface CallReply {
  callId: string;
  status: CallStatus;
}

export const publishCallUpdate = defineUpdate<CallReply, [{ actor: Actor; fingerprint: string }]>(
  'publish',
);
/** The issuer closes the evaluation once every admissible application has its evaluators. */
export const closeEvaluationUpdate = defineUpdate<CallReply, [{ actor: Actor }]>('closeEvaluation');
/** An application that withdrew after the resolution: its grant came back to the budget. */
export const roundWithdrawalSignal = defineSignal<[{ applicationId: string }]>('withdrawn');

/** Activities the call workflow calls; the worker implements them. Each writes, then tells the applications. */
export interface CallActivities {
  createCall(input: CallWorkflowInput): Promise<CallReply>;
  openCall(input: { callId: string }): Promise<void>;
  /**
   * Closes the list, checks completeness, and gives defective applications their period,
   * counted from `closedAt` (the workflow's clock, so a retry counts from the same instant).
   */
  closeCall(input: {
    callId: string;
    closedAt: string;
  }): Promise<{ applications: number; fixBy: string | null }>;
  openEvaluation(input: { callId: string }): Promise<void>;
  /** Refuses (non-retryably) while an admissible application lacks its evaluators. */
  rankRound(input: { callId: string }): Promise<{ objectionsUntil: string }>;
  resolveRound(input: {
    callId: string;
    idempotencyKey: string;
  }): Promise<CallSummary & { reserveUntil: string | null }>;
  /** Moves the reserve list up within what the budget has free; returns how many wait still. */
  moveReserveUp(input: {
    callId: string;
    idempotencyKey: string;
  }): Promise<{ reserveLeft: number }>;
  expireReserve(input: { callId: string }): Promise<void>;
}
