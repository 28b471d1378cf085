// The contract between the API, the worker and the call workflow.
import { defineUpdate } from '@temporalio/workflow';
import type { ApplicationWorkflowInput } from './application.contract';

export const CALL_WORKFLOW = 'callWorkflow';
export const callWorkflowId = (callKey: string) => `call-${callKey}`;

export interface CallWorkflowInput {
  callId: string;
  opensAt: string;
  closesAt: string;
}

export type CallStatus =
  'SCHEDULED' | 'OPEN' | 'CLOSED' | 'EVALUATION' | 'PROVISIONAL' | 'RESOLVED';

export interface CallSummary {
  applications: number;
  setAside: number;
  funded: number;
  reserve: number;
  excluded: number;
  committed: string;
  projectsStarted: number;
}

/** The issuer closes the evaluation once every admissible application is scored (checked by the API). */
export const closeEvaluationUpdate = defineUpdate<{ accepted: true }, [{ subject: string }]>(
  'closeEvaluation',
);

/** Activities the call workflow calls; the worker implements them. */
export interface CallActivities {
  /**
   * Projects the call's phase (never backwards) and the deadline of that phase, if any.
   * Writing it takes the call's row lock, so submissions and objections in flight finish first.
   */
  setCallStatus(input: {
    callId: string;
    status: CallStatus;
    phaseDeadline?: string | null;
  }): Promise<{ applications: number }>;
  /** Marks each submitted application complete or defective (every defect named). */
  checkCompleteness(input: { callId: string }): Promise<{ defective: number }>;
  /** The end of a period of the call (fixing defects, objections) from now, in the issuer's calendar. */
  callPeriodEnd(input: {
    callId: string;
    period: 'defectFix' | 'objections';
    from: string;
  }): Promise<string>;
  /** Defects not fixed in time: the application is set aside. */
  settleDefects(input: { callId: string }): Promise<{ setAside: number }>;
  /** Scores, ranks and allocates the budget: the provisional resolution. */
  rankAndAllocate(input: {
    callId: string;
  }): Promise<Omit<CallSummary, 'applications' | 'setAside' | 'projectsStarted'>>;
  /**
   * Commits every grant of the resolution to the call's envelope and turns each funded
   * application into a project under the call's programme; returns the projects to start.
   */
  finaliseCall(input: {
    callId: string;
    idempotencyKey: string;
  }): Promise<{ projects: { workflowId: string; input: ApplicationWorkflowInput }[] }>;
}
