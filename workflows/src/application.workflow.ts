import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type {
  ApplicationStatus,
  ApplicationWorkflowInput,
  EngineActivities,
  StepReply,
  Transition,
} from '@codev/engine/contract/application.contract';
import {
  roundSignal,
  stageActionUpdate,
  submitUpdate,
  withdrawUpdate,
} from '@codev/engine/contract/application.contract';
import { roundWithdrawalSignal } from '@codev/engine/contract/call.contract';
import { SEARCH_ATTRIBUTES } from '@codev/engine/contract/search-attributes';
import { ProcedureRun, type Timer } from '@codev/engine/runner/procedure-run';
import { stageActions } from '@codev/engine/stages/registry';
import type { Refusal } from '@codev/engine/stages/stage-kind';

// Effects are short, idempotent database transactions: one activity per transition, local
// where everything it is decided from is already in the history.
const ACTIVITY_OPTIONS = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '30 seconds' },
} as const;
const { applyTransition, recordFailure } = proxyLocalActivities<EngineActivities>(ACTIVITY_OPTIONS);
/**
 * A step's own transition. An Update is in the history only once the workflow task that
 * accepted it completes, but a local activity writes at once, inside that task: if the server
 * never records the task (under a burst of Updates the SDK can drop one), the task replacing
 * it may take the Updates in another order and decide otherwise for the same transition,
 * whose first writing would stand. A regular activity is scheduled by the task's completion,
 * with the acceptance: nothing is written from a decision Temporal has not recorded.
 */
const accepted = proxyActivities<EngineActivities>(ACTIVITY_OPTIONS);
const STEPS_AFTER_ACCEPTANCE = 'step-transition-as-activity';
/** ON_CONDITIONS tranches wait for their funders' dates (see EngineFeatures). */
const TRANCHE_DATES = 'tranche-dates';

const refusal = (r: Refusal) =>
  ApplicationFailure.create({
    type: r.type,
    message: r.message,
    nonRetryable: true,
    details: r.violations ? [r.violations] : [],
  });

/** A local activity's failure comes unwrapped; a remote one's inside an ActivityFailure. */
const failureOf = (e: unknown): Error =>
  e instanceof ActivityFailure && e.cause ? e.cause : (e as Error);
/** Why an activity failed for good: its own message, not the wrapper's. */
const causeOf = (e: unknown): string => failureOf(e).message;

export interface ApplicationOutcome {
  status: ApplicationStatus | 'REFUSED';
  reason?: string;
}

/**
 * The one workflow that runs every application of every programme. It owns the lifecycle:
 * the submission (update-with-start), every human step (an Update whose validator refuses
 * what the state does not allow), deadlines (timers) and the round's phases (signals). The
 * interpreter decides; each decision's effects go to the database in one local activity, in
 * the order they were decided.
 */
