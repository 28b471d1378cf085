import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { temporal } from '@temporalio/proto';
import { TemporalClientProvider } from '@codev/temporal';
import { WorkerPresenceCheck } from './worker-presence.check';

const RPC_TIMEOUT_MS = 3_000;

/**
 * Temporal's own health: the frontend answers, and a worker polls our task queue — a worker
 * that is alive now. Temporal lists a task queue's pollers for about a minute after their
 * worker died, so a poller alone is not proof; each live worker process also holds a PostgreSQL
 * session of its own (WorkerPresenceCheck), gone the moment the process is.
 */
@Injectable()
export class TemporalHealthIndicator {
  constructor(
    private readonly temporal: TemporalClientProvider,
    private readonly health: HealthIndicatorService,
    private readonly presence: WorkerPresenceCheck,
  ) {}

  async server() {
    const check = this.health.check('temporal');
    try {
      const { connection } = this.temporal;
      await connection.withDeadline(Date.now() + RPC_TIMEOUT_MS, () =>
        connection.workflowService.getSystemInfo({}),
      );
      return check.up({ namespace: this.temporal.namespace });
    } catch (e) {
      return check.down({ message: e instanceof Error ? e.message : 'unreachable' });
    }
  }

  async worker() {
    const check = this.health.check('worker');
    const taskQueue = this.temporal.taskQueue;
    const [pollers, processes] = await Promise.all([
      this.pollers().then(
        (n) => ({ n }),
        (e: unknown) => ({ error: e instanceof Error ? e.message : 'Temporal unreachable' }),
      ),
      withTimeout(this.presence.count(this.temporal.namespace, taskQueue), RPC_TIMEOUT_MS).then(
        (n) => ({ n }),
        (e: unknown) => ({ error: e instanceof Error ? e.message : 'PostgreSQL unreachable' }),
      ),
    ]);
    if ('error' in pollers) return check.down({ taskQueue, message: pollers.error });
    if (pollers.n === 0)
      return check.down({ taskQueue, message: 'no worker is polling the task queue' });
    if ('error' in processes)
      return check.down({
        taskQueue,
        message: `cannot tell whether a worker process is alive: ${processes.error}`,
      });
    if (processes.n === 0)
      return check.down({
        taskQueue,
        pollers: pollers.n,
        message:
          'no worker process is running (the pollers Temporal lists are of a worker that ' +
          'stopped in the last minute)',
      });
    return check.up({ taskQueue, pollers: pollers.n, processes: processes.n });
  }

  private async pollers(): Promise<number> {
    const { connection } = this.temporal;
    const response = await connection.withDeadline(Date.now() + RPC_TIMEOUT_MS, () =>
      connection.workflowService.describeTaskQueue({
        namespace: this.temporal.namespace,
        taskQueue: {
          name: this.temporal.taskQueue,
          kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL,
        },
        taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
      }),
    );
    return response.pollers?.length ?? 0;
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
