import { proxyActivities, sleep } from '@temporalio/workflow';
import type { CallActivities, CallWorkflowInput } from './call.contract';

const activities = proxyActivities<CallActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/**
 * A call for proposals: it opens and closes on timers. The window itself is enforced by the
 * database at each submission (one clock, one lock); closing takes the call's row lock, so
 * the count it reports includes every submission that was accepted before the close.
 * Completeness checks, evaluation, ranking and resolution follow the close (next stages).
 */
export async function callWorkflow(input: CallWorkflowInput): Promise<{ applications: number }> {
  const untilOpen = Date.parse(input.opensAt) - Date.now();
  if (untilOpen > 0) await sleep(untilOpen);
  await activities.setCallStatus({ callId: input.callId, status: 'OPEN' });
  const untilClose = Date.parse(input.closesAt) - Date.now();
  if (untilClose > 0) await sleep(untilClose);
  return activities.setCallStatus({ callId: input.callId, status: 'CLOSED' });
}
