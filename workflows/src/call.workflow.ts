import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  patched,
  proxyActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import type {
  CallActivities,
  CallReply,
  CallStatus,
  CallSummary,
  CallWorkflowInput,
} from '@codev/engine/contract/call.contract';
import {
  closeEvaluationUpdate,
  publishCallUpdate,
  roundWithdrawalSignal,
} from '@codev/engine/contract/call.contract';

const activities = proxyActivities<CallActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/** How late a submission that arrived in time may reach the call's list. */
const CLOSE_GRACE_MS = 5_000;

const sleepUntil = async (instant: string) => {
  const ms = Date.parse(instant) - Date.now();
  if (ms > 0) await sleep(ms);
};

const rethrow = (e: unknown): never => {
  const cause = e instanceof ActivityFailure ? e.cause : undefined;
  if (cause instanceof ApplicationFailure)
    throw ApplicationFailure.create({
      type: cause.type ?? undefined,
      message: cause.message,
      nonRetryable: true,
    });
  throw e;
};

/**
 * A call for proposals, concurrencia competitiva, owning its phases: it opens and closes on
 * timers, checks completeness and gives defective applications their period, waits for the
 * issuer to close the evaluation, ranks and allocates (provisional resolution), lets the
 * objections period run, resolves, and then moves the reserve list up as funded projects
 * withdraw, until the list is exhausted or expires. Each application runs in its own
 * workflow; this one tells them the round's phases. Per-application data lives in
 * PostgreSQL, so a call of thousands of applications keeps a small history.
 */
export async function callWorkflow(input: CallWorkflowInput): Promise<CallSummary> {
  const { callId } = input;
  let status: CallStatus | null = null;
  /** The call's row and budget are written: its phases may begin. */
  let created = false;
  let evaluationClosed = false;
  const withdrawals: string[] = [];

  setHandler(
    publishCallUpdate,
    async (): Promise<CallReply> => {
      if (status === null) {
        status = 'SCHEDULED';
        await activities.createCall(input);
        created = true;
      } else await condition(() => created);
      return { callId, status };
    },
    {
      validator: ({ fingerprint }) => {
        if (fingerprint !== input.record.fingerprint)
          throw ApplicationFailure.create({
            type: 'CONFLICT',
            message: `a call with key ${input.record.key} is already published`,
            nonRetryable: true,
          });
      },
    },
  );

  setHandler(
    closeEvaluationUpdate,
    async (): Promise<CallReply> => {
      const { objectionsUntil } = await activities.rankRound({ callId }).catch(rethrow);
      evaluationClosed = true;
      status = 'PROVISIONAL';
      objectionsEnd = objectionsUntil;
      return { callId, status };
    },
    {
      validator: ({ actor }) => {
        if (actor.organisationId !== input.record.issuerId)
          throw ApplicationFailure.create({
            type: 'FORBIDDEN',
            message: 'only the issuing body closes its evaluation',
            nonRetryable: true,
          });
        if (status !== 'EVALUATION' || evaluationClosed)
          throw ApplicationFailure.create({
            type: 'CONFLICT',
            message: `the call is ${status ?? 'not published'}, not in EVALUATION`,
            nonRetryable: true,
          });
      },
    },
  );
  let objectionsEnd = '';

  setHandler(roundWithdrawalSignal, ({ applicationId }) => {
    withdrawals.push(applicationId);
  });

  // A call whose opening has passed would otherwise open (and even close) before its row is
  // written; executions from before the patch waited only for the publication to begin.
  if (patched('call-opens-after-its-row')) await condition(() => created);
  else await condition(() => status !== null);
  await sleepUntil(input.record.opensAt);
  await activities.openCall({ callId });
  status = 'OPEN';
  // Submissions are judged by when they reached the API; the list closes a grace later, so one
  // that arrived in time but whose workflow ran late is in it.
  await sleepUntil(new Date(Date.parse(input.record.closesAt) + CLOSE_GRACE_MS).toISOString());
  const { applications, fixBy } = await activities.closeCall({
    callId,
    closedAt: new Date(Date.now()).toISOString(),
  });
  status = 'CLOSED';
  if (fixBy) await sleepUntil(fixBy);
  await activities.openEvaluation({ callId });
  status = 'EVALUATION';
  await condition(() => evaluationClosed);

  await sleepUntil(objectionsEnd);
  const { reserveUntil, ...summary } = await activities.resolveRound({
    callId,
    idempotencyKey: `call:${callId}:final-resolution`,
  });
  status = 'RESOLVED';

  // After the resolution: each withdrawal frees money the reserve list may take, until the
  // list is empty or its validity ends.
  let reserveLeft = summary.reserve;
  let moves = 0;
  let expired = false;
  if (reserveUntil)
    void sleep(Math.max(Date.parse(reserveUntil) - Date.now(), 1)).then(() => (expired = true));
  while (reserveLeft > 0 && !expired) {
    await condition(() => withdrawals.length > 0 || expired);
    if (withdrawals.length > 0) {
      withdrawals.length = 0;
      ({ reserveLeft } = await activities.moveReserveUp({
        callId,
        idempotencyKey: `call:${callId}:move-up:${++moves}`,
      }));
    }
  }
  if (reserveLeft > 0) await activities.expireReserve({ callId });
  await condition(allHandlersFinished);
  return { ...summary, applications };
}
