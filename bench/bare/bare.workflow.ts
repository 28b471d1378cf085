// Bare Temporal workflows with the engine's shape and none of its work, to measure what the
// engine adds on top of Temporal itself (bench/lifecycle.bench.mjs, bench/burst.bench.mjs).
// The same number of Updates, one activity per transition (remote or local where the engine's
// is), the same timers and payloads of the same size as the engine's histories show; no API,
// no database.
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  defineUpdate,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';

/** One Update of the lifecycle: how many activities and local activities it runs, timers it starts. */
export interface BareStep {
  /** Absent in shapes taken before the engine's steps wrote through an activity. */
  activities?: number;
  localActivities: number;
  timers: number;
}

export interface BareLifecycleInput {
  steps: BareStep[];
  /** Pads the input to the size of the engine's workflow input. */
  padding: string;
  /** Size of each local activity's result (the engine's transition results). */
  resultBytes: number;
}

export interface BareStepRequest {
  index: number;
  /** Pads the request to the size of the engine's Update arguments. */
  padding: string;
}

export interface BareReply {
  index: number;
  status: string;
}

export interface BareActivities {
  transition(input: { seq: number; padding: string; resultBytes: number }): Promise<string>;
}

export const bareStepUpdate = defineUpdate<BareReply, [BareStepRequest]>('bareStep');
export const bareSubmitUpdate = defineUpdate<string, [string]>('bareSubmit');

// The engine's activity options.
const OPTIONS = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '30 seconds' },
} as const;
const { transition } = proxyLocalActivities<BareActivities>(OPTIONS);
const remote = proxyActivities<BareActivities>(OPTIONS);

/** The lifecycle: its Updates in order, each answered once its local activities are done. */
export async function bareLifecycleWorkflow(input: BareLifecycleInput): Promise<number> {
  let next = 0;
  let seq = 0;
  setHandler(
    bareStepUpdate,
    async ({ index }) => {
      const step = input.steps[index];
      next = index + 1;
      for (let i = 0; i < (step.activities ?? 0); i++)
        await remote.transition({
          seq: ++seq,
          padding: input.padding.slice(0, input.resultBytes),
          resultBytes: input.resultBytes,
        });
      for (let i = 0; i < step.localActivities; i++)
        await transition({
          seq: ++seq,
          padding: input.padding.slice(0, input.resultBytes),
          resultBytes: input.resultBytes,
        });
      for (let i = 0; i < step.timers; i++) void sleep('30 days');
      return { index, status: next === input.steps.length ? 'COMPLETED' : 'IN_REVIEW' };
    },
    {
      validator: ({ index }) => {
        if (index !== next)
          throw ApplicationFailure.create({
            type: 'CONFLICT',
            message: `step ${index} is not next`,
            nonRetryable: true,
          });
      },
    },
  );
  await condition(() => next === input.steps.length);
  await condition(allHandlersFinished);
  return seq;
}

/** A trivial workflow started by update-with-start: the bare rate of starting workflows. */
export async function bareTrivialWorkflow(): Promise<void> {
  let taken = false;
  setHandler(bareSubmitUpdate, (x) => {
    taken = true;
    return x;
  });
  await condition(() => taken);
}
