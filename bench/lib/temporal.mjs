// The bench's own Temporal side: a client, the bare worker (bench/bare/bare.workflow.ts, bundled
// and run in the bench process on a task queue of its own, with the engine worker's capacity
// settings), and the shape of a workflow's history (Updates, local activities, timers, payloads).
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { root } from './stack.mjs';

const require = createRequire(import.meta.url);
const { Client, Connection } = require('@temporalio/client');
const {
  bundleWorkflowCode,
  DefaultLogger,
  NativeConnection,
  Runtime,
  Worker,
} = require('@temporalio/worker');

let runtimeInstalled = false;
function quietRuntime() {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}

const tlsOptions = () => {
  const apiKey = process.env.TEMPORAL_API_KEY;
  const tls = apiKey || ['1', 'true'].includes(process.env.TEMPORAL_TLS ?? '') ? true : undefined;
  return { ...(tls ? { tls } : {}), ...(apiKey ? { apiKey } : {}) };
};

export async function temporalClient(stack) {
  const connection = await Connection.connect({ address: stack.temporalAddress, ...tlsOptions() });
  return {
    client: new Client({ connection, namespace: stack.namespace }),
    close: () => connection.close(),
  };
}

/**
 * The engine worker's capacity settings, read and validated by the engine's own config class
 * (dist/), so the bare worker runs with exactly what the engine worker runs with.
 */
export function engineWorkerCapacity(env = process.env) {
  const { AppConfig, validateConfig } = require(join(root, 'dist/libs/config/src/app-config.js'));
  const c = validateConfig(AppConfig, {
    ...env,
    DATABASE_URL: 'postgres://bench',
    TEMPORAL_ADDRESS: 'bench:1',
  });
  return {
    maxConcurrentWorkflowTaskExecutions: c.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    maxConcurrentLocalActivityExecutions: c.WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES,
    maxCachedWorkflows: c.WORKER_MAX_CACHED_WORKFLOWS,
  };
}

/** Bundles and runs the bare workflows on a task queue of their own, in this process. */
export async function startBareWorker(stack, capacity = engineWorkerCapacity()) {
  quietRuntime();
  const silent = {
    trace() {},
    debug() {},
    info() {},
    log() {},
    warn: (m) => console.warn(m),
    error: (m) => console.error(m),
  };
  const bundle = await bundleWorkflowCode({
    workflowsPath: join(root, 'bench/bare/bare.workflow.ts'),
    logger: silent,
  });
  const connection = await NativeConnection.connect({
    address: stack.temporalAddress,
    ...tlsOptions(),
  });
  const taskQueue = `bench-bare-${randomBytes(4).toString('hex')}`;
  const worker = await Worker.create({
    connection,
    namespace: stack.namespace,
    taskQueue,
    workflowBundle: bundle,
    activities: { transition: async ({ resultBytes }) => 'r'.repeat(resultBytes) },
    ...capacity,
  });
  const running = worker.run();
  return {
    taskQueue,
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}

const payloadBytes = (payloads) =>
  (payloads?.payloads ?? []).reduce(
    (t, p) =>
      t +
      (p.data?.length ?? 0) +
      Object.values(p.metadata ?? {}).reduce((m, v) => m + (v?.length ?? 0), 0),
    0,
  );

/**
 * What a workflow's history shows it did: its Updates in order, with the activities, local
 * activities (markers) and timers each started, the workflow tasks, and the sizes of its payloads.
 * Events outside any Update (a timer firing, a signal's transition) are counted apart.
 */
export function historyShape(history) {
  const steps = [];
  let current = null;
  const outside = { activities: 0, localActivities: 0, timers: 0 };
  const shape = {
    steps,
    outside,
    workflowTasks: 0,
    activities: 0,
    patches: 0,
    signals: 0,
    inputBytes: 0,
    updateArgBytes: [],
    resultBytes: [],
    events: history.events.length,
  };
  for (const e of history.events) {
    if (e.workflowExecutionStartedEventAttributes)
      shape.inputBytes = payloadBytes(e.workflowExecutionStartedEventAttributes.input);
    else if (e.workflowTaskCompletedEventAttributes) shape.workflowTasks++;
    else if (e.activityTaskScheduledEventAttributes) {
      shape.activities++;
      (current ?? outside).activities++;
    } else if (e.workflowExecutionSignaledEventAttributes) shape.signals++;
    else if (e.workflowExecutionUpdateAcceptedEventAttributes) {
      current = { activities: 0, localActivities: 0, timers: 0 };
      steps.push(current);
      shape.updateArgBytes.push(
        payloadBytes(e.workflowExecutionUpdateAcceptedEventAttributes.acceptedRequest?.input?.args),
      );
    } else if (e.workflowExecutionUpdateCompletedEventAttributes) current = null;
    // A patch marker (`patched()`) is a marker too, but no work: only local activities count.
    else if (e.markerRecordedEventAttributes?.markerName === 'core_patch') shape.patches++;
    else if (e.markerRecordedEventAttributes) {
      (current ?? outside).localActivities++;
      shape.resultBytes.push(payloadBytes(e.markerRecordedEventAttributes.details?.data));
    } else if (e.timerStartedEventAttributes) (current ?? outside).timers++;
  }
  const avg = (xs) => (xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : 0);
  shape.updates = steps.length;
  shape.localActivities =
    steps.reduce((t, s) => t + s.localActivities, 0) + outside.localActivities;
  shape.timers = steps.reduce((t, s) => t + s.timers, 0) + outside.timers;
  shape.avgUpdateArgBytes = avg(shape.updateArgBytes);
  shape.avgResultBytes = avg(shape.resultBytes);
  return shape;
}

export const describeShape = (s) =>
  `${s.updates} Updates, ${s.localActivities} local activities, ${s.activities} activities, ${s.timers} timers, ` +
  `${s.workflowTasks} workflow tasks, ${s.events} events; input ${(s.inputBytes / 1024).toFixed(1)} KiB, ` +
  `Update args ~${s.avgUpdateArgBytes} B, local activity results ~${s.avgResultBytes} B`;

export async function fetchShape(client, workflowId) {
  return historyShape(await client.workflow.getHandle(workflowId).fetchHistory());
}
