import { workerPresenceName } from '@codev/temporal';
import { startTestStack, TestStack } from '../support/test-stack';
import {
  killAllWorkers,
  prepareWorkflowBundle,
  spawnWorker,
  WorkerProcess,
} from '../support/worker-process';

/**
 * /health sees a dead worker at once. The worker is an OS process of its own (the real
 * apps/worker/src/main.ts), killed with SIGKILL: Temporal still lists its pollers for about a
 * minute, but its PostgreSQL presence session ends with the process, and /health says so within
 * a couple of seconds. Then another worker starts and /health is green again.
 */
let stack: TestStack;
let bundle: { path: string; remove(): void };

type Indicator = { status: string; message?: string; pollers?: number; processes?: number };
type HealthBody = { info?: Record<string, Indicator>; error?: Record<string, Indicator> };
type Health = { status: number; body: HealthBody; worker?: Indicator };

async function health(): Promise<Health> {
  const res = await fetch(`${stack.url}/health`);
  const body = (await res.json()) as HealthBody;
  return { status: res.status, body, worker: body.info?.worker ?? body.error?.worker };
}

/** Asks /health until `done` holds; fails with the last answer after `timeoutMs`. */
async function healthUntil(
  done: (h: Health) => boolean,
  timeoutMs: number,
): Promise<Health & { ms: number }> {
  const started = Date.now();
  let last: Health | undefined;
  while (Date.now() - started < timeoutMs) {
    last = await health();
    if (done(last)) return { ...last, ms: Date.now() - started };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `/health not as expected after ${timeoutMs} ms; last: ${last?.status} ${JSON.stringify(last?.body)}`,
  );
}

/** application_name of every session on the stack's database. */
async function sessions(): Promise<string[]> {
  const rows: { application_name: string }[] = await stack.db.dataSource.query(
    `SELECT application_name FROM pg_stat_activity WHERE datname = current_database()`,
  );
  return rows.map((r) => r.application_name);
}

const up = (h: Health) => h.status === 200 && h.worker?.status === 'up';
const down = (h: Health) => h.status === 503 && h.worker?.status === 'down';

beforeAll(async () => {
  [stack, bundle] = await Promise.all([startTestStack(), prepareWorkflowBundle()]);
}, 120_000);

afterAll(async () => {
  await killAllWorkers();
  await stack?.close();
  bundle?.remove();
});

describe('/health and a worker process', () => {
  let first: WorkerProcess;

  it('is down with no worker, and up once a worker process polls and is connected', async () => {
    expect((await health()).worker).toMatchObject({
      status: 'down',
      message: 'no worker is polling the task queue',
    });
    first = spawnWorker({ bundlePath: bundle.path });
    await first.ready;
    const h = await healthUntil(up, 15_000);
    expect(h.worker).toMatchObject({ pollers: expect.any(Number), processes: 1 });
    const name = workerPresenceName('default', process.env.TEMPORAL_TASK_QUEUE!, first.pid);
    expect(name).toBe(`codev-worker:${process.env.TEMPORAL_TASK_QUEUE}:${first.pid}`);
    expect(await sessions()).toContain(name);
  }, 60_000);

  it('is down within a couple of seconds of the worker being SIGKILLed, while Temporal still lists its poller', async () => {
    const killedAt = Date.now();
    await first.kill();
    const h = await healthUntil(down, 5_000);
    expect(Date.now() - killedAt).toBeLessThan(3_000);
    // What /health used to read alone: Temporal still shows the dead worker's poller.
    expect(h.worker).toMatchObject({
      status: 'down',
      pollers: expect.any(Number),
      message: expect.stringContaining('no worker process is running'),
    });
    expect(h.worker!.pollers).toBeGreaterThan(0);
    expect((await sessions()).some((n) => n.endsWith(`:${first.pid}`))).toBe(false);
  }, 30_000);

  it('is up again once another worker process runs', async () => {
    const second = spawnWorker({ bundlePath: bundle.path });
    await second.ready;
    const h = await healthUntil(up, 15_000);
    expect(h.worker).toMatchObject({ processes: 1 });
    expect(await sessions()).toContain(
      workerPresenceName('default', process.env.TEMPORAL_TASK_QUEUE!, second.pid),
    );

    // A presence session lost while the worker lives (PostgreSQL ended it) comes back by itself.
    const backend = async (): Promise<number | undefined> => {
      const rows: { pid: number }[] = await stack.db.dataSource.query(
        `SELECT pid FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = $1`,
        [workerPresenceName('default', process.env.TEMPORAL_TASK_QUEUE!, second.pid)],
      );
      return rows[0]?.pid;
    };
    const ended = await backend();
    await stack.db.dataSource.query('SELECT pg_terminate_backend($1)', [ended]);
    const deadline = Date.now() + 10_000;
    let again = await backend();
    while ((again === undefined || again === ended) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      again = await backend();
    }
    expect(again).toEqual(expect.any(Number));
    expect(again).not.toBe(ended);
    await healthUntil(up, 5_000);

    // A graceful stop (SIGTERM: the worker drains, then closes) is seen too.
    await second.stop();
    await healthUntil(down, 5_000);
  }, 60_000);

  it('counts a worker hosted in the test process as the suites run it (test-stack startWorker)', async () => {
    await stack.startWorker();
    expect((await healthUntil(up, 15_000)).worker).toMatchObject({ processes: 1 });
    await stack.stopWorker();
    expect((await healthUntil(down, 5_000)).worker).toMatchObject({
      message: expect.stringContaining('no worker process is running'),
    });
  }, 60_000);
});
