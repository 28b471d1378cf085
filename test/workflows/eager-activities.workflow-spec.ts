import { applicationWorkflowId } from '@codev/engine';
import { TemporalClientProvider } from '@codev/temporal';
import {
  act,
  BOOT_TIMEOUT,
  bootWorld,
  member,
  programme,
  publish,
  read,
  sleep,
  STATE,
  submit,
  World,
} from './support';

// Every server the project starts has eager activity dispatch on
// (scripts/lib/temporal-dynamic-config.cjs): a step's transition activity comes back in the
// answer to the workflow task that scheduled it instead of through matching. The server counts
// each such dispatch per task queue; this suite's task queue is its own, so the count is this
// suite's activities and nothing else's.

let w: World;
let taskQueue: string;
beforeAll(async () => {
  w = await bootWorld();
  taskQueue = process.env.TEMPORAL_TASK_QUEUE!;
  await publish(
    w,
    programme('eager-review', [
      { id: 'eligibility', name: 'Eligibility', kind: 'CHECK' },
      { id: 'state-review', name: 'State review', kind: 'REVIEW', reviewer: 'state' },
    ]),
  );
}, BOOT_TIMEOUT);
afterAll(() => w?.stack.close());

/** The server's count of eagerly dispatched activities on this suite's task queue. */
async function eagerDispatches(): Promise<number> {
  const text = await (await fetch(process.env.TEMPORAL_METRICS_URL!)).text();
  return (
    text
      .split('\n')
      .filter((line) => line.startsWith('activity_eager_execution'))
      // Prometheus names allow no dashes: the server writes the queue's with underscores.
      .filter((line) => line.includes(`taskqueue="${taskQueue.replace(/-/g, '_')}"`))
      .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0)
  );
}

describe('eager activity dispatch', () => {
  it("dispatches every activity of an application's steps with the task that scheduled it", async () => {
    const before = await eagerDispatches();
    const id = await submit(w, 'eager-review');
    await act(
      w,
      'decideReview',
      { applicationId: id, stageId: 'state-review', decision: 'APPROVE', reason: 'complete' },
      member(w, STATE),
    );
    expect((await read(w, id)).status).toBe('COMPLETED');

    const history = await w.stack.app
      .get(TemporalClientProvider)
      .client.workflow.getHandle(applicationWorkflowId(id))
      .fetchHistory();
    const scheduled = (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes);
    // The review decision's transition (the submission's is local: nothing else can be in
    // the workflow's first task).
    expect(scheduled.length).toBeGreaterThanOrEqual(1);
    // The server's metrics reach the endpoint at its next report (about a second).
    let dispatched = 0;
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(250)) {
      dispatched = (await eagerDispatches()) - before;
      if (dispatched >= scheduled.length) break;
    }
    expect(dispatched).toBe(scheduled.length);
  });
});
