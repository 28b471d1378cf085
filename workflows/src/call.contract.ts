// The contract between the API, the worker and the call workflow.

export const CALL_WORKFLOW = 'callWorkflow';
export const callWorkflowId = (callKey: string) => `call-${callKey}`;

export interface CallWorkflowInput {
  callId: string;
  opensAt: string;
  closesAt: string;
}

export type CallStatus = 'SCHEDULED' | 'OPEN' | 'CLOSED';

/** Activities the call workflow calls; the worker implements them. */
export interface CallActivities {
  /** Projects the call's status; closing waits for submissions in flight (row lock). */
  setCallStatus(input: { callId: string; status: CallStatus }): Promise<{ applications: number }>;
}
