import {
  condition,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  sleep,
  startChild,
} from '@temporalio/workflow';
import { APPLICATION_WORKFLOW } from './application.contract';
import type { CallActivities, CallSummary, CallWorkflowInput } from './call.contract';
import { closeEvaluationUpdate } from './call.contract';

const activities = proxyActivities<CallActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

const sleepUntil = async (instant: string) => {
  const ms = Date.parse(instant) - Date.now();
  if (ms > 0) await sleep(ms);
};

/**
 * A call for proposals, concurrencia competitiva: it opens and closes on timers, checks
 * completeness and gives defective applications their period to fix them, waits for the
 * evaluation to be closed by the issuer, ranks and allocates (provisional resolution), lets
 * the objections period run, and resolves, committing the grants. Per-application work lives
 * in PostgreSQL, not in this workflow's state, so a call of thousands of applications keeps a
 * small history. Windows and periods are enforced by the database at each request; the
 * workflow moves the phases on time.
 */
export async function callWorkflow(input: CallWorkflowInput): Promise<CallSummary> {
  const { callId } = input;
  let evaluationOpen = false;
  let evaluationClosed = false;
  setHandler(
    closeEvaluationUpdate,
    (_by: { subject: string }) => {
      evaluationClosed = true;
      return { accepted: true as const };
    },
    {
      validator: (_by: { subject: string }) => {
        if (!evaluationOpen || evaluationClosed) throw new Error('the evaluation is not open');
      },
    },
  );

  await sleepUntil(input.opensAt);
  await activities.setCallStatus({ callId, status: 'OPEN' });
  await sleepUntil(input.closesAt);
  const { applications } = await activities.setCallStatus({ callId, status: 'CLOSED' });

  let setAside = 0;
  const { defective } = await activities.checkCompleteness({ callId });
  if (defective > 0) {
    const fixBy = await activities.callPeriodEnd({
      callId,
      period: 'defectFix',
      from: new Date(Date.now()).toISOString(),
    });
    await activities.setCallStatus({ callId, status: 'CLOSED', phaseDeadline: fixBy });
    await sleepUntil(fixBy);
    ({ setAside } = await activities.settleDefects({ callId }));
  }

  await activities.setCallStatus({ callId, status: 'EVALUATION', phaseDeadline: null });
  evaluationOpen = true;
  await condition(() => evaluationClosed);

  const allocation = await activities.rankAndAllocate({ callId });
  const objectionsUntil = await activities.callPeriodEnd({
    callId,
    period: 'objections',
    from: new Date(Date.now()).toISOString(),
  });
  await activities.setCallStatus({ callId, status: 'PROVISIONAL', phaseDeadline: objectionsUntil });
  await sleepUntil(objectionsUntil);
  const { projects } = await activities.finaliseCall({
    callId,
    idempotencyKey: `call:${callId}:final-resolution`,
  });
  // Each funded project follows the programme's procedure in its own workflow, which outlives
  // the call's.
  for (const project of projects) {
    await startChild(APPLICATION_WORKFLOW, {
      workflowId: project.workflowId,
      args: [project.input],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  }
  await activities.setCallStatus({ callId, status: 'RESOLVED', phaseDeadline: null });
  return { applications, setAside, ...allocation, projectsStarted: projects.length };
}