export async function applicationWorkflow(
  input: ApplicationWorkflowInput,
): Promise<ApplicationOutcome> {
  // Decided once, at the start: a history recorded before a feature replays without it.
  const run = new ProcedureRun(input, { trancheDates: patched(TRANCHE_DATES) });
  let submitted = false;
  let refused: string | null = null;
  let pending = 0;
  /** Decisions waiting for their turn or taking it. */
  let queued = 0;
  let gate: Promise<unknown> = Promise.resolve();

  /**
   * Decisions take turns: each waits until every earlier decision's transitions — follow-ups
   * included — are applied and their results absorbed, then decides on the state they left.
   * So a step never overtakes the effects of the one before it, and transitions are numbered
   * in the order messages were recorded, however they were batched into workflow tasks.
   */
  function decide<T>(work: () => Promise<T>): Promise<T> {
    queued++;
    const turn = gate.then(async () => {
      try {
        await condition(() => pending === 0);
        return await work();
      } finally {
        queued--;
      }
    });
    gate = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  async function apply(t: Transition, afterAcceptance = false): Promise<Transition | undefined> {
    const results = afterAcceptance ? await accepted.applyTransition(t) : await applyTransition(t);
    const { timers, next } = run.absorb(t, results, Date.now());
    timers.forEach(startTimer);
    await notifyRound(t, results);
    indexStatus(t.projection.status);
    return next;
  }

  /** Temporal's list of applications shows each one's status as the workflow records it. */
  let indexed = 'IN_REVIEW';
  function indexStatus(status: string): void {
    if (!input.searchAttributes || status === indexed) return;
    indexed = status;
    upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.status, value: status }]);
  }

  /** A transition and its follow-ups (an effect's result settled), one activity each, in order. */
  async function perform(
    t: Transition | undefined,
    onError: (e: unknown) => Promise<void> = (e) => failWith(causeOf(e)),
    fromStep = false,
  ): Promise<void> {
    // Follow-ups are decided from the results of the activity before them, in the history.
    let afterAcceptance = fromStep && !!t && patched(STEPS_AFTER_ACCEPTANCE);
    pending++;
    try {
      for (let next = t; next && !run.failure && !refused;) {
        try {
          next = await apply(next, afterAcceptance);
          afterAcceptance = false;
        } catch (e) {
          await onError(e);
          return;
        }
      }
    } finally {
      pending--;
    }
  }

  async function failWith(reason: string): Promise<void> {
    run.fail(reason);
    await recordFailure({
      applicationId: input.applicationId,
      workflowId: workflowInfo().workflowId,
      stageId: run.activeStages[0] ?? null,
      reason,
    });
  }

  function startTimer({ stageId, at, remindOf }: Timer): void {
    void sleep(Math.max(Date.parse(at) - Date.now(), 1)).then(() =>
      decide(() =>
        perform(
          remindOf ? run.remind(stageId, remindOf, Date.now()) : run.expire(stageId, Date.now()),
        ),
      ),
    );
  }

  /** After a withdrawal from a resolved round, the call moves its reserve list up. */
  async function notifyRound(t: Transition, results: unknown[]): Promise<void> {
    const i = t.effects.findIndex((e) => e.type === 'application.release');
    const round = input.round;
    if (i < 0 || !round || !(results[i] as { notifyRound?: boolean }).notifyRound) return;
    await getExternalWorkflowHandle(round.workflowId)
      .signal(roundWithdrawalSignal, { applicationId: input.applicationId })
      .catch(() => undefined); // the call has ended: nothing is left to move up
  }

  const check = (r: Refusal | undefined) => {
    if (r) throw refusal(r);
  };
  /**
   * An Update's validator refuses what the state does not allow — the state as it stands
   * when nothing is queued. While earlier messages wait for their turn it lets the step in,
   * and the handler, in its turn, checks it against the state they left.
   */
  const validateNow = (refusalOf: () => Refusal | undefined) => {
    if (!submitted) throw refusal(notYet);
    if (queued === 0) check(refusalOf());
  };
  const answer = (reply: StepReply): StepReply => {
    if (run.failure) throw ApplicationFailure.create({ message: run.failure, nonRetryable: true });
    return {
      ...reply,
      status: run.status,
      activeStages: run.activeStages,
      waitingFor: run.waitingFor(),
    };
  };

  /** Refused at the door (a call that closed meanwhile): the transaction wrote nothing. */
  async function refuseOrFail(e: unknown): Promise<void> {
    const cause = failureOf(e);
    if (cause instanceof ApplicationFailure && cause.type === 'CONFLICT') refused = cause.message;
    else await failWith(causeOf(e));
  }

  setHandler(
    submitUpdate,
    async ({ actor }) => {
      if (!submitted) {
        submitted = true;
        await decide(() => perform(run.begin(actor, Date.now()), refuseOrFail));
      }
      return decide(async () => {
        if (refused) throw refusal({ type: 'CONFLICT', message: refused });
        return answer(run.reply(null));
      });
    },
    {
      validator: ({ fingerprint }) => {
        if (fingerprint !== input.record.fingerprint)
          throw refusal({
            type: 'CONFLICT',
            message: 'this idempotency key was used for a different submission',
          });
      },
    },
  );

  for (const name of stageActions.keys()) {
    setHandler(
      stageActionUpdate(name),
      (req) =>
        decide(async () => {
          // Decided on the state the earlier steps left, which the validator may not have seen.
          check(run.validate(name, req, Date.now()));
          const { transition, reply } = run.act(name, req, Date.now());
          await perform(transition, undefined, true);
          return answer(reply);
        }),
      { validator: (req) => validateNow(() => run.validate(name, req, Date.now())) },
    );
  }

  setHandler(
    withdrawUpdate,
    ({ actor, reason }) =>
      decide(async () => {
        check(run.validateWithdraw(actor));
        await perform(run.withdraw(actor, reason, Date.now()), undefined, true);
        return answer(run.reply(null));
      }),
    { validator: ({ actor }) => validateNow(() => run.validateWithdraw(actor)) },
  );

  setHandler(roundSignal, (message) => {
    if (submitted) void decide(() => perform(run.receive(message, Date.now())));
  });

  await condition(() => submitted);
  await condition(() => (refused !== null || run.closed || !!run.failure) && pending === 0);
  await condition(allHandlersFinished);
  if (refused) return { status: 'REFUSED', reason: refused };
  if (run.failure) throw ApplicationFailure.create({ message: run.failure, nonRetryable: true });
  return { status: run.status };
}

const notYet: Refusal = { type: 'CONFLICT', message: 'the application is not taken in yet' };
